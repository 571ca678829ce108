import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOOD_POLICY, MESSY_POLICY, runVerdict } from './testing.js';
import { newestSource } from './bin/newest-source.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'cli/bin/verdict.js');

const verdict = (...argv: string[]) => runVerdict(argv, ROOT);

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = GOOD_POLICY;

// A misspelt param and an APR above the cap.
const BAD = GOOD.replace('applicant.age < min_age then', 'applicant.age < min_agee then').replace('apr 18%', 'apr 40%');

describe('verdict (in process)', () => {
  it('prints help for the tool and for each command', async () => {
    const top = await verdict('--help');
    expect(top.code).toBe(0);
    for (const c of ['check', 'compile', 'fmt', 'test', 'run', 'gen']) expect(top.out).toContain(`  ${c}`);
    const sub = await verdict('check', '--help');
    expect(sub.out).toContain('Usage: verdict check FILE...');
    expect(sub.out).toContain('--json');
  });

  it('rejects an unknown command and an unknown option with exit 2', async () => {
    expect((await verdict('frobnicate')).code).toBe(2);
    const r = await verdict('check', '--bogus', 'x.policy');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--bogus'/);
  });

  it('check: a clean file exits 0', async () => {
    const dir = workspace({ 'good.policy': GOOD });
    const r = await verdict('check', join(dir, 'good.policy'));
    expect(r.err).toContain('0 errors');
    expect(r.code).toBe(0);
  });

  it('check: errors as file:line:col: error CODE: message, exit 1', async () => {
    const dir = workspace({ 'bad.policy': BAD });
    const r = await verdict('check', join(dir, 'bad.policy'));
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/bad\.policy:5:40: error unknown-name: .*min_agee.*min_age/));
    expect(lines).toContainEqual(expect.stringMatching(/bad\.policy:7:\d+: error apr-cap: /));
  });

  it('check --json gives codes and positions', async () => {
    const dir = workspace({ 'bad.policy': BAD });
    const r = await verdict('check', '--json', join(dir, 'bad.policy'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report[0].diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-name', line: 5, column: 40, severity: 'error' }));
  });

  it('check: a missing file is a clear message, not a stack trace', async () => {
    const r = await verdict('check', '/nonexistent/x.policy');
    expect(r.code).toBe(2);
    expect(r.err).toBe('verdict check: cannot read /nonexistent/x.policy: no such file\n');
  });

  it('compile writes a verdict.graph/1 document, and refuses a broken policy', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'bad.policy': BAD });
    const ok = await verdict('compile', join(dir, 'good.policy'), '-o', join(dir, 'g.json'));
    expect(ok.code).toBe(0);
    const graph = JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8'));
    expect(graph.schema).toBe('verdict.graph/1');
    expect(graph.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'identity', 'offer']);
    const bad = await verdict('compile', join(dir, 'bad.policy'));
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('unknown-name');
  });

  it('fmt --check lists unformatted files; fmt rewrites them; a broken file is left alone', async () => {
    const messy = GOOD.replace('param min_age = 18', 'param   min_age=18   // keep me');
    const dir = workspace({ 'messy.policy': messy, 'broken.policy': 'policy p\nruleset { ' });
    const checked = await verdict('fmt', '--check', join(dir, 'messy.policy'));
    expect(checked.code).toBe(1);
    expect(checked.out).toContain('messy.policy');
    expect(readFileSync(join(dir, 'messy.policy'), 'utf8')).toBe(messy);
    expect((await verdict('fmt', join(dir, 'messy.policy'))).code).toBe(0);
    const formatted = readFileSync(join(dir, 'messy.policy'), 'utf8');
    expect(formatted).toContain('param min_age = 18');
    expect(formatted).toContain('// keep me');
    expect((await verdict('fmt', '--check', join(dir, 'messy.policy'))).code).toBe(0);
    const broken = await verdict('fmt', join(dir, 'broken.policy'));
    expect(broken.code).toBe(1);
    expect(readFileSync(join(dir, 'broken.policy'), 'utf8')).toBe('policy p\nruleset { ');
  });

  it('run: one JSON result per line in input order, a bad line is an error result, summary on stderr', async () => {
    const dir = workspace({
      'good.policy': GOOD,
      'r.jsonl': ['{"applicant":{"id":"a","age":30}}', '{"applicant":{"id":"b","age":"17"}}', 'not json', '{"applicant":{"id":"d"}}'].join('\n'),
    });
    const r = await verdict('run', join(dir, 'good.policy'), '--records', join(dir, 'r.jsonl'));
    const results = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((x) => [x.id, x.decision])).toEqual([
      ['a', 'approve'],
      ['b', 'reject'],
      [2, 'error'],
      ['d', 'error'],
    ]);
    expect(JSON.stringify(results[3])).toContain('applicant.age');
    // An unreadable line's result has the keys of every other result: a consumer reads one shape.
    expect(Object.keys(results[2]).sort()).toEqual(Object.keys(results[3]).sort());
    expect(results[2]).toMatchObject({ hits: [], scores: {}, cost: { total: '0', bySource: {} }, sourcesCalled: [] });
    expect(r.err).toBe('4 records: 1 approve, 0 review, 1 reject, 2 error\n');
    expect(r.code).toBe(1);
  });

  it('run: --set overrides a param, type-checked; --switch is checked against the rules', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'one.json': '{"applicant":{"id":"a","age":19}}' });
    const base = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'));
    expect(JSON.parse(base.out).decision).toBe('approve');
    const raised = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'), '--set', 'min_age=20');
    expect(JSON.parse(raised.out).decision).toBe('reject');
    const wrong = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'), '--set', 'min_age=abc');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('min_age');
    const unknown = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'), '--switch', 'underag=off');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('underage');
  });

  it('run --record given a JSON Lines file says to use --records', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'many.jsonl': '{"applicant":{"id":"a","age":30}}\n{"applicant":{"id":"b","age":17}}\n' });
    const r = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'many.jsonl'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reasons[0]).toMatch(/invalid JSON: .*\(the file holds 2 lines of JSON objects: is it JSON Lines\? give it with --records\)$/);
  });

  it('run --trace includes the actual values read', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'one.json': '{"applicant":{"id":"a","age":19}}' });
    const r = await verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'), '--trace');
    const result = JSON.parse(r.out);
    expect(JSON.stringify(result.trace)).toContain('applicant.age');
  });
});

