/** The document's local paint styles and variables, faked as `getLocalPaintStylesAsync` and `figma.variables` read them. */
import type { PaintLike } from './paints';

type FakeVariableValue = { r: number; g: number; b: number; a?: number } | { type: 'VARIABLE_ALIAS'; id: string } | string | number | boolean;

export function createLocalStyles() {
  const paintStyles: Array<{ id: string; name: string; paints: PaintLike[] }> = [];
  // Local variables: one collection per name, each with its modes (the first is the default).
  const collections = new Map<string, { id: string; name: string; defaultModeId: string; modes: Array<{ modeId: string; name: string }> }>();
  const variables = new Map<string, { id: string; name: string; resolvedType: string; variableCollectionId: string; valuesByMode: Record<string, FakeVariableValue> }>();
  return {
    /** Local paint styles, as `getLocalPaintStylesAsync` returns them. */
    getLocalPaintStylesAsync: async () => paintStyles.map((s) => ({ ...s })),
    /** The part of `figma.variables` that reads local variables. */
    variables: {
      getLocalVariablesAsync: async (type?: string) => [...variables.values()].filter((v) => !type || v.resolvedType === type).map((v) => structuredClone(v)),
      getVariableByIdAsync: async (id: string) => structuredClone(variables.get(id) ?? null),
      getVariableCollectionByIdAsync: async (id: string) => structuredClone([...collections.values()].find((c) => c.id === id) ?? null),
    },
    /** Adds a local colour style (a solid paint), as the document's Colour styles panel would. */
    addPaintStyle(name: string, color: { r: number; g: number; b: number }) {
      paintStyles.push({ id: `S:${paintStyles.length + 1}`, name, paints: [{ type: 'SOLID', color }] });
    },
    /**
     * Adds a local variable in collection `collection` (created with modes `modes` on first use, the first one its
     * default). `values` holds one value per mode name: a colour, or `{ alias: variableId }`. Returns its id.
     */
    addVariable(collection: string, name: string, values: Record<string, FakeVariableValue | { alias: string }>, modes = Object.keys(values)): string {
      let c = collections.get(collection);
      if (!c) {
        const id = `VariableCollectionId:${collections.size + 1}`;
        c = { id, name: collection, defaultModeId: `${id}/0`, modes: modes.map((m, i) => ({ modeId: `${id}/${i}`, name: m })) };
        collections.set(collection, c);
      }
      const valuesByMode: Record<string, FakeVariableValue> = {};
      for (const [mode, value] of Object.entries(values)) {
        const modeId = c.modes.find((m) => m.name === mode)?.modeId;
        if (!modeId) throw new Error(`collection ${collection} has no mode ${mode}`);
        valuesByMode[modeId] = typeof value === 'object' && 'alias' in value ? { type: 'VARIABLE_ALIAS', id: value.alias } : value;
      }
      const first = Object.values(values)[0];
      const resolvedType = typeof first === 'string' ? 'STRING' : typeof first === 'number' ? 'FLOAT' : typeof first === 'boolean' ? 'BOOLEAN' : 'COLOR';
      const id = `VariableID:${variables.size + 1}`;
      variables.set(id, { id, name, resolvedType, variableCollectionId: c.id, valuesByMode });
      return id;
    },
  };
}
