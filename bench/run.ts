// `npm run bench [-- --quick] [-- section ...]`.
//
// Bundles bench/main.ts with esbuild, as the `verdict` CLI is bundled, and runs the bundle in a
// fresh node process. `npm run bench` starts under tsx, whose transform wraps named closures in a
// name-keeping helper on every creation; the parser and the hand-written reference create
// closures per call, so figures taken under tsx would charge the dev loader to the code measured.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// Under node_modules so that the bundle resolves the engines left external (a native addon).
const outfile = `${root}node_modules/.cache/verdict-bench/bench.mjs`;
mkdirSync(`${root}node_modules/.cache/verdict-bench`, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  // Native addons and packages that locate their own files at run time stay external.
  external: ['@gorules/zen-engine', 'playwright-core', '@duckdb/node-api', 'vite', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  // As the CLI's bundles: Chevrotain's grammar checks were run by the tests (grammar/checks.ts).
  define: { VERDICT_BUNDLED: 'true' },
});
const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, VERDICT_BENCH_ROOT: root } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