const MESSY = MESSY_POLICY;

describe('verdict: files that cannot be read or written', () => {
  it('check reports an unreadable file and still checks the others, exit 2', async () => {
    const dir = workspace({ 'bad.policy': BAD });
    const nope = join(dir, 'nope.policy');
    const r = await verdict('check', nope, join(dir, 'bad.policy'), dir);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/bad\.policy:5:40: error unknown-name/);
    expect(r.err).toContain(`verdict check: cannot read ${nope}: no such file\n`);
    expect(r.err).toContain(`verdict check: cannot read ${dir}: it is a directory\n`);
    expect(r.err).toContain('in 1 file; 2 files could not be read');
    expect(r.err).not.toContain('internal error');
  });

  it('check --json gives an entry with the error for an unreadable file, exit 2', async () => {
    const dir = workspace({ 'bad.policy': BAD });
    const r = await verdict('check', '--json', join(dir, 'bad.policy'), join(dir, 'nope.policy'));
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report).toHaveLength(2);
    expect(report[0].diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-name' }));
    expect(report[1]).toEqual({ file: join(dir, 'nope.policy'), error: `cannot read ${join(dir, 'nope.policy')}: no such file`, diagnostics: [] });
  });

  it('fmt --check lists the unformatted files even when another cannot be read, exit 2', async () => {
    const dir = workspace({ 'messy.policy': MESSY });
    const r = await verdict('fmt', '--check', join(dir, 'nope.policy'), join(dir, 'messy.policy'));
    expect(r.code).toBe(2);
    expect(r.out).toContain('messy.policy');
    expect(r.err).toContain('cannot read');
  });

  it('compile -o and gen -o name the path they cannot write, exit 2', async () => {
    const dir = workspace({ 'good.policy': GOOD });
    const missing = join(dir, 'no', 'such', 'g.json');
    for (const [argv, path] of [
      [['compile', join(dir, 'good.policy'), '-o', missing], missing],
      [['compile', join(dir, 'good.policy'), '-o', dir], dir],
      [['gen', '--count', '10', '-o', missing], missing],
      [['gen', '--count', '10', '-o', dir], dir],
    ] as const) {
      const r = await verdict(...argv);
      expect(r.err).toMatch(new RegExp(`^verdict (compile|gen): cannot write ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (no such directory|it is a directory)`));
      expect(r.code).toBe(2);
    }
    expect((await verdict('compile', join(dir, 'good.policy'), '-o', dir)).err).toBe(`verdict compile: cannot write ${dir}: it is a directory\n`);
  });

  it('run --record refuses a directory like --records does, exit 2', async () => {
    const dir = workspace({ 'good.policy': GOOD });
    for (const flag of ['--record', '--records']) {
      const r = await verdict('run', join(dir, 'good.policy'), flag, dir);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`verdict run: cannot read ${dir}: it is a directory\n`);
    }
  });

  it('names a missing policy before a missing data file, in run and backtest', async () => {
    const dir = workspace({ 'good.policy': GOOD });
    const [policy, data] = [join(dir, 'nope.policy'), join(dir, 'nope.jsonl')];
    const run = await verdict('run', policy, '--records', data);
    expect([run.code, run.err]).toEqual([2, `verdict run: cannot read ${policy}: no such file\n`]);
    const bt = await verdict('backtest', join(dir, 'good.policy'), policy, '--data', data);
    expect([bt.code, bt.err]).toEqual([2, `verdict backtest: cannot read ${policy}: no such file\n`]);
  });
});

