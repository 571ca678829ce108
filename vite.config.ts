import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// One config for the studio build (its root is studio/app) and the test suite (its root stays the
// repository, so that the include globs and the global setup read as written).
export default defineConfig({
  root: at('./studio/app'),
  base: './',
  plugins: [react()],
  // The app imports the grammar and the runtime from outside its root.
  server: { fs: { allow: [repo] } },
  worker: { format: 'es' },
  build: {
    outDir: at('./dist/studio'),
    emptyOutDir: true,
    target: 'es2022',
    // Monaco and elkjs are large by nature; both load lazily, after the first paint.
    chunkSizeWarningLimit: 4096,
  },
  test: {
    root: repo,
    include: ['bench/**/*.test.ts', 'grammar/**/*.test.ts', 'runtime/**/*.test.ts', 'cli/**/*.test.ts', 'samples/**/*.test.ts', 'studio/**/*.test.ts'],
    testTimeout: 30_000,
    // Browser tests poll the page while a worker analyses: on a loaded 2-core CI machine one second
    // (vitest's default) is not enough; a real failure still fails, only later.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    globalSetup: ['scripts/vitest-global-setup.ts'],
  },
});
