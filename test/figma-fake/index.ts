/**
 * A fake `figma` global with the behaviour Figment's main thread relies on, typed against @figma/plugin-typings at
 * its boundary. No Node APIs: the same code runs under vitest and inside the Chromium host emulator.
 */
import type { MainToUi, UiToMain } from '../../contract/messages';
import { createClientStorage } from './client-storage';
import { createLocalStyles } from './local-styles';
import { ImageStore } from './images';
import type { PluginManifest } from './manifest';
import { FakeNode, type FakeContext, type FakeNodeProps, type PaintLike } from './nodes';
import { UndoHistory } from './undo';

export { FakeNode } from './nodes';
export type { FakeNodeProps, PaintLike } from './nodes';

/** Properties that test tooling probes on any object (printing, awaiting, matching); absent, never "not implemented". */
const INSPECTED = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', 'Symbol(Symbol.toStringTag)']);

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

/** A notice as `figma.notify` showed it (`button`: the text of its action button). */
export interface FakeNotification {
  message: string;
  error?: boolean;
  button?: string;
}

export interface FakeFigmaOptions {
  transport?: UiTransport;
  clientStorage?: Map<string, unknown>;
  /** `figma.command`, e.g. 'refine' when started from a relaunch button. */
  command?: string;
  /** The plugin's manifest.json (its relaunch buttons decide which relaunch data Figma shows). */
  manifest?: PluginManifest;
  /** The running plugin's id (publishing assigns a new one); defaults to the manifest's. */
  pluginId?: string;
  /** Font families this machine lacks: loading them rejects, as Figma's loadFontAsync does for a missing font. */
  missingFonts?: string[];
}

type Handler = (...args: unknown[]) => unknown;

/** Events the fake delivers; Figma's other events (documentchange, drop, ...) are not implemented. */
const EVENTS = new Set(['run', 'selectionchange', 'currentpagechange', 'close', 'drop']);
/** Typings, DropEvent: a drop lands on a node that can be a parent of another node (else on the page). */
const DROP_PARENTS = new Set(['FRAME', 'GROUP', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'SECTION']);

