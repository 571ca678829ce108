// DELETE /api/runs/ID over HTTP, against a real server on a temp workspace (the sample application
// policy and its applicants): a finished run goes with its swap lines, an unknown or malformed id is
// refused, a running run is refused until cancelled, and a cross-origin request changes nothing.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startStudio, type Studio } from './index.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const POLICY = readFileSync(join(REPO, 'samples/application.policy'), 'utf8');

const temps: string[] = [];
const studios: Studio[] = [];
afterAll(async () => {
  await Promise.all(studios.map((s) => s.close()));
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** The sample policy, its first 200 applicants (data/small.jsonl) and all 3,000 (data/all.jsonl). */
async function open(): Promise<Studio> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-runs-delete-')));
  temps.push(dir);
  copyFileSync(join(REPO, 'samples/application.policy'), join(dir, 'application.policy'));
  mkdirSync(join(dir, 'data'));
  const all = readFileSync(join(REPO, 'samples/data/applicants.jsonl'), 'utf8');
  writeFileSync(join(dir, 'data/all.jsonl'), all);
  writeFileSync(join(dir, 'data/small.jsonl'), `${all.split('\n').slice(0, 200).join('\n')}\n`);
  // One worker and small chunks: the run over all.jsonl is still running when the next request comes.
  const studio = await startStudio({ dir, appDir: dir, log: () => undefined, replay: { workers: 1, chunkBytes: 8 * 1024 } });
  studios.push(studio);
  await studio.ready;
  return studio;
}

async function call(studio: Studio, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${studio.url}${path.slice(1)}`, {
    method,
    headers: { ...(method === 'GET' ? {} : { 'Content-Type': 'application/json', Origin: studio.url.replace(/\/$/, '') }), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const inputs = (dataset: string) => ({ policy: 'application.policy', base: { draft: POLICY }, candidate: { draft: POLICY, set: ['min_phone_tenure=3'] }, dataset });

async function finishedRun(studio: Studio, dataset = 'data/small.jsonl'): Promise<string> {
  const started = await call(studio, 'POST', '/api/runs', inputs(dataset));
  expect(started.status).toBe(202);
  for (let i = 0; i < 600; i++) {
    const { json } = await call(studio, 'GET', `/api/runs/${started.json.id}`);
    if (json.status !== 'running') {
      expect(json.status).toBe('done');
      return started.json.id as string;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${started.json.id} did not end`);
}

const swapsFile = (studio: Studio, id: string) => join(studio.root, '.verdict/runs', `${id}.swaps.jsonl`);
const listed = async (studio: Studio) => ((await call(studio, 'GET', '/api/runs')).json as { id: string }[]).map((r) => r.id);

describe('DELETE /api/runs/ID', () => {
  it('deletes a finished run with its swap lines, and nothing else', async () => {
    const studio = await open();
    const kept = await finishedRun(studio);
    const gone = await finishedRun(studio);
    expect((await call(studio, 'GET', `/api/runs/${gone}`)).json.report.swaps.flipped).toBeGreaterThan(0);
    expect(readFileSync(swapsFile(studio, gone), 'utf8')).not.toBe('');
    expect(await listed(studio)).toEqual([gone, kept]);

    const deleted = await call(studio, 'DELETE', `/api/runs/${gone}`, {});
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeUndefined();

    expect(existsSync(swapsFile(studio, gone))).toBe(false);
    expect(await listed(studio)).toEqual([kept]);
    for (const path of [`/api/runs/${gone}`, `/api/runs/${gone}/swaps`, `/api/runs/${gone}/report.json`]) {
      const after = await call(studio, 'GET', path);
      expect(after.status).toBe(404);
      expect(after.json.error).toEqual({ code: 'not-found', message: `there is no run ${gone}` });
    }
    // The other run is untouched.
    expect((await call(studio, 'GET', `/api/runs/${kept}`)).json.status).toBe('done');
    expect(existsSync(swapsFile(studio, kept))).toBe(true);

    // Deleted twice: the second finds nothing.
    const again = await call(studio, 'DELETE', `/api/runs/${gone}`, {});
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe('not-found');
  }, 120_000);

  it('refuses an unknown id (404), a malformed one (400), and lists DELETE among the methods of a run', async () => {
    const studio = await open();
    const unknown = await call(studio, 'DELETE', '/api/runs/20250101-000000-abcdef', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'not-found', message: 'there is no run 20250101-000000-abcdef' } });
    for (const id of ['..%2F..%2Fstudio.duckdb', '..%2Fruns%2F20250101-000000-abcdef', '20250101-000000-abcdef.swaps.jsonl', '20250101-000000-ABCDEF']) {
      const bad = await call(studio, 'DELETE', `/api/runs/${id}`, {});
      expect(bad.status, id).toBe(400);
      expect(bad.json.error.code).toBe('bad-request');
    }
    expect(existsSync(join(studio.root, '.verdict/studio.duckdb'))).toBe(true);
    const put = await call(studio, 'PUT', '/api/runs/20250101-000000-abcdef', {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, DELETE');
    // Not on the list, nor on a run's sub-resources.
    expect((await call(studio, 'DELETE', '/api/runs', {})).headers.get('allow')).toBe('GET, POST');
    const swaps = await call(studio, 'DELETE', '/api/runs/20250101-000000-abcdef/swaps', {});
    expect(swaps.status).toBe(405);
    expect(swaps.headers.get('allow')).toBe('GET');
  });

  it('refuses a running run until it is cancelled, then deletes it', async () => {
    const studio = await open();
    const started = await call(studio, 'POST', '/api/runs', inputs('data/all.jsonl'));
    expect(started.status).toBe(202);
    const id = started.json.id as string;
    const refused = await call(studio, 'DELETE', `/api/runs/${id}`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: 'run-in-progress', message: `run ${id} is still running: cancel it first (POST /api/runs/${id}/cancel), then delete it` });
    expect((await call(studio, 'GET', `/api/runs/${id}`)).json.status).toBe('running');
    expect(existsSync(swapsFile(studio, id))).toBe(true);

    expect((await call(studio, 'POST', `/api/runs/${id}/cancel`, {})).json).toEqual({ id, status: 'cancelled' });
    expect((await call(studio, 'DELETE', `/api/runs/${id}`, {})).status).toBe(204);
    expect(await listed(studio)).toEqual([]);
    expect(existsSync(swapsFile(studio, id))).toBe(false);
  }, 120_000);

  it('refuses a cross-origin DELETE, or one that is not JSON, as every state change, and keeps the run', async () => {
    const studio = await open();
    const id = await finishedRun(studio);
    const foreign = await call(studio, 'DELETE', `/api/runs/${id}`, {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('cross-origin');
    const noOrigin = await fetch(`${studio.url}api/runs/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' } });
    expect(noOrigin.status).toBe(403);
    // A plain form post or a bodiless fetch from another page cannot send JSON without a preflight.
    const notJson = await call(studio, 'DELETE', `/api/runs/${id}`, undefined, { 'Content-Type': 'text/plain' });
    expect(notJson.status).toBe(403);
    expect(notJson.json.error.code).toBe('cross-origin');
    // A page of another site reaching this port by DNS rebinding names its own host.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: studio.port, method: 'DELETE', path: `/api/runs/${id}`, headers: { Host: `evil.example:${studio.port}`, Origin: `http://evil.example:${studio.port}`, 'Content-Type': 'application/json', 'Content-Length': '2' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound).toBe(403);
    expect(await listed(studio)).toEqual([id]);
    expect(existsSync(swapsFile(studio, id))).toBe(true);
  }, 120_000);
});
