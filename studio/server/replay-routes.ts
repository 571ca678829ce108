// The replay half of the API (replay-api.md): dataset records, deciding one record, and backtest runs.
// server.ts hands every /api/ request here first; the security checks (Host, Origin, JSON bodies)
// have already run by then.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderHtml } from '../../runtime/replay/html.js';
import { compilePolicy } from '../../runtime/replay/inputs.js';
import { decideRecord } from './decide.js';
import { ApiError } from './errors.js';
import { methodNotAllowed, readJson, required, sendJson } from './http.js';
import { MAX_RECORDS_LIMIT, readRecordsPage, resolveDataset } from './records.js';
import { MAX_SWAPS_LIMIT, type Runs } from './runs.js';
import { readWorkspaceFile } from './workspace.js';

export interface ReplayContext {
  root: string;
  /** The runs, once the workspace database is open (503 when it cannot be). */
  runs: () => Promise<Runs>;
}

/** Answers the request when its path is one of this module's; false otherwise. */
export async function replayApi(ctx: ReplayContext, method: string, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (path === '/api/records') {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET', res);
    const dataset = await resolveDataset(ctx.root, required(query, 'path'));
    const policy = query.get('policy');
    let graph;
    if (policy) {
      // The policy types CSV cells and names the ids; one that does not compile just does not help.
      const { path: rel, text } = await readWorkspaceFile(ctx.root, policy);
      const compiled = compilePolicy(rel, text);
      if ('graph' in compiled) graph = compiled.graph;
    }
    const page = await readRecordsPage(dataset, {
      offset: intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
      limit: intParam(query, 'limit', 50, 1, MAX_RECORDS_LIMIT),
      ...(query.get('q') ? { q: query.get('q') as string } : {}),
      ...(graph ? { graph } : {}),
    });
    sendJson(res, 200, page);
    return true;
  }
  if (path === '/api/decide') {
    if (method !== 'POST') throw methodNotAllowed(method, 'POST', res);
    sendJson(res, 200, decideRecord(await readJson(req)));
    return true;
  }
  if (path === '/api/runs') {
    if (method === 'GET') sendJson(res, 200, await (await ctx.runs()).list(query.get('policy') || undefined));
    else if (method === 'POST') {
      const body = await readJson(req);
      sendJson(res, 202, await (await ctx.runs()).start(body));
    } else throw methodNotAllowed(method, 'GET, POST', res);
    return true;
  }
  const m = /^\/api\/runs\/([^/]+)(?:\/(cancel|swaps|report\.json|report\.html))?$/.exec(path);
  if (!m) return false;
  const [, id, action] = m;
  const runs = await ctx.runs();
  if (action === 'cancel') {
    if (method !== 'POST') throw methodNotAllowed(method, 'POST', res);
    sendJson(res, 200, await runs.cancel(id));
    return true;
  }
  if (action === undefined && method === 'DELETE') {
    // Same checks as every state change (same origin, JSON), already made by the server.
    await runs.delete(id);
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }
  if (method !== 'GET') throw methodNotAllowed(method, action === undefined ? 'GET, DELETE' : 'GET', res);
  if (action === undefined) sendJson(res, 200, await runs.get(id));
  else if (action === 'swaps') {
    const swaps = await runs.swaps(id, {
      ...(query.get('from') ? { from: query.get('from') as string } : {}),
      ...(query.get('to') ? { to: query.get('to') as string } : {}),
      offset: intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
      limit: intParam(query, 'limit', 50, 1, MAX_SWAPS_LIMIT),
    });
    sendJson(res, 200, swaps);
  } else if (action === 'report.json') {
    // Byte for byte what `verdict backtest --json FILE` writes.
    sendDownload(res, 'application/json; charset=utf-8', `verdict-backtest-${id}.json`, `${JSON.stringify(await runs.report(id), null, 2)}\n`);
  } else {
    sendDownload(res, 'text/html; charset=utf-8', `verdict-backtest-${id}.html`, renderHtml(await runs.report(id)));
  }
  return true;
}

function sendDownload(res: ServerResponse, type: string, name: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Opened in a tab rather than saved, the report runs in an opaque origin: it cannot call this API.
    'Content-Security-Policy': 'sandbox allow-scripts',
  });
  res.end(body);
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) throw new ApiError(400, 'bad-request', `\`${name}\` is a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}
