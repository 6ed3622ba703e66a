/**
 * The Figma host emulator, in the browser: plays Figma around the built plugin. It installs a fake `figma`, runs
 * dist/code.js with `figma` and `__html__` in scope, and `figma.showUI(__html__)` mounts dist/ui.html in an
 * `<iframe sandbox="allow-scripts">` (origin "null", as in Figma) under a Content-Security-Policy built from the
 * manifest's networkAccess, as Figma builds it: a request to an origin the manifest does not list fails with a CSP
 * error. Messages cross as Figma's do: the UI calls `parent.postMessage({ pluginMessage }, '*')`; the main thread's
 * `figma.ui.postMessage(msg)` reaches the iframe as `event.data.pluginMessage`. `window.figmaHost` lets a test
 * arrange the canvas and read it back.
 */
import type { UiToMain } from '../../contract/messages';
import { cspSources } from '../../core/network-access';
import { createFakeFigma, fillsOf, type FakeNodeProps, type PaintLike, type UiTransport } from '../figma-fake';
import { parseManifest } from '../figma-fake/manifest';
import { renderCanvas } from './canvas-view';

type NodeProps = Omit<FakeNodeProps, 'fills'>;

/** The plugin's manifest.json, put on the page by the e2e server (test/e2e/browser.ts). */
const manifest = parseManifest((window as unknown as { __FIGMA_MANIFEST__: unknown }).__FIGMA_MANIFEST__);
/** `?published=1` runs the plugin as installed from the organisation: devAllowedDomains no longer apply. */
const development = !new URLSearchParams(location.search).has('published');
const PLUGIN_ID = manifest.id;
/** Canvas previews in progress (request id -> node id): a node showing a partial has no final image yet. */
const previews = new Map<string, string>();
let iframe: HTMLIFrameElement | undefined;
const timeline: Array<{ at: number; what: string }> = [];

const transport: UiTransport = {
  open(html, options) {
    iframe?.remove();
    iframe = document.createElement('iframe');
    iframe.id = 'plugin-ui';
    iframe.title = options?.title ?? 'Plugin';
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.style.width = `${options?.width ?? 300}px`;
    iframe.style.height = `${options?.height ?? 200}px`;
    iframe.style.display = options?.visible === false ? 'none' : 'block';
    document.documentElement.dataset.themeColors = String(options?.themeColors ?? false);
    iframe.srcdoc = withCsp(options?.themeColors ? withFigmaTheme(html) : html);
    document.body.append(iframe);
  },
  postToUi(message) {
    const m = message as { type?: string; requestId?: string };
    if ((m.type === 'applied' || m.type === 'apply-failed') && m.requestId) previews.delete(m.requestId);
    iframe?.contentWindow?.postMessage({ pluginMessage: message, pluginId: PLUGIN_ID }, '*');
  },
  close() {
    iframe?.remove();
    iframe = undefined;
  },
  resize(width, height) {
    if (!iframe) return;
    iframe.style.width = `${width}px`;
    iframe.style.height = `${height}px`;
  },
};

/**
 * With `themeColors: true`, Figma puts its theme's CSS variables and a `figma-light` / `figma-dark` class on the UI's
 * <html>. A subset of Figma's variables, following the browser's colour scheme.
 */
const THEMES = {
  light: { bg: '#ffffff', 'bg-secondary': '#f5f5f5', text: '#1e1e1e', 'text-secondary': '#6b6b6b', border: '#e6e6e6', 'bg-brand': '#0d99ff', 'text-onbrand': '#ffffff', 'text-danger': '#dc3412', 'bg-warning-tertiary': '#fff1c2' },
  dark: { bg: '#2c2c2c', 'bg-secondary': '#383838', text: '#ffffff', 'text-secondary': '#b3b3b3', border: '#444444', 'bg-brand': '#0c8ce9', 'text-onbrand': '#ffffff', 'text-danger': '#ff7556', 'bg-warning-tertiary': '#5c4a1d' },
};
function withFigmaTheme(html: string): string {
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const vars = Object.entries(THEMES[dark ? 'dark' : 'light']).map(([k, v]) => `--figma-color-${k}:${v}`).join(';');
  const style = `<style id="figma-style">:root{${vars}}</style>`;
  return html.replace(/<html([^>]*)>/i, `<html$1 class="figma-${dark ? 'dark' : 'light'}">`).replace(/<head>/i, `<head>${style}`);
}

/**
 * Figma enforces networkAccess with the plugin iframe's Content-Security-Policy ("Figma blocks the requests and
 * throws content-security policy (CSP) errors", developers.figma.com/docs/plugins/making-network-requests): the
 * listed domains, plus devAllowedDomains while the plugin is in development. The UI's own inline script and styles
 * and its in-memory images (data:, blob:) stay allowed.
 */
