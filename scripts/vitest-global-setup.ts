// Builds the CLI bundle once before the suite, so that tests that spawn `verdict` run today's code.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./build-cli.mjs', import.meta.url))], { stdio: 'inherit' });
}