describe('verdict fmt --stdout', () => {
  it('takes one FILE, and not with --check', async () => {
    const dir = workspace({ 'messy.policy': MESSY, 'good.policy': GOOD });
    const two = await verdict('fmt', '--stdout', join(dir, 'messy.policy'), join(dir, 'good.policy'));
    expect(two.code).toBe(2);
    expect(two.out).toBe('');
    expect(two.err).toContain('--stdout takes one FILE');
    const both = await verdict('fmt', '--check', '--stdout', join(dir, 'messy.policy'));
    expect(both.code).toBe(2);
    expect(both.out).toBe('');
    expect(both.err).toContain('--check and --stdout');
    const one = await verdict('fmt', '--stdout', join(dir, 'messy.policy'));
    expect(one.code).toBe(0);
    expect(one.out).toContain('param min_age = 18');
  });
});

describe('verdict: an option given twice', () => {
  it('refuses a single-valued option given twice, naming it', async () => {
    const r = await verdict('schedule', '--amount', '1000', '--amount', '2000', '--term', '3', '--rate', '10%');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--amount takes one value, but was given 2: 1000, 2000');
  });

  it('refuses the same param or rule twice in --set / --switch', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'one.json': '{"applicant":{"id":"a","age":19}}' });
    const run = (...more: string[]) => verdict('run', join(dir, 'good.policy'), '--record', join(dir, 'one.json'), ...more);
    const set = await run('--set', 'min_age=20', '--set', ' min_age = 21');
    expect(set.code).toBe(2);
    expect(set.err).toContain('--set names `min_age` twice');
    const sw = await run('--switch', 'underage=off', '--switch', 'underage=on');
    expect(sw.code).toBe(2);
    expect(sw.err).toContain('--switch names `underage` twice');
    expect((await run('--set', 'min_age=20', '--switch', 'underage=off')).code).toBe(0);
  });
});

