// The studio server over HTTP: the API contract (studio-api.md), its security rules, the static app,
// the `verdict studio` command, and pages in Chromium through the harness.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/args.js';
import { main } from '../../cli/main.js';
import { startStudio, type Studio } from '../server/index.js';
import { chromiumPath, ensureStudioBuilt, openStudio } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_SOURCES = existsSync(join(ROOT, 'studio', 'app', 'index.html'));

const POLICY = 'policy p "P" version 1\n';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

function workspace(files: Record<string, string>): string {
  const root = tempDir('verdict-studio-ws-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A small stand-in for the built app: an index, a hashed module that lists the policies, and a stylesheet. */
function staticApp(): string {
  const dir = tempDir('verdict-studio-app-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Stand-in studio</title><link rel="stylesheet" href="/assets/app-Ab12Cd34.css"><ul id="policies"></ul><script type="module" src="/assets/app-Ab12Cd34.js"></script>');
  writeFileSync(
    join(dir, 'assets', 'app-Ab12Cd34.js'),
    "const w = await (await fetch('/api/workspace')).json();\n" +
      "for (const p of w.policies) { const li = document.createElement('li'); li.textContent = p.path; document.getElementById('policies').append(li); }\n" +
      "document.body.dataset.ready = 'yes';\n",
  );
  writeFileSync(join(dir, 'assets', 'app-Ab12Cd34.css'), 'li { color: rgb(1, 2, 3); }');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Raw HTTP, so that paths go out exactly as written and Host, Origin and Content-Type can be anything. */
function send(studio: Studio, method: string, path: string, options: { headers?: Record<string, string>; body?: string; setHost?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}) };
    const req = httpRequest({ host: '127.0.0.1', port: studio.port, method, path, headers, setHost: options.setHost ?? true }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const own = (studio: Studio) => ({ Origin: studio.url.slice(0, -1), 'Content-Type': 'application/json' });
const get = (studio: Studio, path: string, headers?: Record<string, string>) => send(studio, 'GET', path, { headers });
const put = (studio: Studio, path: string, body: unknown, headers: Record<string, string> = own(studio)) => send(studio, 'PUT', path, { headers, body: JSON.stringify(body) });
const post = (studio: Studio, path: string, body: unknown, headers: Record<string, string> = own(studio)) => send(studio, 'POST', path, { headers, body: JSON.stringify(body) });
const sha256 = async (text: string) => (await import('node:crypto')).createHash('sha256').update(text).digest('hex');

describe('the studio API', () => {
  let studio: Studio;
  let dir: string;
  beforeAll(async () => {
    dir = workspace({ 'application.policy': POLICY, 'nested/drawdown.policy': 'policy d "D" version 1\n', 'data/applicants.jsonl': '{"id":1}\n', 'data/applicants.csv': 'id\n1\n', 'notes.md': '# notes' });
    studio = await startStudio({ dir, port: 0, appDir: staticApp() });
  });
  afterAll(() => studio.close());

  it('answers health and lists the workspace', async () => {
    expect((await get(studio, '/api/health')).json).toEqual({ ok: true });
    const listing = await get(studio, '/api/workspace');
    expect(listing.status).toBe(200);
    expect(listing.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(listing.headers['cache-control']).toBe('no-store');
    expect(listing.json.name).toBe(dir.split('/').pop());
    expect(listing.json.policies.map((p: { path: string }) => p.path)).toEqual(['application.policy', 'nested/drawdown.policy']);
    expect(listing.json.policies[0]).toEqual({ path: 'application.policy', size: POLICY.length, mtime: expect.stringMatching(/Z$/) });
    expect(listing.json.datasets).toEqual([
      { path: 'data/applicants.csv', size: 5, format: 'csv' },
      { path: 'data/applicants.jsonl', size: 9, format: 'jsonl' },
    ]);
  });

  it('reads a file with its hash, and writes it back only from the current hash', async () => {
    const read = await get(studio, '/api/file?path=application.policy');
    expect(read.json).toEqual({ path: 'application.policy', text: POLICY, hash: await sha256(POLICY) });

    const edited = `${POLICY}param x = 1\n`;
    const written = await put(studio, '/api/file?path=application.policy', { text: edited, baseHash: read.json.hash });
    expect(written.status).toBe(200);
    expect(written.json).toEqual({ path: 'application.policy', hash: await sha256(edited) });
    expect(readFileSync(join(dir, 'application.policy'), 'utf8')).toBe(edited);

    const stale = await put(studio, '/api/file?path=application.policy', { text: 'lost update', baseHash: read.json.hash });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    expect(readFileSync(join(dir, 'application.policy'), 'utf8')).toBe(edited);

    const created = await put(studio, '/api/file?path=nested/new.policy', { text: POLICY });
    expect(created.json).toEqual({ path: 'nested/new.policy', hash: await sha256(POLICY) });
    expect((await put(studio, '/api/file?path=application.layout.json', { text: '{"nodes":{}}' })).status).toBe(200);
  });

  it('keeps the byte-order mark of a file that had one when the editor writes it back without', async () => {
    writeFileSync(join(dir, 'bom.policy'), `\ufeff${POLICY}`);
    const read = await get(studio, '/api/file?path=bom.policy');
    const edited = `${POLICY}param y = 2\n`;
    const written = await put(studio, '/api/file?path=bom.policy', { text: edited, baseHash: read.json.hash });
    expect(written.status).toBe(200);
    expect(readFileSync(join(dir, 'bom.policy'), 'utf8')).toBe(`\ufeff${edited}`);
    // The hash given back is the file's: the next write from it is not a conflict.
    expect(written.json.hash).toBe(await sha256(`\ufeff${edited}`));
    expect((await put(studio, '/api/file?path=bom.policy', { text: POLICY, baseHash: written.json.hash })).status).toBe(200);
    // A file without one gets none.
    expect(readFileSync(join(dir, 'application.policy'), 'utf8').charCodeAt(0)).not.toBe(0xfeff);
  });

  it('writes only policies and layout sidecars, and says what is wrong with a bad request', async () => {
    expect((await put(studio, '/api/file?path=notes.md', { text: 'x' })).json.error.code).toBe('read-only');
    expect((await put(studio, '/api/file?path=data/applicants.csv', { text: 'x' })).status).toBe(403);
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('# notes');
    expect((await get(studio, '/api/file?path=missing.policy')).json.error.code).toBe('not-found');
    expect((await get(studio, '/api/file')).json.error.code).toBe('bad-request');
    expect((await put(studio, '/api/file?path=a.policy', { text: 42 })).json.error.code).toBe('bad-request');
    expect((await send(studio, 'PUT', '/api/file?path=a.policy', { headers: own(studio), body: '{"text": ' })).json.error.code).toBe('bad-json');
    expect((await get(studio, '/api/nothing')).status).toBe(404);
    const wrong = await send(studio, 'DELETE', '/api/file?path=application.policy', { headers: own(studio), body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, PUT');
    expect(existsSync(join(dir, 'application.policy'))).toBe(true);
  });

  it('saves versions, lists them newest first, and opens one with its text', async () => {
    const first = await post(studio, '/api/versions', { policy: 'nested/drawdown.policy', text: 'one', message: 'first' });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ policy: 'nested/drawdown.policy', number: 1, hash: await sha256('one'), message: 'first', createdAt: expect.stringMatching(/^\d{4}-.*Z$/) });
    const second = await post(studio, '/api/versions', { policy: './nested//drawdown.policy', text: 'two', message: 'second' });
    expect(second.json.number).toBe(2);
    expect(second.json.policy).toBe('nested/drawdown.policy');

    const list = await get(studio, '/api/versions?policy=nested/drawdown.policy');
    expect(list.json).toEqual([second.json, first.json]);
    expect((await get(studio, '/api/versions?policy=application.policy')).json).toEqual([]);
    expect((await get(studio, '/api/versions/1?policy=nested/drawdown.policy')).json).toEqual({ ...first.json, text: 'one' });
    expect((await get(studio, '/api/versions/9?policy=nested/drawdown.policy')).json.error.code).toBe('not-found');
    expect((await get(studio, '/api/versions/x?policy=nested/drawdown.policy')).json.error.code).toBe('bad-request');
    expect((await post(studio, '/api/versions', { policy: 'notes.md', text: 'x', message: '' })).json.error.code).toBe('bad-request');
    expect((await post(studio, '/api/versions', { policy: 'a.policy', text: 'x' })).json.error.code).toBe('bad-request');
  });

  it('keeps saved versions immutable: no way to change or delete one', async () => {
    const saved = (await post(studio, '/api/versions', { policy: 'frozen.policy', text: 'original', message: 'm' })).json;
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const reply = await send(studio, method, '/api/versions/1?policy=frozen.policy', { headers: own(studio), body: JSON.stringify({ text: 'changed', message: 'changed' }) });
      expect(reply.status).toBe(405);
    }
    // A client-chosen number or hash is ignored: the next save is number 2 with the hash of its own text.
    const next = (await post(studio, '/api/versions', { policy: 'frozen.policy', text: 'later', message: 'n', number: 1, hash: 'forged' })).json;
    expect(next).toMatchObject({ number: 2, hash: await sha256('later') });
    expect((await get(studio, '/api/versions/1?policy=frozen.policy')).json).toEqual({ ...saved, text: 'original' });
  });

  it('never duplicates a version number under concurrent saves', async () => {
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => post(studio, '/api/versions', { policy: 'busy.policy', text: `t${i}`, message: `m${i}` })));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(replies.map((r) => r.json.number).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const listed = (await get(studio, '/api/versions?policy=busy.policy')).json;
    expect(listed.map((v: { number: number }) => v.number)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
  });
});

describe('the studio refuses', () => {
  let studio: Studio;
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    outside = workspace({ 'secret.policy': 'secret', 'folder/deep.policy': 'deep' });
    dir = workspace({ 'a.policy': POLICY });
    symlinkSync(join(outside, 'secret.policy'), join(dir, 'leak.policy'));
    symlinkSync(join(outside, 'folder'), join(dir, 'out'));
    studio = await startStudio({ dir, port: 0, appDir: staticApp() });
  });
  afterAll(() => studio.close());

  const code = (r: Reply) => [r.status, r.json?.error?.code];

  it.each([
    '/api/file?path=../secret.policy',
    '/api/file?path=%2e%2e/secret.policy',
    '/api/file?path=%2E%2E%2Fsecret.policy',
    '/api/file?path=a/../../secret.policy',
    '/api/file?path=/etc/passwd',
    '/api/file?path=%2Fetc%2Fpasswd',
    `/api/file?path=${encodeURIComponent('..\\secret.policy')}`,
    '/api/file?path=leak.policy',
    '/api/file?path=out/deep.policy',
    '/api/file?path=.verdict/studio.duckdb',
    '/api/versions?policy=../secret.policy',
    '/api/versions/1?policy=leak.policy',
  ])('reading %s (outside-workspace)', async (path) => {
    expect(code(await get(studio, path))).toEqual([403, 'outside-workspace']);
  });

  it('writing through `..`, absolute paths and symlinks out, leaving the outside untouched', async () => {
    for (const path of ['../secret.policy', '%2e%2e/secret.policy', '/tmp/x.policy', 'leak.policy', 'out/deep.policy', 'out/new.policy']) {
      expect(code(await put(studio, `/api/file?path=${path}`, { text: 'pwned' }))).toEqual([403, 'outside-workspace']);
    }
    expect(code(await post(studio, '/api/versions', { policy: '../x.policy', text: 't', message: '' }))).toEqual([403, 'outside-workspace']);
    expect(readFileSync(join(outside, 'secret.policy'), 'utf8')).toBe('secret');
    expect(existsSync(join(outside, 'folder', 'new.policy'))).toBe(false);
  });

  it.each(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/..%2F..%2Findex.html', '/%2Fetc%2Fpasswd'])('static path %s', async (path) => {
    const reply = await get(studio, path);
    expect(reply.status).toBe(403);
    expect(reply.text).not.toContain('root:');
  });

  it.each(['evil.example:PORT', 'evil.example', '127.0.0.1:1', 'localhost', '127.0.0.1.nip.io:PORT', 'LOCALHOST.example:PORT'])('Host %j (DNS rebinding)', async (host) => {
    const headers = { Host: host.replace('PORT', String(studio.port)) };
    expect(code(await get(studio, '/api/workspace', headers))).toEqual([403, 'bad-host']);
    expect((await get(studio, '/', headers)).status).toBe(403);
  });

  it('a request without a Host header (Node refuses it before the studio sees it)', async () => {
    const reply = await send(studio, 'GET', '/api/health', { setHost: false });
    expect(reply.status).toBe(400);
    expect(reply.json).toBeUndefined();
  });

  it('accepts its own Host spelled either way', async () => {
    expect((await get(studio, '/api/health', { Host: `localhost:${studio.port}` })).status).toBe(200);
    expect((await get(studio, '/api/health', { Host: `127.0.0.1:${studio.port}` })).status).toBe(200);
  });

  it('state changes from another origin, with no origin, or without a JSON body', async () => {
    const json = { 'Content-Type': 'application/json' };
    const tries: [string, Record<string, string>][] = [
      ['other site', { ...json, Origin: 'http://evil.example' }],
      ['other port', { ...json, Origin: 'http://127.0.0.1:1' }],
      ['https', { ...json, Origin: `https://127.0.0.1:${studio.port}` }],
      ['null origin', { ...json, Origin: 'null' }],
      ['no origin', json],
      ['text/plain', { Origin: studio.url.slice(0, -1), 'Content-Type': 'text/plain' }],
      ['form', { Origin: studio.url.slice(0, -1), 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['no content type', { Origin: studio.url.slice(0, -1) }],
    ];
    for (const [, headers] of tries) {
      expect(code(await put(studio, '/api/file?path=a.policy', { text: 'pwned' }, headers))).toEqual([403, 'cross-origin']);
      expect(code(await post(studio, '/api/versions', { policy: 'a.policy', text: 'pwned', message: '' }, headers))).toEqual([403, 'cross-origin']);
    }
    expect(readFileSync(join(dir, 'a.policy'), 'utf8')).toBe(POLICY);
    expect((await get(studio, '/api/versions?policy=a.policy')).json).toEqual([]);
    // The same requests from its own origin pass, with either spelling of it.
    expect((await put(studio, '/api/file?path=a.policy', { text: POLICY }, { ...json, Origin: `http://localhost:${studio.port}` })).status).toBe(200);
    expect((await post(studio, '/api/versions', { policy: 'a.policy', text: POLICY, message: '' }, { 'Content-Type': 'application/json; charset=utf-8', Origin: studio.url.slice(0, -1) })).status).toBe(201);
  });

  it('connections on any address but 127.0.0.1', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of ['::1', ...others]) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: studio.port, timeout: 2000 });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        socket.on('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
      });
      expect([address, outcome]).not.toEqual([address, 'connected']);
    }
  });
});

