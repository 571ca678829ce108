// Runs `verdict` in process for tests: the real command table and argument parsing, captured output.

import type { Io } from './args.js';
import { main } from './main.js';

/** A small clean policy for the CLI's tests; `MESSY_POLICY` is the same policy out of layout (`fmt` changes it). */
export const GOOD_POLICY = `policy p "P" version 1
input applicant { id: text, age: number }
param min_age = 18
ruleset identity {
  rule underage { when applicant.age < min_age then reject "under age" }
}
decision offer { else => approve { limit 1000 apr 18% } }
flow { start -> identity -> offer }
`;
export const MESSY_POLICY = GOOD_POLICY.replace('param min_age = 18', 'param   min_age=18');

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