const CSP = ((sources: string) =>
  [`default-src 'none'`, `script-src 'unsafe-inline'`, `style-src 'unsafe-inline'`, `img-src data: blob:${sources === "'none'" ? '' : ` ${sources}`}`, `connect-src ${sources}`].join('; '))(
  cspSources(manifest.networkAccess ?? { allowedDomains: ['*'] }, development),
);
function withCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, `<head$1>${meta}`) : `${meta}${html}`;
}

const clientStorage = new Map<string, unknown>();
const fake = createFakeFigma({ transport, clientStorage, manifest });

/**
 * Figma, "Triggering drop events from the UI": the UI posts `{ pluginDrop: { clientX, clientY, items, dropMetadata } }`
 * (not a pluginMessage) with the drop point in the iframe's coordinates; when that point is on the canvas (outside the
 * plugin window) Figma fires `drop` with the node under it. This page is the canvas at zoom 1, its top-left corner
 * at canvas (0, 0): a page pixel is a canvas unit.
 */
function pluginDrop(drop: { clientX: number; clientY: number; dropMetadata?: unknown }): void {
  const box = iframe!.getBoundingClientRect();
  const x = box.left + window.scrollX + drop.clientX;
  const y = box.top + window.scrollY + drop.clientY;
  if (drop.clientX >= 0 && drop.clientY >= 0 && drop.clientX < box.width && drop.clientY < box.height) return;
  timeline.push({ at: performance.now(), what: `drop:${x},${y}` });
  fake.drop(x, y, drop.dropMetadata);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (!iframe || event.source !== iframe.contentWindow) return;
  const dropped = (event.data as { pluginDrop?: { clientX: number; clientY: number; dropMetadata?: unknown } } | null)?.pluginDrop;
  if (dropped) return pluginDrop(dropped);
  const message = (event.data as { pluginMessage?: UiToMain } | null)?.pluginMessage;
  if (!message) return;
  if (message.type === 'apply-image') timeline.push({ at: performance.now(), what: `apply-image:${message.requestId}` });
  if (message.type === 'ready') timeline.push({ at: performance.now(), what: 'ready' });
  if (message.type === 'preview-image') previews.set(message.requestId, message.nodeId);
  // A preview beside a source (frame to image) goes in a frame the main thread makes at the first partial: the new frame.
  const beside = message.type === 'preview-beside' && !previews.has(message.requestId) ? { requestId: message.requestId, before: new Set(fake.page.findAll().map((n) => n.id)) } : null;
  void fake.receiveFromUi(message).then(() => {
    const made = beside && fake.page.findAll().find((n) => !beside.before.has(n.id) && n.type === 'FRAME');
    if (beside && made) previews.set(beside.requestId, made.id);
    if (message.type === 'preview-end') previews.delete(message.requestId);
    if (message.type === 'apply-image') timeline.push({ at: performance.now(), what: `applied:${message.requestId}` });
  });
});

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

let startNow: (() => void) | undefined;

async function boot(first = true): Promise<void> {
  // `?ui=/path` mounts another UI document (benchmarks use a minimal one).
  const uiPath = new URLSearchParams(location.search).get('ui') ?? '/dist/ui.html';
  const [code, html] = await Promise.all([fetch('/dist/code.js').then((r) => r.text()), fetch(uiPath).then((r) => r.text())]);
  timeline.push({ at: performance.now(), what: 'showUI' });
  new Function('figma', '__html__', code)(fake.figma, html);
  // `?prompt=...` runs the plugin as Quick Actions would, with the prompt typed inline.
  const prompt = first ? new URLSearchParams(location.search).get('prompt') : null;
  await fake.run(prompt ? { prompt } : undefined);
}