describe('the built app is served', () => {
  let studio: Studio;
  let app: string;
  beforeAll(async () => {
    app = staticApp();
    studio = await startStudio({ dir: workspace({ 'a.policy': POLICY }), port: 0, appDir: app });
  });
  afterAll(() => studio.close());

  it('with index.html at /, revalidated on every load', async () => {
    const index = await get(studio, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.text).toContain('Stand-in studio');
    const again = await get(studio, '/', { 'If-None-Match': String(index.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect((await get(studio, '/some/client/route')).status).toBe(404);
  });

  it('with content types, and hashed assets cached for good', async () => {
    const js = await get(studio, '/assets/app-Ab12Cd34.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(studio, '/assets/app-Ab12Cd34.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await get(studio, '/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
    expect((await get(studio, '/missing.js')).status).toBe(404);
    expect((await send(studio, 'HEAD', '/assets/app-Ab12Cd34.js')).headers['content-length']).toBe(String(readFileSync(join(app, 'assets/app-Ab12Cd34.js')).length));
    expect((await send(studio, 'POST', '/index.html', { headers: own(studio), body: '{}' })).status).toBe(405);
  });

  it('and says how to build it when it is missing', async () => {
    const bare = await startStudio({ dir: workspace({}), port: 0, appDir: join(tempDir('verdict-studio-none-'), 'missing') });
    try {
      const reply = await get(bare, '/');
      expect(reply.status).toBe(503);
      expect(reply.text).toContain('node scripts/build-studio.mjs');
      expect((await get(bare, '/api/health')).json).toEqual({ ok: true });
    } finally {
      await bare.close();
    }
  });
});

describe('startStudio', () => {
  it('refuses a missing workspace, and a port in use', async () => {
    await expect(startStudio({ dir: join(tmpdir(), 'verdict-no-such-dir'), port: 0 })).rejects.toThrow(/does not exist/);
    const first = await startStudio({ dir: workspace({}), port: 0 });
    try {
      await expect(startStudio({ dir: workspace({}), port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('keeps versions across a restart on the same workspace', async () => {
    const dir = workspace({ 'a.policy': POLICY });
    const first = await startStudio({ dir, port: 0 });
    await post(first, '/api/versions', { policy: 'a.policy', text: 'v1', message: 'one' });
    await first.close();
    const second = await startStudio({ dir, port: 0 });
    try {
      expect((await get(second, '/api/versions/1?policy=a.policy')).json.text).toBe('v1');
      expect(readFileSync(join(dir, '.verdict', '.gitignore'), 'utf8')).toBe('*\n');
    } finally {
      await second.close();
    }
  });
});

describe('in Chromium', () => {
  it('needs Debian\'s Chromium, and says exactly how to get it when it is missing', () => {
    expect(chromiumPath()).toBe('/usr/bin/chromium');
    expect(() => chromiumPath('/nowhere/chromium')).toThrow('/nowhere/chromium is missing. Install it with:\n  apt-get update && apt-get install -y --no-install-recommends chromium\n');
  });

  it('the served page loads, runs its module and reads the API, with no network', async () => {
    const { page, blocked, errors } = await openStudio({ appDir: staticApp(), files: { 'b.policy': POLICY, 'sub/a.policy': POLICY } });
    await page.waitForSelector('body[data-ready="yes"]');
    expect(await page.title()).toBe('Stand-in studio');
    expect(await page.locator('#policies li').allTextContents()).toEqual(['b.policy', 'sub/a.policy']);
    expect(await page.locator('li').first().evaluate((li) => getComputedStyle(li).color)).toBe('rgb(1, 2, 3)');
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the page may write through its own origin, and another origin may not', async () => {
    const session = await openStudio({ appDir: staticApp(), files: { 'a.policy': POLICY } });
    const ownWrite = await session.page.evaluate(async () => {
      const r = await fetch('/api/versions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ policy: 'a.policy', text: 'mine', message: 'from the page' }) });
      return [r.status, (await r.json()).number];
    });
    expect(ownWrite).toEqual([201, 1]);

    // A second studio plays the foreign site: its page tries both a JSON PUT (preflighted) and a
    // form-like POST (a "simple" request that skips the preflight) against the first studio.
    const foreign = await startStudio({ dir: workspace({}), port: 0, appDir: staticApp() });
    try {
      await session.page.goto(foreign.url);
      const target = session.url;
      const attempts = await session.page.evaluate(async (target) => {
        const put = await fetch(`${target}api/file?path=a.policy`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'pwned' }) }).then(
          (r) => `status ${r.status}`,
          () => 'blocked',
        );
        const simple = await fetch(`${target}api/versions`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ policy: 'a.policy', text: 'pwned', message: '' }) }).then(
          (r) => r.type,
          () => 'blocked',
        );
        return { put, simple };
      }, target);
      expect(attempts.put).toBe('blocked');
      expect(['opaque', 'blocked']).toContain(attempts.simple);
    } finally {
      await foreign.close();
    }
    expect(readFileSync(join(session.dir, 'a.policy'), 'utf8')).toBe(POLICY);
    const versions = await (await fetch(`${session.url}api/versions?policy=a.policy`)).json();
    expect(versions.map((v: { number: number }) => v.number)).toEqual([1]);
  });

  it('a request to the network is refused, and fails the session', async () => {
    const session = await openStudio({ appDir: staticApp(), files: {} });
    const outcome = await session.page.evaluate(() => fetch('https://example.com/telemetry').then(() => 'reached', () => 'refused'));
    expect(outcome).toBe('refused');
    expect(session.blocked).toEqual(['https://example.com/telemetry']);
    await expect(session.close()).rejects.toThrow(/tried to reach the network[\s\S]*example\.com/);
  });
});

describe('verdict studio (arguments)', () => {
  async function verdict(...argv: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const io: Io = { stdout: () => undefined, write: async () => undefined, stderr: (s) => void (err += s), isTTY: false, cwd: ROOT };
    return { code: await main(argv, io), err };
  }

  it('lists studio in the help, with its options', async () => {
    let out = '';
    await main(['studio', '--help'], { stdout: (s) => void (out += s), write: async () => undefined, stderr: () => undefined, isTTY: false, cwd: ROOT });
    expect(out).toContain('Usage: verdict studio [DIR] [--port N] [--no-open]');
    expect(out).toContain('--no-open');
  });

  it.each([
    [['studio', 'a', 'b'], /at most one DIR/],
    [['studio', '--port', 'eighty'], /--port takes a number from 0 to 65535/],
    [['studio', '--port', '70000'], /--port takes a number from 0 to 65535/],
    [['studio', '/no/such/verdict/dir'], /the workspace \/no\/such\/verdict\/dir does not exist/],
    [['studio', 'package.json'], /is not a folder/],
  ])('refuses %j as a usage error', async (argv, message) => {
    const { code, err } = await verdict(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe.skipIf(!APP_SOURCES)('the real studio app', () => {
  beforeAll(ensureStudioBuilt, 300_000);

  it('loads its index page in Chromium and lists the sample policies through the API', async () => {
    const { page, blocked, errors } = await openStudio();
    for (const policy of ['application.policy', 'drawdown.policy', 'preapproval.policy']) {
      await page.getByText(policy, { exact: true }).first().waitFor({ state: 'visible' });
    }
    expect(await page.title()).toMatch(/Verdict/);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('`verdict studio DIR --port 0 --no-open` prints its URL, serves the workspace, and stops on Ctrl+C', async () => {
    const dir = workspace({ 'a.policy': POLICY });
    const child = spawn(process.execPath, [join(ROOT, 'cli/bin/verdict.js'), 'studio', dir, '--port', '0', '--no-open'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b));
    // No timing here: the launcher may rebuild the CLI or the app first. The start time is measured by the bench.
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b;
        const m = /^Verdict studio: (http:\/\/127\.0\.0\.1:\d+\/) \(workspace (.*)\)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (c) => reject(new Error(`verdict studio exited with ${c} before printing its URL:\n${out}${err}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      expect(out).toContain(`(workspace ${dir})`);
      expect(await (await fetch(`${url}api/workspace`)).json()).toMatchObject({ policies: [{ path: 'a.policy' }] });
      expect((await fetch(url)).headers.get('content-type')).toBe('text/html; charset=utf-8');
      const saved = await fetch(`${url}api/versions`, { method: 'POST', headers: { Origin: url.slice(0, -1), 'Content-Type': 'application/json' }, body: JSON.stringify({ policy: 'a.policy', text: POLICY, message: 'cli' }) });
      expect(saved.status).toBe(201);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, '.verdict', 'studio.duckdb'))).toBe(true);
  });
});

describe('scripts/build-studio.mjs', () => {
  /** A miniature repository: an app with one module, and one grammar file it depends on. */
  function miniRepo(): string {
    const root = tempDir('verdict-studio-build-');
    mkdirSync(join(root, 'studio', 'app'), { recursive: true });
    mkdirSync(join(root, 'grammar'));
    writeFileSync(join(root, 'studio', 'app', 'index.html'), '<!doctype html><title>Mini</title><script type="module" src="./main.ts"></script>');
    writeFileSync(join(root, 'studio', 'app', 'main.ts'), "import { word } from '../../grammar/word';\ndocument.title = word;\n");
    writeFileSync(join(root, 'grammar', 'word.ts'), "export const word: string = 'built';\n");
    writeFileSync(join(root, 'grammar', 'word.test.ts'), '');
    return root;
  }
  const age = (root: string, path: string, seconds: number) => utimesSync(join(root, path), new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));

  it('knows when a build is missing, fresh or stale, and why', async () => {
    const { studioBuildState } = await import('../../scripts/build-studio.mjs');
    const root = miniRepo();
    expect(studioBuildState(root)).toMatchObject({ needed: true, reason: 'dist/studio/ is not built yet' });
    mkdirSync(join(root, 'dist', 'studio'), { recursive: true });
    writeFileSync(join(root, 'dist', 'studio', 'index.html'), '');
    for (const path of ['studio/app/index.html', 'grammar/word.ts']) age(root, path, 90);
    age(root, 'studio/app/main.ts', 60);
    expect(studioBuildState(root)).toMatchObject({ needed: false });
    age(root, 'dist/studio/index.html', 120);
    expect(studioBuildState(root)).toMatchObject({ needed: true, reason: 'studio/app/main.ts changed since the last build' });
    age(root, 'studio/app/main.ts', 180);
    age(root, 'studio/app/index.html', 180);
    expect(studioBuildState(root)).toMatchObject({ needed: true, reason: 'grammar/word.ts changed since the last build' });
    age(root, 'grammar/word.ts', 180);
    expect(studioBuildState(root).needed).toBe(false); // grammar/word.test.ts is newer, and does not count
    expect(studioBuildState(tempDir('verdict-studio-empty-'))).toMatchObject({ needed: false, missing: true });
  });

  it('builds with Vite into dist/studio/, dated from the start of the build, and then does nothing', async () => {
    const { buildStudio, studioBuildState } = await import('../../scripts/build-studio.mjs');
    const root = miniRepo();
    const started = Date.now();
    const logged: string[] = [];
    expect(await buildStudio({ root, log: (l) => logged.push(l) })).toEqual({ built: true });
    expect(logged[0]).toContain('not built yet');
    const html = readFileSync(join(root, 'dist', 'studio', 'index.html'), 'utf8');
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toMatch(/^assets\/index-[A-Za-z0-9_-]{8,}\.js$/);
    expect(readFileSync(join(root, 'dist', 'studio', script!), 'utf8')).toContain('built');
    expect(statSync(join(root, 'dist', 'studio', 'index.html')).mtimeMs).toBeLessThanOrEqual(started + 1000);
    expect(studioBuildState(root).needed).toBe(false);
    expect(await buildStudio({ root })).toEqual({ built: false });
    expect(readdirSync(join(root, 'dist')).sort()).toEqual(['studio']);
  }, 60_000);
});