export function createFakeFigma(options: FakeFigmaOptions = {}) {
  const transport = options.transport ?? createMemoryTransport();
  const storage = options.clientStorage ?? new Map<string, unknown>();
  const manifest = options.manifest;
  const images = new ImageStore();
  const nodes = new Map<string, FakeNode>();
  const handlers = new Map<string, Set<Handler>>();
  const uiHandlers = new Set<Handler>();
  let onmessage: Handler | undefined;
  const sentToUi: MainToUi[] = [];
  /** Every notice shown, in order. */
  const notifications: FakeNotification[] = [];
  /** The notices with an action button that Figma still shows, and their buttons. */
  const actions = new Map<FakeNotification, NonNullable<NotificationOptions['button']>>();
  const dequeue = (n: FakeNotification) => void actions.delete(n);
  /** Every `figma.ui.resize`, in order. */
  const windowSizes: { width: number; height: number }[] = [];
  const state = { undoCommits: 0, undoTriggers: 0, closed: false, uiShown: false, pluginId: options.pluginId ?? manifest?.id ?? 'figment-test' };
  const viewport = { center: { x: 0, y: 0 }, zoom: 1 };
  const mixed = Symbol('figma.mixed');
  const assertOpen = () => {
    if (state.closed) throw new Error('The plugin is closed: figma.closePlugin() disables Figma APIs');
  };

  /** The plugin's code stops running: nothing it registered hears from Figma any more. */
  const stopCode = () => {
    handlers.clear();
    uiHandlers.clear();
    onmessage = undefined;
    loadedFonts.clear();
  };

  const register = (node: FakeNode) => {
    nodes.set(node.id, node);
    return node;
  };
  const emit = (event: string, ...args: unknown[]) => {
    for (const h of handlers.get(event) ?? []) h(...args);
  };

  /**
   * Typings, figma.on: "selectionchange" fires when the selection changes by user action or plugin code, when the
   * current page changes, and when a selected node is deleted. Figma delivers it later, not inside the change, and
   * several changes in one turn of the event loop arrive as one event.
   */
  let selectionEvent: Promise<void> | null = null;
  const selectionChanged = (): Promise<void> =>
    (selectionEvent ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        selectionEvent = null;
        try {
          emit('selectionchange');
        } finally {
          resolve(); // a handler that throws is the plugin's error, reported as Figma reports it (uncaught)
        }
      }, 0),
    ));

  const context: FakeContext = {
    images,
    pluginId: () => state.pluginId,
    relaunchButtons: () => manifest?.relaunchButtons ?? [],
    assertOpen,
    removed: (node) => {
      if (selections.get(currentPage)!.some((n) => n.removed || n === node)) void selectionChanged();
    },
    adopt: (node) => void register(node),
    currentPage: () => currentPage,
    fontLoaded: (font) => loadedFonts.has(fontKey(font)),
  };
  /** Fonts loaded by this run of the plugin (typings, loadFontAsync: "Makes a font available in the plugin for use"). */
  const loadedFonts = new Set<string>();
  const fontKey = (f: { family: string; style: string }) => `${f.family}\u0000${f.style}`;

  const selections = new Map<FakeNode, FakeNode[]>();
  const createPage = (name: string) => {
    const page = register(new FakeNode('PAGE', { name }, context));
    selections.set(page, []);
    Object.defineProperty(page, 'selection', {
      get: () => selections.get(page)!.filter((n) => !n.removed),
      set: (value: FakeNode[]) => {
        assertOpen();
        selections.set(page, [...value]);
        if (page === currentPage) void selectionChanged();
      },
    });
    root.children.push(page);
    page.parent = root;
    return page;
  };
  // The document: plugin data on it is per file (e.g. the style lock).
  const root = new FakeNode('DOCUMENT', { name: 'Document' }, context);
  let currentPage: FakeNode = null as unknown as FakeNode;
  const page = createPage('Page 1');
  currentPage = page;
  const local = createLocalStyles();

  const createNode = (type: string, props: FakeNodeProps = {}, parent: FakeNode = currentPage): FakeNode => {
    const node = register(new FakeNode(type, props, context));
    parent.appendChild(node);
    // The designer's own action is a step of the file's undo history.
    history.commit();
    return node;
  };
  /** The file's undo history, from the document as it was opened. */
  const history = new UndoHistory(() => nodes.values());
  history.begin();

  /** Typings, showUI: width and height default to 300 and 200; the minimum is 70 wide and 0 high. */
  const checkSize = (width: unknown, height: unknown, what: string) => {
    if (typeof width !== 'number' || typeof height !== 'number' || !Number.isFinite(width) || !Number.isFinite(height) || width < 70 || height < 0) {
      throw new Error(`${what}: the size must be at least 70x0, got ${String(width)}x${String(height)}`);
    }
  };

  const figma = {
    mixed,
    /** The menu or relaunch command the plugin was started with ('' for the plain run). */
    command: options.command ?? '',
    /** documentAccess "dynamic-page": the page is set with setCurrentPageAsync, never assigned. */
    get currentPage() {
      return currentPage;
    },
    set currentPage(_page: FakeNode) {
      throw new Error('Setting figma.currentPage is not supported with documentAccess "dynamic-page"; use figma.setCurrentPageAsync');
    },
    /** Typings: "a currentpagechange event always triggers a selectionchange event". */
    async setCurrentPageAsync(target: FakeNode) {
      assertOpen();
      if (!selections.has(target)) throw new Error('setCurrentPageAsync expects a page of this document');
      if (target === currentPage) return;
      currentPage = target;
      emit('currentpagechange');
      void selectionChanged();
    },
    root,
    getLocalPaintStylesAsync: local.getLocalPaintStylesAsync,
    variables: local.variables,
    viewport,
    showUI(html: string, opts?: ShowUIOptions) {
      assertOpen();
      if (state.uiShown) throw new Error('showUI: the plugin already shows a UI');
      if (opts?.width !== undefined || opts?.height !== undefined) checkSize(opts?.width ?? 300, opts?.height ?? 200, 'showUI');
      state.uiShown = true;
      transport.open(html, opts);
    },
    ui: {
      postMessage(message: MainToUi) {
        assertOpen();
        // There is no iframe to post to before showUI.
        if (!state.uiShown) throw new Error('figma.ui.postMessage: call figma.showUI first');
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
        if (event !== 'message') throw new Error(`figma.ui.on("${event}") is not implemented by the fake`);
        uiHandlers.add(handler);
      },
      off(event: string, handler: Handler) {
        uiHandlers.delete(handler);
      },
      resize(width: number, height: number) {
        assertOpen();
        checkSize(width, height, 'figma.ui.resize');
        windowSizes.push({ width, height });
        transport.resize?.(width, height);
      },
      close() {
        state.uiShown = false;
        transport.close();
      },
    },
    on(event: string, handler: Handler) {
      if (!EVENTS.has(event)) throw new Error(`figma.on("${event}") is not implemented by the fake`);
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
    },
    clientStorage: createClientStorage(storage, assertOpen),
    getNodeByIdAsync: async (id: string) => {
      assertOpen();
      const node = nodes.get(id);
      return node && !node.removed ? node : null;
    },
    createImage: (bytes: Uint8Array) => {
      assertOpen();
      return images.create(bytes);
    },
    getImageByHash: (hash: string) => images.get(hash),
    createFrame: () => register(new FakeNode('FRAME', { name: 'Frame', fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] }, context)),
    /** Typings, loadFontAsync: the font is loaded for the rest of the run; a font the document lacks rejects. */
    loadFontAsync: async (font: { family: string; style?: string }) => {
      assertOpen();
      if (typeof font?.family !== 'string' || typeof font.style !== 'string') throw new Error('loadFontAsync expects a FontName: { family, style }');
      if (options.missingFonts?.includes(font.family)) throw new Error(`The font "${font.family} ${font.style}" could not be loaded`);
      loadedFonts.add(fontKey({ family: font.family, style: font.style }));
    },
    createRectangle: () => register(new FakeNode('RECTANGLE', { name: 'Rectangle' }, context)),
    commitUndo: () => {
      assertOpen();
      state.undoCommits++;
      history.commit();
    },
    /** Typings: "Triggers an undo action. Reverts to the last `commitUndo()` state." (see ./undo.ts) */
    triggerUndo: () => {
      assertOpen();
      history.undo();
      state.undoTriggers++;
    },
    notify: (message: string, opts?: NotificationOptions) => {
      assertOpen();
      // Typings, NotificationOptions: a notice with a `button` stays until its `timeout` (3 s by default; Infinity:
      // until the plugin closes), a click on the button (unless `action` returns false) or `cancel()`.
      const n: FakeNotification = { message, ...(opts?.error ? { error: true } : {}), ...(opts?.button ? { button: opts.button.text } : {}) };
      notifications.push(n);
      if (opts?.button) {
        if (typeof opts.button.text !== 'string' || typeof opts.button.action !== 'function') throw new Error('figma.notify: button needs text and an action');
        actions.set(n, opts.button);
      }
      return { cancel: () => dequeue(n) };
    },
    /**
     * Typings, "close": the handlers run synchronously as the plugin closes; "the plugin execution environment will
     * be destroyed immediately when all the callbacks have returned", so anything they left for later hits a closed
     * API.
     */
    closePlugin: () => {
      if (state.closed) return;
      emit('close');
      // Typings, notify: "If the message includes a custom action button, it will be closed automatically when the plugin closes."
      for (const n of [...actions.keys()]) dequeue(n);
      state.closed = true;
      state.uiShown = false;
      stopCode();
      transport.close();
    },
    parameters: {
      on(event: string, handler: Handler) {
        if (event !== 'input') throw new Error(`figma.parameters.on("${event}") is not implemented by the fake`);
        if (!handlers.has(`parameters:${event}`)) handlers.set(`parameters:${event}`, new Set());
        handlers.get(`parameters:${event}`)!.add(handler);
      },
      off(event: string, handler: Handler) {
        handlers.get(`parameters:${event}`)?.delete(handler);
      },
    },
  };

  /** Anything of the Plugin API the fake does not implement throws, never answers undefined. */
  const strictFigma = new Proxy(figma, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target) && !INSPECTED.has(prop)) throw new Error(`figma.${prop} is not implemented by the fake`);
      return Reflect.get(target, prop, receiver);
    },
  });

  return {
    /** Install as the global: `globalThis.figma = fake.figma as unknown as PluginAPI`. */
    figma: strictFigma,
    page,
    /** Adds a page to the document (the designer's "+" in the Pages panel). */
    createPage: (name: string) => createPage(name),
    root,
    addPaintStyle: local.addPaintStyle,
    addVariable: local.addVariable,
    images,
    sentToUi,
    notifications,
    /** The notices with an action button still shown. */
    shownWithButtons: () => [...actions.keys()],
    /** Clicks the action button of the newest notice still shown with that text, as the designer would. */
    pressNotificationButton(text: string): void {
      const n = [...actions.keys()].reverse().find((x) => x.button === text);
      if (!n) throw new Error(`no notice shows a "${text}" button`);
      const action = actions.get(n)!.action;
      if (action() !== false) dequeue(n);
    },
    windowSizes,
    get undoCommits() {
      return state.undoCommits;
    },
    /** How many times the plugin called figma.triggerUndo. */
    get undoTriggers() {
      return state.undoTriggers;
    },
    createNode,
    createFrame: (props: FakeNodeProps = {}) => createNode('FRAME', props),
    /** Selects as the designer does; resolves once Figma has delivered the (asynchronous) selectionchange. */
    select(ids: string[]): Promise<void> {
      selections.set(currentPage, ids.map((id) => nodes.get(id)!).filter(Boolean));
      return selectionChanged();
    },
    /** Resolves once a pending selectionchange has been delivered. */
    settled: (): Promise<void> => selectionEvent ?? Promise.resolve(),
    /** The page the designer looks at; switching it fires currentpagechange and selectionchange. */
    switchPage: (target: FakeNode) => {
      currentPage = target;
      emit('currentpagechange');
      return selectionChanged();
    },
    node: (id: string) => nodes.get(id),
    get closed() {
      return state.closed;
    },
    /**
     * Readies a fresh run of the plugin on the same document, as when the file is closed and opened again: the
     * document, its plugin data and images and the client storage stay; the last run's handlers are gone. Load the
     * plugin code again, then `run()`.
     */
    relaunch(command = '', pluginId = state.pluginId) {
      if (!state.closed) transport.close();
      // The last run closed: its notices with a button went with it (see closePlugin).
      for (const n of [...actions.keys()]) dequeue(n);
      stopCode();
      state.closed = false;
      state.uiShown = false;
      state.pluginId = pluginId;
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
    /**
     * A drop on the canvas at (absoluteX, absoluteY), as Figma delivers one after the UI's `pluginDrop` (typings,
     * figma.on "drop"): `node` is the topmost layer there when it is unlocked and can be a parent, else the page; `x`
     * and `y` are relative to it; `items` and `files` are empty for a pluginDrop. Each callback must return a boolean
     * (false: the plugin handled it). Returns whether Figma would go on with its default drop behaviour.
     */
    drop(absoluteX: number, absoluteY: number, dropMetadata?: unknown): boolean {
      const under = currentPage.findAll((n) => {
        const box = n.visible ? n.absoluteBoundingBox : null;
        return !!box && box.x <= absoluteX && absoluteX < box.x + box.width && box.y <= absoluteY && absoluteY < box.y + box.height;
      }).at(-1);
      const node = under && !under.locked && DROP_PARENTS.has(under.type) ? under : currentPage;
      const box = node === currentPage ? { x: 0, y: 0 } : node.absoluteBoundingBox!;
      const event = { node, x: absoluteX - box.x, y: absoluteY - box.y, absoluteX, absoluteY, items: [], files: [], ...(dropMetadata !== undefined ? { dropMetadata } : {}) };
      let propagate = true;
      for (const h of handlers.get('drop') ?? []) {
        const answer = h(event);
        if (typeof answer !== 'boolean') throw new Error(`figma.on("drop") callback must return a boolean, returned ${typeof answer}`);
        if (!answer) propagate = false;
      }
      return propagate;
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
