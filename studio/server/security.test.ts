// The studio's security rules over HTTP, for what a hostile page or a hostile workspace (a cloned
// repository: its symlinks and file names are anyone's) could try: API reads from another origin,
// paths that make the file system fail (a symlink loop, a name too long), a symlink into the
// studio's own state, and a dataset whose name DuckDB would read as a glob.

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type Studio } from './index.js';

const POLICY = 'policy p "P" version 1\n';

const temps: string[] = [];
let studio: Studio;
let root: string;
let outside: string;
const logged: string[] = [];

async function parquet(file: string, ids: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const rows = ids.map((id) => `SELECT '${id}' AS "a.id"`).join(' UNION ALL ');
    await connection.run(`COPY (${rows}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-security-')));
  temps.push(base);
  root = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'a.policy'), POLICY);
  writeFileSync(join(root, 'data/x.jsonl'), '{"id":"x1"}\n');
  // A symlink loop, and a link to the studio's own state folder (created by startStudio).
  symlinkSync('loop-b.policy', join(root, 'loop-a.policy'));
  symlinkSync('loop-a.policy', join(root, 'loop-b.policy'));
  symlinkSync('.verdict', join(root, 'state'));
  symlinkSync('.verdict/.gitignore', join(root, 'state.policy'));
  // `e*.parquet` is a real file of the workspace; `evil.parquet` a symlink out of it, refused when
  // named, that DuckDB's glob `e*.parquet` would have taken in.
  await parquet(join(root, 'data', 'e*.parquet'), ['OWN1', 'OWN2']);
  await parquet(join(outside, 'secret.parquet'), ['SECRET']);
  symlinkSync(join(outside, 'secret.parquet'), join(root, 'data', 'evil.parquet'));
  studio = await startStudio({ dir: root, appDir: root, log: (line) => logged.push(line) });
  await studio.ready;
});

afterAll(async () => {
  await studio?.close();
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

interface Reply {
  status: number;
  json: any;
}

/** Raw HTTP, so that Origin and Sec-Fetch-Site are exactly what a browser would send, or absent. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: studio.port, method, path, headers: { ...headers, ...(text !== undefined ? { 'Content-Length': String(Buffer.byteLength(text)) } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const own = () => ({ Origin: studio.url.slice(0, -1), 'Content-Type': 'application/json' });
const code = (r: Reply) => [r.status, r.json?.error?.code];

describe('API reads from another origin', () => {
  const reads = ['/api/workspace', '/api/file?path=a.policy', '/api/records?path=data/x.jsonl', '/api/versions?policy=a.policy', '/api/runs', '/api/health'];

  it.each([
    ['another site', { Origin: 'http://evil.example' }],
    ['another port of the same host', { Origin: 'http://127.0.0.1:1' }],
    ['an opaque origin', { Origin: 'null' }],
    ['a cross-site fetch with no Origin (no-cors)', { 'Sec-Fetch-Site': 'cross-site' }],
    ['another port of localhost (same-site)', { 'Sec-Fetch-Site': 'same-site' }],
  ])('are refused from %s', async (_, headers) => {
    for (const path of reads) expect([path, ...code(await send('GET', path, headers))]).toEqual([path, 403, 'cross-origin']);
  });

  it('are answered to the studio itself, a typed address, and a client that sends neither header', async () => {
    const allowed: Record<string, string>[] = [{}, { 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, { Origin: studio.url.slice(0, -1), 'Sec-Fetch-Site': 'same-origin' }, { Origin: `http://localhost:${studio.port}` }];
    for (const headers of allowed) {
      for (const path of reads) expect([path, (await send('GET', path, headers)).status]).toEqual([path, 200]);
    }
  });
});

describe('paths the file system cannot resolve', () => {
  const long = `${'n'.repeat(300)}.policy`;

  it('a symlink loop or a name too long is the request\'s mistake (400), not an internal error', async () => {
    const before = logged.length;
    expect(code(await send('GET', '/api/file?path=loop-a.policy'))).toEqual([400, 'bad-path']);
    expect(code(await send('PUT', '/api/file?path=loop-a.policy', own(), { text: POLICY }))).toEqual([400, 'bad-path']);
    expect(code(await send('GET', '/api/file?path=loop-a.policy/x.policy'))).toEqual([400, 'bad-path']);
    expect(code(await send('GET', `/api/file?path=${long}`))).toEqual([400, 'bad-path']);
    expect(code(await send('PUT', `/api/file?path=${long}`, own(), { text: POLICY }))).toEqual([400, 'bad-path']);
    // Short enough to resolve, too long once the temporary name beside it is made.
    expect(code(await send('PUT', `/api/file?path=${'m'.repeat(240)}.policy`, own(), { text: POLICY }))).toEqual([400, 'bad-path']);
    expect(code(await send('GET', `/api/versions?policy=${long}`))).toEqual([400, 'bad-path']);
    expect(code(await send('GET', `/api/records?path=${'n'.repeat(300)}.jsonl`))).toEqual([400, 'bad-path']);
    expect(logged.slice(before)).toEqual([]);
  });
});

describe("the studio's own state through a symlink", () => {
  it('is neither read, nor written, nor listed', async () => {
    expect(code(await send('GET', '/api/file?path=state/.gitignore'))).toEqual([403, 'outside-workspace']);
    expect(code(await send('GET', '/api/file?path=state.policy'))).toEqual([403, 'outside-workspace']);
    expect(code(await send('PUT', '/api/file?path=state/new.policy', own(), { text: POLICY }))).toEqual([403, 'outside-workspace']);
    expect(code(await send('PUT', '/api/file?path=state.policy', own(), { text: POLICY }))).toEqual([403, 'outside-workspace']);
    const listing = await send('GET', '/api/workspace');
    expect(listing.json.policies.map((p: { path: string }) => p.path)).toEqual(['a.policy']);
  });
});

describe('a dataset whose name holds a glob character', () => {
  it('reads its own rows only, never those of a symlink out of the workspace beside it', async () => {
    expect(code(await send('GET', '/api/records?path=data/evil.parquet'))).toEqual([403, 'outside-workspace']);
    const page = await send('GET', `/api/records?path=${encodeURIComponent('data/e*.parquet')}`);
    expect(page.status).toBe(200);
    expect(page.json.records.map((r: { id: string }) => r.id)).toEqual(['OWN1', 'OWN2']);
    expect(page.json.total).toBe(2);
  });
});

describe('the app page', () => {
  it('cannot be framed by another site, nor load images from the network', async () => {
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    const reply = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      request({ host: '127.0.0.1', port: studio.port, path: '/' }, (res) => {
        res.resume();
        resolve(res.headers);
      })
        .on('error', reject)
        .end();
    });
    expect(reply['x-frame-options']).toBe('DENY');
    expect(reply['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply['content-security-policy']).toContain("img-src 'self' data: blob:");
  });
});
