import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal.js';
import { runVerdict } from './testing.js';

const POLICY = `policy p "P" version 1
input a { id: text, n: number }
param lim = 5
ruleset rs {
  rule big { when a.n > lim then reject "too big" }
}
decision d { else => approve { limit 100 } }
flow { start -> rs -> d }
`;

describe('terminalText', () => {
  it('shows control characters as escapes, and keeps text, tabs, newlines and other scripts', () => {
    expect(terminalText('\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f\u202e')).toBe('\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007f\\u202e');
    expect(terminalText('陈平\tA-1 → ok\n')).toBe('陈平\tA-1 → ok\n');
  });
});

describe('verdict backtest', () => {
  it('prints record ids from the data without letting them act on the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-terminal-'));
    writeFileSync(join(dir, 'p.policy'), POLICY);
    const lines = [
      { a: { id: '\u001b]0;PWNED\u0007\u001b[2J\u001b[31mred', n: 9 } },
      { a: { id: 'x\u001b[1Ay', n: 'not a number' } },
      { a: { id: 'ok', n: 1 } },
    ];
    writeFileSync(join(dir, 'd.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const { code, out } = await runVerdict(['backtest', join(dir, 'p.policy'), '--data', join(dir, 'd.jsonl'), '--candidate-set', 'lim=10', '--workers', '0'], dir);
    expect(code).toBe(0);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('\\u001b]0;PWNED\\u0007\\u001b[2J\\u001b[31mred');
  });
});
