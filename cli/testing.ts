// Runs `verdict` in process for tests: the real command table and argument parsing, captured output.

import type { Io } from './args.js';
import { main } from './main.js';

export async function runVerdict(argv: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (s) => void (out += s),
    write: async (s) => void (out += s),
    stderr: (s) => void (err += s),
    isTTY: false,
    cwd,
  };
  const code = await main(argv, io);
  return { code, out, err };
}
