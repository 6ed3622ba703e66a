// Builds the three deliverables into dist/:
//   dist/code.js     the plugin main thread (Figma's sandbox: ES2020, no DOM, no network)
//   dist/ui.html     the plugin UI, one self-contained HTML file (script and styles inlined)
//   dist/server.mjs  the backend, one Node ESM file
// Usage: node build.mjs [--backend https://figment.your-company.com]   (or FIGMENT_BACKEND_URL=...)
//   --backend writes that origin into manifest.json's networkAccess.allowedDomains and makes it the UI's default
//   Backend URL: the build a team publishes to its organisation. Without it, manifest.json is left as it is.
// Importable: the functions below are used by tests.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

/** Where a build writes: dist/ and this checkout's manifest.json, unless a test asks for elsewhere. */
const defaults = { outDir: join(root, 'dist'), manifestPath: join(root, 'manifest.json') };

/** The backend a development build talks to (README: `npm start`), reached as localhost (devAllowedDomains). */
export const DEV_BACKEND_URL = 'http://localhost:8787';

/**
 * The origin a team's backend is published at: https only (Figma runs plugins on https pages, where a plain http
 * request is blocked as mixed content), no path, no IP address (Figma's allowedDomains take host names).
 */
export function backendOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--backend ${value}: not a URL; give the backend's address, e.g. https://figment.your-company.com`);
  }
  if (url.protocol !== 'https:') throw new Error(`--backend ${value}: the published plugin needs an https:// backend`);
  if (/^\d+(\.\d+){3}$/.test(url.hostname) || url.hostname.startsWith('[')) throw new Error(`--backend ${value}: use the backend's host name, not an IP address`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`--backend ${value}: give only the origin (scheme, host and port), without a path`);
  return url.origin;
}

/** The manifest with `backend` as its one allowed domain (development domains and everything else kept). */
export function manifestFor(manifest, backend) {
  return { ...manifest, networkAccess: { ...manifest.networkAccess, allowedDomains: [backend] } };
}

/**
 * What the UI knows of the network: its default Backend URL (the published backend, or the development one when
 * allowedDomains is "none") and the manifest's domains, for Settings to refuse what Figma's CSP would block.
 */
export function networkOf(manifest) {
  const access = manifest.networkAccess ?? { allowedDomains: ['none'] };
  const published = access.allowedDomains.find((d) => /^https:\/\/[^*]+$/.test(d));
  return { defaultBackendUrl: published ?? DEV_BACKEND_URL, allowedDomains: access.allowedDomains, devAllowedDomains: access.devAllowedDomains ?? [] };
}

const common = (manifest) => ({
  bundle: true,
  write: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __FIGMENT_VERSION__: JSON.stringify(pkg.version), __FIGMENT_NETWORK__: JSON.stringify(networkOf(manifest)) },
});

const readManifest = async (path) => JSON.parse(await readFile(path, 'utf8'));

export async function buildCode({ outDir, manifestPath } = defaults) {
  const result = await esbuild.build({
    ...common(await readManifest(manifestPath)),
    entryPoints: [join(root, 'src/main.ts')],
    format: 'iife',
    // Figma documents ES2020+ for the plugin sandbox (developers.figma.com, "How Plugins Run").
    target: 'es2020',
    minify: true,
    metafile: true,
  });
  await writeFile(join(outDir, 'code.js'), result.outputFiles[0].contents);
  return result;
}

/** Inline JS into HTML safely: a literal `</script` inside the bundle would end the tag. */
function inlineScript(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

export async function buildUi({ outDir, manifestPath } = defaults) {
  const result = await esbuild.build({
    ...common(await readManifest(manifestPath)),
    entryPoints: [join(root, 'ui/main.tsx')],
    outdir: join(outDir, 'ui-assets'),
    format: 'iife',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    metafile: true,
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const template = await readFile(join(root, 'ui/index.html'), 'utf8');
  const html = template
    .replace('<!-- figment:styles -->', () => `<style>${css}</style>`)
    .replace('<!-- figment:script -->', () => `<script>${inlineScript(js)}</script>`);
  await writeFile(join(outDir, 'ui.html'), html);
  return result;
}

export async function buildServer({ outDir } = defaults) {
  const result = await esbuild.build({
    ...common({}),
    entryPoints: [join(root, 'server/main.ts')],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: 'inline',
    // CommonJS dependencies bundled into ESM still use require(), __filename and __dirname.
    banner: {
      js: [
        "import { createRequire as __figmentCreateRequire } from 'node:module';",
        "import { fileURLToPath as __figmentFileURLToPath } from 'node:url';",
        'const require = __figmentCreateRequire(import.meta.url);',
        'const __filename = __figmentFileURLToPath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join(' '),
    },
  });
  await writeFile(join(outDir, 'server.mjs'), result.outputFiles[0].contents);
  return result;
}

/**
 * Builds everything. With `backend`, first writes that origin into the manifest's allowedDomains, so the plugin and
 * its manifest agree. `outDir` and `manifestPath` default to dist/ and manifest.json (tests build elsewhere).
 */
export async function buildAll({ backend, outDir = defaults.outDir, manifestPath = defaults.manifestPath } = {}) {
  if (backend !== undefined) {
    const next = manifestFor(await readManifest(manifestPath), backendOrigin(backend));
    await writeFile(manifestPath, `${JSON.stringify(next, null, 2)}\n`);
  }
  await mkdir(outDir, { recursive: true });
  const paths = { outDir, manifestPath };
  await Promise.all([buildCode(paths), buildUi(paths), buildServer(paths)]);
}

/** `--backend <url>` or `--backend=<url>`, else FIGMENT_BACKEND_URL. */
function backendArgument(argv, env) {
  const at = argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
  if (at === -1) return env.FIGMENT_BACKEND_URL || undefined;
  const value = argv[at].includes('=') ? argv[at].slice('--backend='.length) : argv[at + 1];
  if (!value) throw new Error('--backend needs the backend\'s URL, e.g. --backend https://figment.your-company.com');
  return value;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  try {
    const backend = backendArgument(process.argv.slice(2), process.env);
    await buildAll({ backend });
    const network = networkOf(await readManifest(defaults.manifestPath));
    console.log(`built dist/code.js, dist/ui.html, dist/server.mjs in ${Date.now() - started} ms; default Backend URL ${network.defaultBackendUrl}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
