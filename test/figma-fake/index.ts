/**
 * A fake `figma` global with the behaviour Figment's main thread relies on, typed against @figma/plugin-typings at
 * its boundary. No Node APIs: the same code runs under vitest and inside the Chromium host emulator.
 */
import type { MainToUi, UiToMain } from '../../contract/messages';
import { ImageStore } from './images';
import { FakeNode, type PaintLike } from './nodes';

export { FakeNode } from './nodes';
export type { PaintLike } from './nodes';

/** Where `figma.showUI` puts the UI and how messages reach it. */
export interface UiTransport {
  open(html: string, options: ShowUIOptions | undefined): void;
  postToUi(message: unknown): void;
  close(): void;
  resize?(width: number, height: number): void;
}

/** For node tests: messages to the UI are only recorded. */
export function createMemoryTransport(): UiTransport & { opened: { html: string; options?: ShowUIOptions }[]; sent: unknown[] } {
  const t = {
    opened: [] as { html: string; options?: ShowUIOptions }[],
    sent: [] as unknown[],
    open(html: string, options?: ShowUIOptions) {
      t.opened.push({ html, ...(options ? { options } : {}) });
    },
    postToUi(message: unknown) {
      t.sent.push(message);
    },
    close() {},
  };
  return t;
}

export interface FakeFigmaOptions {
  transport?: UiTransport;
  clientStorage?: Map<string, unknown>;
  /** `figma.command`, e.g. 'refine' when started from a relaunch button. */
  command?: string;
}

type Handler = (...args: unknown[]) => unknown;