describe('verdict gen -o -', () => {
  it('writes to stdout, not to a file named -', async () => {
    const dir = workspace({});
    const r = await runVerdict(['gen', '--count', '10', '-o', '-'], dir);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0]).applicant.id).toBe('A000001');
    expect(existsSync(join(ROOT, '-'))).toBe(false);
    const file = join(dir, 'same.jsonl');
    await verdict('gen', '--count', '10', '-o', file);
    expect(r.out).toBe(readFileSync(file, 'utf8'));
    const csv = await verdict('gen', '--count', '3', '--format', 'csv', '-o', '-');
    expect(csv.out.split('\n')[0]).toMatch(/^applicant\.id,/);
    expect((await verdict('gen', '--help')).out).toContain('(- for stdout)');
  });
});

describe('cli/bin newestSource', () => {
  it('skips a file that vanishes between the listing and its stat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-src-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.ts'), '');
    utimesSync(join(dir, 'sub', 'a.ts'), 1000, 1000);
    // A dangling link is listed as a .ts file whose stat fails with ENOENT, like a file deleted mid-walk.
    symlinkSync(join(dir, 'deleted.ts'), join(dir, 'gone.ts'));
    expect(newestSource(dir)).toBe(1000 * 1000);
  });
});

describe('verdict (the real binary)', () => {
  it('runs from the bundle with exit codes for CI', () => {
    const dir = workspace({ 'good.policy': GOOD, 'bad.policy': BAD });
    const ok = spawnSync(process.execPath, [BIN, 'check', join(dir, 'good.policy')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [BIN, 'check', join(dir, 'bad.policy')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/bad\.policy:5:40: error unknown-name/);
    expect(bad.stderr).not.toMatch(/at .*\.(ts|js|mjs):\d+/); // no stack trace
  });

  it.runIf(existsSync('/dev/full'))('a full stdout is a clear message and exit 2, not a stack trace', () => {
    const dir = workspace({ 'good.policy': GOOD, 'one.json': '{"applicant":{"id":"a","age":30}}' });
    for (const argv of [
      ['run', join(dir, 'good.policy'), '--record', join(dir, 'one.json')],
      ['check', '--json', join(dir, 'good.policy')],
    ]) {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
        expect(r.stderr).toBe(`verdict ${argv[0]}: cannot write to stdout: no space left on device\n`);
        expect(r.status).toBe(2);
      } finally {
        closeSync(full);
      }
    }
  });

  it.runIf(existsSync('/dev/full'))('a --swaps file that fills up while workers replay is a clear message and exit 2', () => {
    const args = ['backtest', 'samples/application.policy', '--data', 'samples/data/applicants.jsonl', '--candidate-set', 'min_phone_tenure=3', '--workers', '2', '--swaps', '/dev/full'];
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('verdict backtest: cannot write /dev/full: no space left on device\n');
    expect(r.status).toBe(2);
  });

  it('checks every sample policy clean', () => {
    const out = execFileSync(process.execPath, [BIN, 'check', 'samples/application.policy', 'samples/preapproval.policy', 'samples/drawdown.policy'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).not.toMatch(/error/);
  });

  it('backtests on worker threads started on their own bundle, with the report of an in-process run', async () => {
    // The bundle's workers start on dist/replay-worker.mjs (scripts/build-cli.mjs builds it beside the CLI).
    const dir = workspace({});
    const args = ['backtest', 'samples/application.policy', '--data', 'samples/data/applicants.jsonl', '--candidate-set', 'min_phone_tenure=3'];
    const run = spawnSync(process.execPath, [BIN, ...args, '--workers', '2', '--json', join(dir, 'workers.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(ROOT, 'dist', 'replay-worker.mjs'), 'utf8')).toContain('verdict.replay');
    const local = await verdict(...args, '--workers', '0', '--json', join(dir, 'local.json'));
    expect(local.code).toBe(0);
    const report = (f: string) => {
      const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      delete r.inputs.workers;
      return r;
    };
    expect(report('workers.json')).toEqual(report('local.json'));
    expect(report('workers.json').totals.records).toBeGreaterThan(0);
  });

  it('replays a small file in its own thread unless --workers says otherwise', async () => {
    // Workers cost more to start than a small file takes (runtime/replay/engine.ts: SMALL_TEXT_BYTES).
    const dir = workspace({});
    const args = ['backtest', 'samples/application.policy', '--data', 'samples/data/applicants.jsonl', '--candidate-set', 'min_phone_tenure=3'];
    expect((await verdict(...args, '--json', join(dir, 'default.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'default.json'), 'utf8')).inputs.workers).toBe(0);
    expect((await verdict(...args, '--workers', '1', '--json', join(dir, 'one.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')).inputs.workers).toBe(1);
  });
});

describe('verdict: a policy that is not UTF-8', () => {
  // A GBK or Latin-1 comment, read as UTF-8, turns into U+FFFD: `check` would judge another text,
  // and `fmt` would write the U+FFFD back over the original bytes.
  const latin1 = Buffer.from(MESSY.replace('param   min_age=18', 'param   min_age=18 // résumé'), 'latin1');

  it('is refused by check, fmt and compile, naming the line, and left as it was, exit 2', async () => {
    const dir = workspace({});
    const file = join(dir, 'latin1.policy');
    writeFileSync(file, latin1);
    const checked = await verdict('check', file);
    expect(checked.code).toBe(2);
    expect(checked.err).toContain(`verdict check: cannot read ${file}: line 3: not valid UTF-8`);
    for (const argv of [['fmt', file], ['fmt', '--check', file], ['compile', file]]) {
      const r = await verdict(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`cannot read ${file}: line 3: not valid UTF-8`);
      expect(r.out).toBe('');
    }
    expect(readFileSync(file).equals(latin1)).toBe(true);
  });

  it('says so of a UTF-16 file; a UTF-8 file with a byte-order mark is fine, and fmt keeps the mark', async () => {
    const dir = workspace({ 'bom.policy': `\ufeff${MESSY}` });
    writeFileSync(join(dir, 'utf16.policy'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]));
    const utf16 = await verdict('check', join(dir, 'utf16.policy'));
    expect([utf16.code, utf16.err]).toEqual([2, `verdict check: cannot read ${join(dir, 'utf16.policy')}: it is UTF-16: save it as UTF-8\n`]);
    expect((await verdict('check', join(dir, 'bom.policy'))).code).toBe(0);
    expect((await verdict('fmt', join(dir, 'bom.policy'))).code).toBe(0);
    const formatted = readFileSync(join(dir, 'bom.policy'), 'utf8');
    expect(formatted.charCodeAt(0)).toBe(0xfeff);
    writeFileSync(join(dir, 'plain.policy'), MESSY);
    expect(formatted.slice(1)).toBe((await verdict('fmt', '--stdout', join(dir, 'plain.policy'))).out);
  });
});

describe('verdict check for CI', () => {
  const WARNS = GOOD.replace('param min_age = 18', 'param min_age = 18\nparam unused = 1');

  it('--strict fails on warnings (exit 1), not on a clean file; not with --quiet', async () => {
    const dir = workspace({ 'warns.policy': WARNS, 'good.policy': GOOD });
    expect((await verdict('check', join(dir, 'warns.policy'))).code).toBe(0);
    const strict = await verdict('check', '--strict', join(dir, 'warns.policy'), join(dir, 'good.policy'));
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/warns\.policy:4:7: warning unused-declaration: /);
    expect((await verdict('check', '--strict', '--json', join(dir, 'warns.policy'))).code).toBe(1);
    expect((await verdict('check', '--strict', join(dir, 'good.policy'))).code).toBe(0);
    const quiet = await verdict('check', '--strict', '-q', join(dir, 'warns.policy'));
    expect(quiet.code).toBe(2);
    expect(quiet.err).toContain('--quiet and --strict do not go together');
  });

  it('--json gives the range a fix replaces, and its shape is documented in --help', async () => {
    const dir = workspace({ 'bad.policy': BAD });
    const report = JSON.parse((await verdict('check', '--json', join(dir, 'bad.policy'))).out);
    const typo = report[0].diagnostics.find((d: { code: string }) => d.code === 'unknown-name');
    expect(typo.fix).toEqual({ message: expect.stringContaining('min_age'), replacement: 'min_age', line: 5, column: 40, endLine: 5, endColumn: 48 });
    const help = (await verdict('check', '--help')).out;
    for (const key of ['"file"', '"diagnostics"', '"endColumn"', '"fix"', '"error"', '--strict']) expect(help).toContain(key);
  });

  it('prints paths as given, whether inside the working folder or not', async () => {
    const dir = workspace({ 'bad.policy': BAD, 'messy.policy': MESSY });
    const file = join(dir, 'bad.policy');
    // Run from the folder itself: an absolute path stays absolute (CI annotations resolve it as given).
    const r = await runVerdict(['check', file], dir);
    expect(r.out).toContain(`${file}:5:40: error unknown-name`);
    expect((await runVerdict(['check', '--json', file], dir)).out).toContain(`"file": ${JSON.stringify(file)}`);
    expect((await runVerdict(['compile', file], dir)).err).toContain(`${file}:5:40: error unknown-name`);
    expect((await runVerdict(['fmt', '--check', join(dir, 'messy.policy')], dir)).out).toBe(`${join(dir, 'messy.policy')}\n`);
  });
});

describe('verdict: help and flags', () => {
  it('documents the exit statuses, and `help` of an unknown command is an error', async () => {
    expect((await verdict('--help')).out).toMatch(/Exit status[\s\S]*\n {2}2 {3}[\s\S]*\n {2}70 /);
    const r = await verdict('help', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('unknown command `frobnicate`');
  });

  it('run --as-of decides every record as of that date, not its own; a date that is none is refused, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-asof-'));
    const cases = JSON.parse(readFileSync(join(ROOT, 'samples/drawdown.cases.json'), 'utf8')) as { name: string; record: unknown }[];
    // The line that expires on the record's own as_of (2026-03-01) is still usable then, not at the year's end.
    const today = cases.find((c) => c.name.startsWith('line expires today'))!;
    const file = join(dir, 'r.jsonl');
    writeFileSync(file, `${JSON.stringify(today.record)}\n`);
    const own = await verdict('run', 'samples/drawdown.policy', '--records', file);
    expect(JSON.parse(own.out).decision).toBe('approve');
    const late = await verdict('run', 'samples/drawdown.policy', '--records', file, '--as-of', '2026-12-31', '--trace');
    expect(JSON.parse(late.out)).toMatchObject({ decision: 'reject', trace: { asOf: '2026-12-31' } });
    const bad = await verdict('run', 'samples/drawdown.policy', '--records', file, '--as-of', '2026-02-30');
    expect([bad.code, bad.err.trim()]).toEqual([2, 'verdict run: --as-of must be a date YYYY-MM-DD, not `2026-02-30`']);
  });

  it('run: an unknown --format is named as the mistake, not the file name', async () => {
    const dir = workspace({ 'good.policy': GOOD, 'r.jsonl': '{"applicant":{"id":"a","age":30}}\n' });
    const r = await verdict('run', join(dir, 'good.policy'), '--records', join(dir, 'r.jsonl'), '--format', 'xml');
    expect([r.code, r.err]).toEqual([2, 'verdict run: --format must be jsonl, csv or json, not `xml`\n']);
  });
});

describe('verdict fmt --check in a CI log', () => {
  it('says on stderr how many files are not formatted and what to run; nothing when all are', async () => {
    const dir = workspace({ 'messy.policy': MESSY });
    const r = await verdict('fmt', '--check', join(dir, 'messy.policy'));
    expect([r.code, r.out, r.err]).toEqual([1, `${join(dir, 'messy.policy')}\n`, '1 file is not formatted: run `verdict fmt` on it\n']);
    await verdict('fmt', join(dir, 'messy.policy'));
    const clean = await verdict('fmt', '--check', join(dir, 'messy.policy'));
    expect([clean.code, clean.out, clean.err]).toEqual([0, '', '']);
  });
});

describe('verdict fmt rewrites a file in place', () => {
  it('keeping its permissions, and a symlink as a symlink, leaving no temporary file', async () => {
    const dir = workspace({ 'messy.policy': MESSY });
    const file = join(dir, 'messy.policy');
    chmodSync(file, 0o640);
    symlinkSync(file, join(dir, 'link.policy'));
    expect((await verdict('fmt', join(dir, 'link.policy'))).code).toBe(0);
    expect(lstatSync(join(dir, 'link.policy')).isSymbolicLink()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, 'utf8')).toContain('param min_age = 18');
    expect(readdirSync(dir).sort()).toEqual(['link.policy', 'messy.policy']);
  });

  it.runIf(existsSync('/dev/stdin'))('refuses a pipe it read from, pointing to --stdout, exit 2', () => {
    // A shell pipe (node's own `input` is a socket, which /dev/stdin cannot open).
    const dir = workspace({ 'messy.policy': MESSY });
    const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" fmt /dev/stdin', 'sh', join(dir, 'messy.policy'), process.execPath, BIN], { encoding: 'utf8' });
    expect(r.stderr).toBe('verdict fmt: cannot write /dev/stdin: it is not a regular file (--stdout prints the formatted text)\n');
    expect(r.status).toBe(2);
  });
});

describe('verdict test', () => {
  it('decides every sample policy\'s cases: all pass, exit 0', async () => {
    const r = await verdict('test', 'samples/application.policy', 'samples/preapproval.policy', 'samples/drawdown.policy');
    expect([r.code, r.out]).toEqual([0, '']);
    expect(r.err).toMatch(/^\d+ cases: (\d+) passed, 0 failed\n$/);
  });

  it('prints each case whose result differs, with what differs, exit 1; names a policy without cases; refuses a broken cases file, exit 2', async () => {
    const cases = [
      { name: 'adult', record: { applicant: { id: 'a', age: 30 } }, expected: { decision: 'approve', terms: { limit: '1000', apr: '0.18' } } },
      { name: 'minor', record: { applicant: { id: 'b', age: 17 } }, expected: { decision: 'approve', hits: [] } },
      { name: 'no age', record: { applicant: { id: 'c' } }, expected: { decision: 'reject' } },
    ];
    const dir = workspace({ 'good.policy': GOOD, 'good.cases.json': JSON.stringify(cases), 'other.policy': GOOD });
    const r = await verdict('test', join(dir, 'good.policy'), join(dir, 'other.policy'));
    expect(r.code).toBe(1);
    expect(r.out.trimEnd().split('\n')).toEqual([
      `${join(dir, 'good.cases.json')}: "minor": decision: expected approve, got reject; hits: expected [], got ["underage"]`,
      `${join(dir, 'good.cases.json')}: "no age": decision: expected reject, got error (applicant.age: required field is missing)`,
    ]);
    expect(r.err).toBe(`${join(dir, 'other.policy')}: no cases (${join(dir, 'other.cases.json')} does not exist)\n3 cases: 1 passed, 2 failed; 1 policy without cases\n`);

    // A policy that does not compile: its errors as `check` prints them, and its cases fail.
    writeFileSync(join(dir, 'broken.policy'), BAD);
    writeFileSync(join(dir, 'broken.cases.json'), JSON.stringify(cases));
    const broken = await verdict('test', join(dir, 'broken.policy'));
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`${join(dir, 'broken.policy')}:5:`);
    expect(broken.err).toContain(`verdict test: ${join(dir, 'broken.policy')} does not compile (2 errors): its 3 cases not run\n3 cases: 0 passed, 3 failed\n`);

    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ name: 'x', record: {}, expected: { decision: 'approved' } }]));
    const bad = await verdict('test', join(dir, 'good.policy'), '--cases', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`verdict test: ${join(dir, 'bad.json')}: case 1 ("x"): expected.decision must be approve, review, reject, error, not "approved"`);
  });
});
