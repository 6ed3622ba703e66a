// Builds the three deliverables into dist/:
//   dist/code.js     the plugin main thread (Figma's sandbox: ES2020, no DOM, no network)
//   dist/ui.html     the plugin UI, one self-contained HTML file (script and styles inlined)
//   dist/server.mjs  the backend, one Node ESM file
// Usage: node build.mjs [--watch is not supported; rerun it]. Importable: the functions below are used by tests.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  write: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __FIGMENT_VERSION__: JSON.stringify(pkg.version) },
};

export async function buildCode() {
  const result = await esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/main.ts')],
    format: 'iife',
    // Figma documents ES2020+ for the plugin sandbox (developers.figma.com, "How Plugins Run").
    target: 'es2020',
    minify: true,
    metafile: true,
  });
  await writeFile(join(dist, 'code.js'), result.outputFiles[0].contents);
  return result;
}

/** Inline JS into HTML safely: a literal `</script` inside the bundle would end the tag. */
function inlineScript(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

export async function buildUi() {
  const result = await esbuild.build({
    ...common,
    entryPoints: [join(root, 'ui/main.tsx')],
    outdir: join(dist, 'ui-assets'),
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
  await writeFile(join(dist, 'ui.html'), html);
  return result;
}

export async function buildServer() {
  const result = await esbuild.build({
    ...common,
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
  await writeFile(join(dist, 'server.mjs'), result.outputFiles[0].contents);
  return result;
}

export async function buildAll() {
  await mkdir(dist, { recursive: true });
  await Promise.all([buildCode(), buildUi(), buildServer()]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildAll();
  console.log(`built dist/code.js, dist/ui.html, dist/server.mjs in ${Date.now() - started} ms`);
}
