/**
 * End-to-end harness: serves the Figma host emulator (test/figma-host) with the built dist/code.js and
 * dist/ui.html on loopback, and drives it in Debian's Chromium with playwright-core.
 */
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import type { ShapeProps } from '../figma-fake/geometry';
import { chromiumPath } from './chromium';

/** Props of a node the host creates: position, size, rotation in degrees, and shape details. */
export type NodeProps = { name?: string; width?: number; height?: number; x?: number; y?: number; rotation?: number } & ShapeProps;

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** /usr/bin/chromium, or the one FIGMENT_CHROMIUM names (test/e2e/chromium.ts). */
export const CHROMIUM = chromiumPath();
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let hostScript: Promise<string> | undefined;
function bundleHost(): Promise<string> {
  hostScript ??= esbuild
    .build({
      entryPoints: [join(root, 'test/figma-host/host.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
    })
    .then((r) => r.outputFiles[0]!.text);
  return hostScript;
}

/** The host page, with the plugin's manifest.json in `window.__FIGMA_MANIFEST__` (the host builds the CSP from it). */
const hostHtml = (manifest: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Figma host emulator</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#2c2c2c} iframe{border:0;background:#fff}</style></head>
<body><script>window.__FIGMA_MANIFEST__ = ${manifest.replace(/</g, '\\u003c')};</script><script src="/host.js"></script></body></html>`;

/** Extra documents the host server can serve (benchmarks), by path. */
export type ExtraRoutes = Record<string, { type: string; body: string | Buffer }>;

/** The built plugin the host runs: by default this checkout's manifest.json and dist/. */
export interface PluginFiles {
  manifest: string;
  code: string;
  ui: string;
}
export const DEV_PLUGIN: PluginFiles = { manifest: join(root, 'manifest.json'), code: join(root, 'dist/code.js'), ui: join(root, 'dist/ui.html') };

async function serveHost(extra: ExtraRoutes = {}, plugin: PluginFiles = DEV_PLUGIN): Promise<{ server: Server; url: string }> {
  const script = await bundleHost();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    // The plugin's files are read on every request so a rebuilt plugin is picked up.
    if (path === '/' || path === '/host.html') return send('text/html; charset=utf-8', hostHtml(readFileSync(plugin.manifest, 'utf8')));
    if (path === '/host.js') return send('text/javascript; charset=utf-8', script);
    if (path === '/dist/code.js') return send('text/javascript; charset=utf-8', readFileSync(plugin.code));
    if (path === '/dist/ui.html') return send('text/html; charset=utf-8', readFileSync(plugin.ui));
    const route = extra[path];
    if (route) {
      // The plugin iframe has origin "null"; let it fetch benchmark payloads.
      res.setHeader('access-control-allow-origin', '*');
      return send(route.type, route.body);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Addressed as localhost, a development domain in the manifest, so that a test UI (benchmarks) may fetch from it.
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

export interface HostPage {
  page: Page;
  /** The plugin UI iframe. */
  ui: FrameLocator;
  /** Console errors and page errors from the host and the UI. */
  errors: string[];
  host: {
    createFrame(props: { name?: string; width: number; height: number; x?: number; y?: number; fills?: Array<Record<string, unknown>> }): Promise<string>;
    createNode(type: string, props?: NodeProps, parentId?: string): Promise<string>;
    select(ids: string[]): Promise<void>;
    fillsOf(id: string): Promise<Array<Record<string, unknown>>>;
    /** The node shows a streaming partial as a preview fill. */
    previewPending(id: string): Promise<boolean>;
    imageBytes(hash: string): Promise<Buffer | null>;
    nodeInfo(id: string): Promise<{ id: string; type: string; name: string; x: number; y: number; width: number; height: number; removed: boolean }>;
    selection(): Promise<string[]>;
    /** The text of the node's text layers, in document order. */
    textsOf(id: string): Promise<string[]>;
    removeNode(id: string): Promise<void>;
    lockNode(id: string, locked: boolean): Promise<void>;
    notifications(): Promise<Array<{ message: string; error?: boolean; button?: string }>>;
    undoCommits(): Promise<number>;
    pluginData(id: string, key: string): Promise<string>;
    /** Figment's shared plugin data on a node (namespace `figment`). */
    figmentData(id: string, key: string): Promise<string>;
    /** The relaunch buttons Figma shows for the node. */
    relaunchButtons(id: string): Promise<Array<{ name: string; description: string }>>;
    closed(): Promise<boolean>;
    /** figma.closePlugin(), as when the designer closes the plugin. */
    closePlugin(): Promise<void>;
    /** A fresh plugin run (new code.js run, new iframe) on the same document, plugin data, images and storage. */
    reopen(command?: string, pluginId?: string): Promise<void>;
  };
  /** Waits until the node has an IMAGE fill that is not a streaming preview, and returns its hash. */
  imageFillOf(id: string, timeoutMs?: number): Promise<string>;
  /** Waits until the node's image fill (not a streaming preview) is another than `previous`, and returns its hash. */
  nextImageFill(id: string, previous: string, timeoutMs?: number): Promise<string>;
  /** Types `text` into the Prompt box and presses Enter. */
  sendPrompt(text: string): Promise<void>;
  /** The plugin window's laid-out size, or null when it is closed. */
  windowSize(): Promise<{ width: number; height: number } | null>;
  /**
   * Runs the plugin again, as closing and reopening it in Figma would: reloads the host page (a new canvas) with
   * the same clientStorage, which is what a plugin keeps between runs on one machine.
   */
  rerun(): Promise<void>;
}

export interface E2E {
  browser: Browser;
  /** `query`: host options, e.g. `{ prompt, defer: '1' }` or `{ published: '1' }` (see test/figma-host/host.ts). */
  open(options?: { colorScheme?: 'light' | 'dark'; uiPath?: string; query?: Record<string, string> }): Promise<HostPage>;
  close(): Promise<void>;
}

export async function startE2E(extra: ExtraRoutes = {}, plugin: PluginFiles = DEV_PLUGIN): Promise<E2E> {
  const { server, url } = await serveHost(extra, plugin);
  // playwright-core gives every launch a fresh, empty --user-data-dir of its own (and refuses one in args).
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async open(options = {}) {
      const context = await browser.newContext({ viewport: { width: 480, height: 720 }, colorScheme: options.colorScheme ?? 'light' });
      contexts.push(context);
      const page = await context.newPage();
      // Below the 30 s test timeout, so a step that waits too long names itself instead of timing out the test.
      page.setDefaultTimeout(20_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      const query = new URLSearchParams({ ...(options.uiPath ? { ui: options.uiPath } : {}), ...options.query }).toString();
      await page.goto(`${url}/host.html${query ? `?${query}` : ''}`);
      await page.waitForFunction(() => (window as unknown as { figmaHost?: unknown }).figmaHost !== undefined);
      if (!options.query?.defer) await page.evaluate(() => window.figmaHost.ready);
      const call = <T>(name: string, ...args: unknown[]) =>
        page.evaluate(([n, a]) => (window.figmaHost as unknown as Record<string, (...x: unknown[]) => unknown>)[n as string]!(...(a as unknown[])), [name, args] as const) as Promise<T>;
      const host: HostPage['host'] = {
        createFrame: (props) => call('createFrame', props),
        createNode: (type, props = {}, parentId) => call('createNode', type, props, parentId),
        select: (ids) => call('select', ids),
        fillsOf: (id) => call('fillsOf', id),
        previewPending: (id) => call('previewPending', id),
        imageBytes: async (hash) => {
          const b64 = await call<string | null>('imageBytes', hash);
          return b64 === null ? null : Buffer.from(b64, 'base64');
        },
        nodeInfo: (id) => call('nodeInfo', id),
        selection: () => call('selection'),
        textsOf: (id) => call('textsOf', id),
        removeNode: (id) => call('removeNode', id),
        lockNode: (id, locked) => call('lockNode', id, locked),
        notifications: () => call('notifications'),
        undoCommits: () => call('undoCommits'),
        pluginData: (id, key) => call('pluginData', id, key),
        figmentData: (id, key) => call('figmentData', id, key),
        relaunchButtons: (id) => call('relaunchButtons', id),
        closed: () => call('closed'),
        closePlugin: () => call('closePlugin'),
        reopen: (command = '', pluginId) => call('reopen', command, pluginId),
      };
      const rerun = async () => {
        const storage = await page.evaluate(() => window.figmaHost.clientStorageEntries());
        const next = new URL(page.url());
        next.searchParams.set('defer', '1');
        await page.goto(next.toString());
        await page.waitForFunction(() => (window as unknown as { figmaHost?: unknown }).figmaHost !== undefined);
        await page.evaluate((entries) => {
          for (const [key, value] of entries) window.figmaHost.setClientStorage(key, value);
          window.figmaHost.start();
          return window.figmaHost.ready;
        }, storage);
      };
      const ui = page.frameLocator('#plugin-ui');
      return {
        page,
        ui,
        rerun,
        windowSize: () => page.evaluate(() => window.figmaHost.windowSize()),
        errors,
        host,
        async imageFillOf(id, timeoutMs = 20_000) {
          const handle = await page.waitForFunction(
            (nodeId) => (!window.figmaHost.previewPending(nodeId) && window.figmaHost.fillsOf(nodeId).find((p) => p.type === 'IMAGE')?.imageHash) || false,
            id,
            { timeout: timeoutMs },
          );
          return (await handle.jsonValue()) as string;
        },
        async nextImageFill(id, previous, timeoutMs = 20_000) {
          const handle = await page.waitForFunction(
            ([nodeId, old]) => {
              const hash = window.figmaHost.fillsOf(nodeId!).find((f) => f.type === 'IMAGE')?.imageHash as string | undefined;
              return (hash !== old && !window.figmaHost.previewPending(nodeId!) && hash) || false;
            },
            [id, previous] as const,
            { timeout: timeoutMs },
          );
          return (await handle.jsonValue()) as string;
        },
        async sendPrompt(text) {
          const box = ui.getByRole('textbox', { name: 'Prompt' });
          await box.fill(text);
          await box.press('Enter');
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The address the plugin uses for a backend listening on loopback: Figma's devAllowedDomains name host names, not
 * IP addresses, so a developer (and these tests) reach it as localhost.
 */
export const pluginUrl = (backendUrl: string) => backendUrl.replace('//127.0.0.1:', '//localhost:');

/** Opens Settings if needed, enters the backend URL and access token, saves, and waits for the connection. */
export async function configurePlugin(p: HostPage, backendUrl: string, token: string): Promise<void> {
  const url = p.ui.getByRole('textbox', { name: 'Backend URL' });
  const settings = p.ui.getByRole('button', { name: 'Settings' });
  // The UI may still be rendering: wait for the first-run form or the Settings button (there is none on a first
  // run), or a slow machine reads "not visible" too early and waits for a Settings button that never comes.
  await url.or(settings).first().waitFor();
  if (!(await url.isVisible())) await settings.click();
  await url.fill(pluginUrl(backendUrl));
  await p.ui.getByLabel('Access token').fill(token);
  await p.ui.getByRole('button', { name: /^Save/ }).click();
  await p.ui.getByText(/^Connected|^Demo mode/).waitFor();
}
