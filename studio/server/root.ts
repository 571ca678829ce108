// Where the package is installed: found from this module's own location, so that both the source
// (studio/server/) and the CLI bundle (dist/verdict.mjs) find dist/studio/ and scripts/.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const defaultAppDir = (): string => join(packageRoot(), 'dist', 'studio');