const node = (id: string) => {
  const n = fake.node(id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

const host = {
  // `?defer=1` waits for start(), so a test can arrange the canvas and storage before the plugin runs.
  ready: new URLSearchParams(location.search).has('defer') ? new Promise<void>((resolve) => (startNow = resolve)).then(() => boot()) : boot(),
  start: () => startNow?.(),
  setClientStorage: (key: string, value: unknown) => void clientStorage.set(key, value),
  /** Everything in clientStorage, to carry over to the next run (see HostPage.rerun in test/e2e/browser.ts). */
  clientStorageEntries: (): Array<[string, unknown]> => [...clientStorage],
  /** The plugin window's size as laid out (figma.ui.resize changes it), or null when no UI is open. */
  windowSize: (): { width: number; height: number } | null => {
    if (!iframe) return null;
    const { width, height } = iframe.getBoundingClientRect();
    return { width, height };
  },
  createFrame(props: { name?: string; width: number; height: number; x?: number; y?: number; fills?: PaintLike[] }): string {
    return fake.createFrame(props).id;
  },
  createNode(type: string, props: NodeProps = {}, parentId?: string): string {
    return fake.createNode(type, props, parentId ? node(parentId) : undefined).id;
  },
  /**
   * An image layer Figment never touched (a rectangle with a FILL image paint), as a designer's pasted photo: the
   * bytes go through the fake's createImage, so Figma's format and size rules apply to them. `FRAME`: a frame with
   * that image fill, which can hold layers (a banner with its text layers).
   */
  createImageLayer(props: NodeProps & { width: number; height: number }, pngBase64: string, type: 'RECTANGLE' | 'FRAME' = 'RECTANGLE'): string {
    const image = fake.figma.createImage(Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0)));
    const id = fake.createNode(type, props).id;
    (node(id) as unknown as { fills: PaintLike[] }).fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' } as PaintLike];
    return id;
  },
  /** Selects, and resolves once the (asynchronous, coalesced) selectionchange has reached the plugin. */
  select: (ids: string[]): Promise<void> => fake.select(ids),
  fillsOf: (id: string): PaintLike[] => fillsOf(node(id)),
  /** The node shows a partial image as a preview; its final image is not there yet. */
  previewPending: (id: string): boolean => [...previews.values()].includes(id),
  imageBytes(hash: string): string | null {
    const bytes = fake.images.bytes(hash);
    return bytes ? toBase64(bytes) : null;
  },
  nodeIds: (): string[] => fake.page.findAll().map((n) => n.id),
  /** The node's PNG export `width` px wide (ExportSettingsImage's WIDTH constraint), as base64: what exportAsync gives the plugin. */
  exportPng: async (id: string, width: number): Promise<string> => toBase64(await node(id).exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: width } })),
  nodeInfo: (id: string) => {
    const n = node(id);
    return { id: n.id, type: n.type, name: n.name, x: n.x, y: n.y, width: n.width, height: n.height, removed: n.removed, parentId: n.parent?.id ?? null };
  },
  /** The text of the node's text layers, in document order. */
  textsOf: (id: string): string[] => node(id).findAll((n) => n.type === 'TEXT').map((n) => n.characters),
  removeNode: (id: string) => node(id).remove(),
  lockNode: (id: string, locked: boolean) => {
    node(id).locked = locked;
  },
  pluginData: (id: string, key: string) => node(id).getPluginData(key),
  /** Figment's document data on a node, kept as shared plugin data under the `figment` namespace. */
  figmentData: (id: string, key: string) => node(id).getSharedPluginData('figment', key),
  /** The relaunch buttons Figma shows for the node (its relaunch data that the manifest declares). */
  relaunchButtons: (id: string) => node(id).relaunchButtons,
  rootPluginData: (key: string) => fake.root.getPluginData(key),
  /** Figment's document-wide data (e.g. the style lock), shared plugin data under the `figment` namespace. */
  rootFigmentData: (key: string) => fake.root.getSharedPluginData('figment', key),
  /** The Content-Security-Policy the plugin iframe runs under. */
  csp: () => CSP,
  selection: (): string[] => (fake.page as unknown as { selection: Array<{ id: string }> }).selection.map((n) => n.id),
  notifications: () => fake.notifications,
  undoCommits: () => fake.undoCommits,
  closed: () => fake.closed,
  /** Closes the plugin as the designer does (figma.closePlugin): the window goes, the code stops. */
  closePlugin: () => fake.figma.closePlugin(),
  /**
   * Opens the plugin again on the same document (its nodes, plugin data, images, client storage), as after closing
   * and reopening the file: dist/code.js runs afresh and mounts a new UI iframe. `command`: e.g. 'refine'.
   */
  reopen: (command = '', pluginId?: string) => {
    fake.relaunch(command, pluginId);
    return boot(false);
  },
  uiVisible: () => (iframe ? iframe.style.display !== 'none' : false),
  sentToUi: () => fake.sentToUi.map((m) => m.type),
  setViewportCenter(x: number, y: number) {
    fake.figma.viewport.center = { x, y };
  },
  /** Where the plugin window sits on this page (canvas coordinates, see pluginDrop). */
  windowBox: () => {
    const r = iframe?.getBoundingClientRect();
    return r ? { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height } : null;
  },
  /** Draws the page's frames and their fills as `#figma-canvas`, `width` px wide (canvas-view.ts). */
  renderCanvas: (width: number) => renderCanvas(fake.figma, width),
  /** Host events in this page's performance timebase; `origin` converts to epoch milliseconds. */
  timeline: () => ({ origin: performance.timeOrigin, events: timeline }),
};

declare global {
  interface Window {
    figmaHost: typeof host;
  }
}
window.figmaHost = host;
