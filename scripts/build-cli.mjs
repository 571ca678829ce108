// Bundles the CLI into one file so that `verdict` starts fast (Chevrotain alone costs ~400 ms to
// import unbundled), and the replay workers into another. Run by `npm ci` (prepare) and lazily by cli/bin/verdict.js when missing.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  // The grammar was checked by the tests; the bundles skip Chevrotain's checks at start (grammar/checks.ts).
  define: { VERDICT_BUNDLED: 'true' },
};
await build({
  ...common,
  entryPoints: [join(root, 'cli/main.ts')],
  outfile: join(root, 'dist/verdict.mjs'),
  external: ['@duckdb/node-api', 'playwright-core', 'vite', 'esbuild'],
});
// The replay workers' own bundle: the replay core alone (no parser, no CLI, no studio server), which
// a worker thread imports in ~15 ms instead of the CLI's ~130 ms. The engine starts its workers on
// it when it sits beside the CLI bundle (runtime/replay/engine.ts: `workerEntry`).
await build({
  ...common,
  entryPoints: [join(root, 'runtime/replay/worker.ts')],
  outfile: join(root, 'dist/replay-worker.mjs'),
  external: ['@duckdb/node-api'],
});
