#!/usr/bin/env node
// Thin launcher: runs the bundled CLI (fast start), building it first when it is missing or older
// than the sources (a developer who edited grammar/ or runtime/ gets what they wrote).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { mtimeOf, newestSource } from './newest-source.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'dist', 'verdict.mjs');

const stale = () => {
  const built = mtimeOf(bundle);
  return ['grammar', 'runtime', 'cli', 'studio/server'].some((d) => newestSource(join(root, d)) > built);
};

if (!existsSync(bundle) || stale()) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
}
const { runCli } = await import(pathToFileURL(bundle).href);
runCli();