export function createFakeFigma(options: FakeFigmaOptions = {}) {
  const transport = options.transport ?? createMemoryTransport();
  const storage = options.clientStorage ?? new Map<string, unknown>();
  const images = new ImageStore();
  const nodes = new Map<string, FakeNode>();
  const handlers = new Map<string, Set<Handler>>();
  const uiHandlers = new Set<Handler>();
  let onmessage: Handler | undefined;
  const sentToUi: MainToUi[] = [];
  const notifications: { message: string; error?: boolean }[] = [];
  /** Every `figma.ui.resize`, in order. */
  const windowSizes: { width: number; height: number }[] = [];
  const counters = { undoCommits: 0, closed: false };
  const viewport = { center: { x: 0, y: 0 }, zoom: 1 };
  const mixed = Symbol('figma.mixed');

  /** The plugin's code stops running: nothing it registered hears from Figma any more. */
  const stopCode = () => {
    handlers.clear();
    uiHandlers.clear();
    onmessage = undefined;
  };

  const register = (node: FakeNode) => {
    nodes.set(node.id, node);
    return node;
  };
  const emit = (event: string, ...args: unknown[]) => {
    for (const h of handlers.get(event) ?? []) h(...args);
  };

  const page = register(new FakeNode('PAGE', { name: 'Page 1' }, images));
  let selection: FakeNode[] = [];
  Object.defineProperty(page, 'selection', {
    get: () => selection.filter((n) => !n.removed),
    set: (value: FakeNode[]) => {
      selection = [...value];
      emit('selectionchange');
    },
  });

  // The document: plugin data on it is per file (e.g. the style lock).
  const root = new FakeNode('DOCUMENT', { name: 'Document' }, images);
  root.children.push(page);
  const paintStyles: Array<{ id: string; name: string; paints: PaintLike[] }> = [];
  // Local variables: one collection per name, each with its modes (the first is the default).
  type FakeVariableValue = { r: number; g: number; b: number; a?: number } | { type: 'VARIABLE_ALIAS'; id: string } | string | number | boolean;
  const collections = new Map<string, { id: string; name: string; defaultModeId: string; modes: Array<{ modeId: string; name: string }> }>();
  const variables = new Map<string, { id: string; name: string; resolvedType: string; variableCollectionId: string; valuesByMode: Record<string, FakeVariableValue> }>();

  const createNode = (type: string, props: ConstructorParameters<typeof FakeNode>[1] = {}, parent: FakeNode = page): FakeNode => {
    const node = register(new FakeNode(type, props, images));
    parent.appendChild(node);
    return node;
  };

  const figma = {
    mixed,
    /** The menu or relaunch command the plugin was started with ('' for the plain run). */
    command: options.command ?? '',
    currentPage: page,
    root,
    /** Local paint styles, as `getLocalPaintStylesAsync` returns them. */
    getLocalPaintStylesAsync: async () => paintStyles.map((s) => ({ ...s })),
    /** The part of `figma.variables` that reads local variables. */
    variables: {
      getLocalVariablesAsync: async (type?: string) => [...variables.values()].filter((v) => !type || v.resolvedType === type).map((v) => structuredClone(v)),
      getVariableByIdAsync: async (id: string) => structuredClone(variables.get(id) ?? null),
      getVariableCollectionByIdAsync: async (id: string) => structuredClone([...collections.values()].find((c) => c.id === id) ?? null),
    },
    viewport,
    showUI(html: string, opts?: ShowUIOptions) {
      transport.open(html, opts);
    },
    ui: {
      postMessage(message: MainToUi) {
        sentToUi.push(structuredClone(message));
        transport.postToUi(message);
      },
      set onmessage(handler: Handler | undefined) {
        onmessage = handler;
      },
      get onmessage() {
        return onmessage;
      },
      on(event: string, handler: Handler) {
        if (event === 'message') uiHandlers.add(handler);
      },
      off(event: string, handler: Handler) {
        if (event === 'message') uiHandlers.delete(handler);
      },
      resize(width: number, height: number) {
        windowSizes.push({ width, height });
        transport.resize?.(width, height);
      },
      close() {
        transport.close();
      },
    },
    on(event: string, handler: Handler) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
    },
    clientStorage: {
      getAsync: async (key: string) => (storage.has(key) ? structuredClone(storage.get(key)) : undefined),
      setAsync: async (key: string, value: unknown) => {
        storage.set(key, structuredClone(value));
      },
      deleteAsync: async (key: string) => {
        storage.delete(key);
      },
      keysAsync: async () => [...storage.keys()],
    },
    getNodeByIdAsync: async (id: string) => {
      const node = nodes.get(id);
      return node && !node.removed ? node : null;
    },
    createImage: (bytes: Uint8Array) => images.create(bytes),
    getImageByHash: (hash: string) => images.get(hash),
    createFrame: () => register(new FakeNode('FRAME', { name: 'Frame', fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] }, images)),
    createRectangle: () => register(new FakeNode('RECTANGLE', { name: 'Rectangle' }, images)),
    commitUndo: () => {
      counters.undoCommits++;
    },
    notify: (message: string, opts?: NotificationOptions) => {
      notifications.push({ message, ...(opts?.error ? { error: true } : {}) });
      return { cancel: () => undefined };
    },
    closePlugin: () => {
      counters.closed = true;
      stopCode();
      transport.close();
    },
    parameters: {
      on(event: string, handler: Handler) {
        if (!handlers.has(`parameters:${event}`)) handlers.set(`parameters:${event}`, new Set());
        handlers.get(`parameters:${event}`)!.add(handler);
      },
      off(event: string, handler: Handler) {
        handlers.get(`parameters:${event}`)?.delete(handler);
      },
    },
  };

  return {
    /** Install as the global: `globalThis.figma = fake.figma as unknown as PluginAPI`. */
    figma,
    page,
    root,
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
      const modeIds = c.modes;
      const valuesByMode: Record<string, FakeVariableValue> = {};
      for (const [mode, value] of Object.entries(values)) {
        const modeId = modeIds.find((m) => m.name === mode)?.modeId;
        if (!modeId) throw new Error(`collection ${collection} has no mode ${mode}`);
        valuesByMode[modeId] = typeof value === 'object' && 'alias' in value ? { type: 'VARIABLE_ALIAS', id: value.alias } : value;
      }
      const first = Object.values(values)[0];
      const resolvedType = typeof first === 'string' ? 'STRING' : typeof first === 'number' ? 'FLOAT' : typeof first === 'boolean' ? 'BOOLEAN' : 'COLOR';
      const id = `VariableID:${variables.size + 1}`;
      variables.set(id, { id, name, resolvedType, variableCollectionId: c.id, valuesByMode });
      return id;
    },
    images,
    sentToUi,
    notifications,
    windowSizes,
    get undoCommits() {
      return counters.undoCommits;
    },
    createNode,
    createFrame: (props: ConstructorParameters<typeof FakeNode>[1] = {}) => createNode('FRAME', props),
    select(ids: string[]) {
      (page as unknown as { selection: FakeNode[] }).selection = ids.map((id) => nodes.get(id)!).filter(Boolean);
    },
    node: (id: string) => nodes.get(id),
    get closed() {
      return counters.closed;
    },
    /**
     * Readies a fresh run of the plugin on the same document, as when the file is closed and opened again: the
     * document, its plugin data and images and the client storage stay; the last run's handlers are gone. Load the
     * plugin code again, then `run()`.
     */
    relaunch(command = '') {
      if (!counters.closed) transport.close();
      stopCode();
      counters.closed = false;
      figma.command = command;
    },
    /**
     * Starts the plugin as Figma does once it has loaded: 'run', with Quick Actions parameters when given. Resolves
     * when the plugin's run handlers have finished (they may await clientStorage before showing the UI).
     */
    async run(parameters?: Record<string, string>) {
      const event = { command: figma.command, ...(parameters ? { parameters } : {}) };
      await Promise.all([...(handlers.get('run') ?? [])].map((h) => h(event)));
    },
    /** Types into the Quick Actions parameter box; returns the suggestions the plugin offered. */
    parameterInput(key: string, query: string): string[] {
      const suggestions: string[] = [];
      const result = { setSuggestions: (s: string[]) => suggestions.splice(0, suggestions.length, ...s), setError: () => undefined, setLoadingMessage: () => undefined };
      emit('parameters:input', { key, query, parameters: {}, result });
      return suggestions;
    },
    /** Hands a UI message to the plugin as Figma does, and waits for its handlers to finish. */
    async receiveFromUi(message: UiToMain) {
      const props = { origin: 'null' };
      await Promise.all([onmessage?.(message, props), ...[...uiHandlers].map((h) => h(message, props))]);
    },
  };
}

export type FakeFigma = ReturnType<typeof createFakeFigma>;

/** The fills of a node as plain JSON (what tests compare). */
export function fillsOf(node: FakeNode): PaintLike[] {
  return node.hasFills() ? node.fills.map((p) => ({ ...p })) : [];
}
