// Builds every bundle the product ships into dist/:
//   dist/main/index.js        Electron main process (ESM; `electron` stays external)
//   dist/preload/index.cjs    the preload, one CommonJS file as a sandboxed preload requires
//   dist/renderer/            the Svelte dashboard (Vite)
//   dist/cli/eks-sso.js       the command line, with lazily loaded chunks so that the exec
//                             credential helper loads only what it needs
//   dist/cli/light/status.cjs `eks-sso status` as one CommonJS file (bin/eks-sso.cjs runs it)
//   dist/cli/scenarios/       the demo scenario that `eks-sso sandbox` and `eks-sso demo` start
//                             by default: data the bundle reads at run time, so it ships beside it
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

// Bundled CommonJS dependencies still call require(); give ESM bundles one.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Whitespace and syntax only: names stay readable in stack traces (source maps map the
  // rest). V8 keeps every loaded script's source in the heap, so this is resident memory of
  // the long-running app and parse time of every `eks-sso` start.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { __EKS_SSO_VERSION__: JSON.stringify(packageJson.version) },
};

/**
 * The require shim is a banner, so esbuild puts it in every chunk; each copy runs
 * createRequire(import.meta.url) when loaded, a measurable share of `eks-sso status`'s start-up.
 * Blank it wherever nothing refers to `require` (the banner is a line of its own, so emptying it
 * keeps the source maps right).
 */
async function dropUnusedRequireShims(folder) {
  for (const entry of await readdir(folder, { recursive: true })) {
    if (!entry.endsWith('.js')) continue;
    const file = path.join(folder, entry);
    const text = await readFile(file, 'utf8');
    if (!text.startsWith(requireShim)) continue;
    const body = text.slice(requireShim.length);
    if (/\brequire\b/.test(body)) continue;
    await writeFile(file, body);
  }
}

async function buildMain() {
  await esbuild({
    ...nodeCommon,
    entryPoints: { index: 'main/app/index.ts' },
    outdir: path.join(dist, 'main'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['electron'],
    banner: { js: requireShim },
  });
  await dropUnusedRequireShims(path.join(dist, 'main'));
}

async function buildPreload() {
  await esbuild({
    ...nodeCommon,
    entryPoints: { index: 'preload/index.ts' },
    outfile: path.join(dist, 'preload', 'index.cjs'),
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
  });
}

async function buildCli() {
  const { metafile } = await esbuild({
    ...nodeCommon,
    entryPoints: { 'eks-sso': 'main/cli/index.ts' },
    outdir: path.join(dist, 'cli'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: requireShim },
    metafile: true,
  });
  await dropUnusedRequireShims(path.join(dist, 'cli'));
  await buildLightStatus(metafile);
  // sandbox/scenario/demo-path.ts finds it from the bundle by walking up to a scenarios/ folder:
  // dist/cli/scenarios/ is the first one it meets, in the repository and in the packaged app.
  await mkdir(path.join(dist, 'cli', 'scenarios'), { recursive: true });
  await copyFile(path.join(root, 'sandbox', 'scenarios', 'demo.yaml'), path.join(dist, 'cli', 'scenarios', 'demo.yaml'));
}

/**
 * dist/cli/light/status.cjs: `eks-sso status` in one CommonJS file, which bin/eks-sso.cjs runs
 * (main/cli/status-entry.ts says why). What it would import lazily (other commands, the sign-in
 * flows, the AWS SDK) is not copied in: each such import points at the file the main build
 * made for that module, so there is one copy of that code and it loads only when used.
 */
async function buildLightStatus(splitMetafile) {
  const outdir = path.join(dist, 'cli', 'light');
  const builtFor = new Map();
  for (const [output, info] of Object.entries(splitMetafile.outputs)) {
    if (info.entryPoint && output.endsWith('.js')) builtFor.set(path.resolve(root, info.entryPoint), path.resolve(root, output));
  }
  const toMainBuild = {
    name: 'dynamic-imports-to-the-main-build',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.resolving || args.path.startsWith('node:')) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const output = builtFor.get(resolved.path);
        if (!output) return { errors: [{ text: `the main CLI build has no file for the lazily imported ${args.path}` }] };
        const relative = path.relative(outdir, output).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
  await esbuild({
    ...nodeCommon,
    entryPoints: { status: 'main/cli/status-entry.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [toMainBuild],
  });
}

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

if (only.length === 0) await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
// dist/ holds ESM .js bundles and one .cjs preload; say so for Node wherever dist/ ends up.
await writeFile(path.join(dist, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
const steps = [
  ['main', buildMain],
  ['preload', buildPreload],
  ['cli', buildCli],
  ['renderer', buildRenderer],
].filter(([name]) => wanted(name));
for (const [name, step] of steps) {
  const started = Date.now();
  // A partial build replaces its own folder whole: stale lazily-loaded chunks must not linger.
  if (only.length > 0) await rm(path.join(dist, name), { recursive: true, force: true });
  await step();
  console.log(`built ${name} in ${Date.now() - started} ms`);
}
