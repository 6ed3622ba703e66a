/**
 * What the design says about the images it wants: the text inside a frame (exact copy to render), the file's
 * style lock (kept in the document's plugin data, so the whole team's batches look like one family), and the
 * document's colour styles and colour variables to feed the palette.
 */
import { EMPTY_STYLE, type StyleLock } from '../core/prompt';
import { readRecord, writeRecord } from './document-data';

/** The style lock's key in the `figment` namespace; STYLE_KEY is where versions before it kept it privately. */
export const STYLE_RECORD = 'style';
export const STYLE_KEY = 'figment.style';
const MAX_TEXTS = 12;
const MAX_TEXT_CHARS = 300;

/** The characters of the text layers inside a node, in document order. */
export function textInside(node: SceneNode): string[] {
  if (!('findAllWithCriteria' in node)) return [];
  return node
    .findAllWithCriteria({ types: ['TEXT'] })
    .filter((t) => t.visible !== false)
    .map((t) => t.characters.trim().slice(0, MAX_TEXT_CHARS))
    .filter(Boolean)
    .slice(0, MAX_TEXTS);
}

export function normalizeStyle(value: unknown): StyleLock {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (k: keyof StyleLock) => (typeof v[k] === 'string' ? (v[k] as string).slice(0, 500) : '');
  return { enabled: v.enabled === true, palette: text('palette'), lighting: text('lighting'), mood: text('mood'), medium: text('medium') };
}

export function loadStyle(): StyleLock {
  const raw = readRecord(figma.root, STYLE_RECORD, STYLE_KEY);
  if (!raw) return EMPTY_STYLE;
  try {
    return normalizeStyle(JSON.parse(raw));
  } catch {
    return EMPTY_STYLE;
  }
}

export function saveStyle(style: StyleLock): StyleLock {
  const clean = normalizeStyle(style);
  writeRecord(figma.root, STYLE_RECORD, JSON.stringify(clean));
  return clean;
}

const hex = (c: RGB) => `#${[c.r, c.g, c.b].map((x) => Math.round(x * 255).toString(16).padStart(2, '0')).join('')}`;

const MAX_COLORS = 32;

/** A colour variable's value in its collection's default mode, following aliases a few steps. */
async function variableColor(v: Variable, depth = 0): Promise<RGB | null> {
  const collection = await figma.variables.getVariableCollectionByIdAsync(v.variableCollectionId);
  const value = collection ? v.valuesByMode[collection.defaultModeId] : undefined;
  if (typeof value !== 'object') return null;
  if ('r' in value) return value;
  if (!('type' in value) || value.type !== 'VARIABLE_ALIAS' || depth > 3) return null;
  const target = await figma.variables.getVariableByIdAsync(value.id);
  return target ? variableColor(target, depth + 1) : null;
}

/** "Name #rrggbb" for each solid local colour style, then each local colour variable, without repeats. */
export async function documentColors(): Promise<string[]> {
  const styles = (await figma.getLocalPaintStylesAsync()).map((s) => [s.name, s.paints.find((p): p is SolidPaint => p.type === 'SOLID')?.color] as const);
  const vars = await Promise.all((await figma.variables.getLocalVariablesAsync('COLOR')).map(async (v) => [v.name, await variableColor(v)] as const));
  const named = [...styles, ...vars].flatMap(([name, c]) => (c ? [`${name} ${hex(c)}`] : []));
  return [...new Set(named)].slice(0, MAX_COLORS);
}
