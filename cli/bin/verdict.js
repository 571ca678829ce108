#!/usr/bin/env node
// Thin launcher: runs the bundled CLI (fast start), building it first when it is missing or older
// than the sources (a developer who edited grammar/ or runtime/ gets what they wrote).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'dist', 'verdict.mjs');

function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stale = () => {
  const built = statSync(bundle).mtimeMs;
  return ['grammar', 'runtime', 'cli', 'studio/server'].some((d) => newestSource(join(root, d)) > built);
};

if (!existsSync(bundle) || stale()) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
}
const { runCli } = await import(pathToFileURL(bundle).href);
runCli();
