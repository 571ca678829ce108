// Builds the studio app (Vite, root studio/app/) into dist/studio/ when it is missing or older than its
// sources, so that `npm start` and the browser tests always serve what is on disk.
//   node scripts/build-studio.mjs            build when missing or stale
//   node scripts/build-studio.mjs --force    build anyway
//   node scripts/build-studio.mjs --check    exit 1 when a build is needed, print why
// Concurrent callers (test workers, two terminals) take turns on a lock; the new build is swapped in
// whole, so a running studio never serves half of one.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtimeOf } from '../cli/bin/newest-source.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = (root) => join(root, 'studio', 'app');
const outDir = (root) => join(root, 'dist', 'studio');

/** What the app bundles: its own folder, the language and runtime it runs in the browser, and the config. */
function newestSource(root) {
  let newest = { mtime: 0, file: '' };
  const consider = (file) => {
    // A file that vanishes between the listing and this look (an editor saving) is skipped.
    const mtime = mtimeOf(file);
    if (mtime > newest.mtime) newest = { mtime, file };
  };
  const walk = (dir, keep) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, keep);
      else if (keep(e.name)) consider(p);
    }
  };
  const notTest = (name) => !/\.test\.[cm]?[jt]sx?$/.test(name);
  walk(appDir(root), notTest);
  for (const dir of ['grammar', 'runtime']) walk(join(root, dir), (name) => name.endsWith('.ts') && notTest(name));
  for (const file of ['vite.config.ts', 'package.json', 'package-lock.json', 'scripts/build-studio.mjs']) if (existsSync(join(root, file))) consider(join(root, file));
  return newest;
}

/** `{ needed, reason }`: whether dist/studio/ must be (re)built, and why, in words for a terminal. */
export function studioBuildState(root = ROOT) {
  const index = join(outDir(root), 'index.html');
  const hasSources = existsSync(join(appDir(root), 'index.html'));
  if (!existsSync(index)) {
    return hasSources
      ? { needed: true, reason: 'dist/studio/ is not built yet' }
      : { needed: false, missing: true, reason: 'neither dist/studio/ nor its sources (studio/app/index.html) exist' };
  }
  if (!hasSources) return { needed: false, reason: 'no sources to rebuild from; serving dist/studio/ as it is' };
  const built = statSync(index).mtimeMs;
  const newest = newestSource(root);
  return newest.mtime > built
    ? { needed: true, reason: `${newest.file.slice(root.length + 1)} changed since the last build` }
    : { needed: false, reason: 'dist/studio/ is up to date' };
}

/** The app's own Vite config when it has one, else the repository's; false (none) when neither exists. */
function configFile(root) {
  for (const name of ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']) {
    if (existsSync(join(appDir(root), name))) return join(appDir(root), name);
  }
  return existsSync(join(root, 'vite.config.ts')) ? join(root, 'vite.config.ts') : false;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

async function withLock(root, work) {
  const lock = join(root, 'dist', '.studio-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // the holder is between mkdir and writing its pid
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another studio build (PID ${holder}) has held ${lock} for 10 minutes`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds when needed (or always with `force`); returns what it did. */
export async function buildStudio({ root = ROOT, force = false, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  if (!force && !studioBuildState(root).needed) return { built: false };
  return withLock(root, async () => {
    const state = studioBuildState(root);
    // Another process may have finished the same build while this one waited for the lock.
    if (!force && !state.needed) return { built: false };
    if (!existsSync(join(appDir(root), 'index.html'))) throw new Error('cannot build the studio: studio/app/index.html is missing');
    log(`Building the studio app (${force ? 'forced' : state.reason})...`);
    const started = Date.now();
    const out = outDir(root);
    const temp = join(root, 'dist', `.studio-build-${process.pid}`);
    const old = join(root, 'dist', `.studio-old-${process.pid}`);
    rmSync(temp, { recursive: true, force: true });
    const { build } = await import('vite');
    // Always React's production build, whoever asks: a build started from the test runner inherits
    // its NODE_ENV=test, and Vite would bundle React's development build (3-9x slower typing) that
    // `npm start` then serves as up to date.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: configFile(root),
        root: appDir(root),
        mode: 'production',
        logLevel: 'warn',
        // The timing check reports slow plugins on every build: advice for the app's authors, noise for `npm start`.
        build: { outDir: temp, emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
      });
    } catch (e) {
      rmSync(temp, { recursive: true, force: true });
      throw e;
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    if (existsSync(out)) renameSync(out, old);
    renameSync(temp, out);
    rmSync(old, { recursive: true, force: true });
    // Date the build from its start: a source saved during the build still makes it stale.
    const stamp = new Date(started);
    utimesSync(join(out, 'index.html'), stamp, stamp);
    log(`Built dist/studio/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return { built: true };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    const state = studioBuildState();
    process.stdout.write(`${state.reason}\n`);
    process.exitCode = state.needed || state.missing ? 1 : 0;
  } else {
    try {
      await buildStudio({ force: args.includes('--force') });
    } catch (e) {
      process.stderr.write(`build-studio: ${e.message}\n`);
      process.exitCode = 1;
    }
  }
}
