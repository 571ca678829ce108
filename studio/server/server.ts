// The studio's HTTP server: the JSON API of studio-api.md over one workspace folder, and the built app.
// Local by construction: it binds 127.0.0.1 only, refuses foreign Host headers (DNS rebinding),
// refuses state changes that do not come, as JSON, from its own origin, and API reads that say they
// come from another origin or site.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpath, stat } from 'node:fs/promises';
import { ApiError } from './errors.js';
import { field, internal, methodNotAllowed, readJson, required, sendJson } from './http.js';
import { policyKey as policyPath } from './paths.js';
import { replayApi } from './replay-routes.js';
import { defaultAppDir } from './root.js';
import { Runs } from './runs.js';
import { RunStore } from './runs-store.js';
import { serveStatic } from './static.js';
import { VersionStore } from './versions.js';
import { listWorkspace, readWorkspaceFile, writeWorkspaceFile } from './workspace.js';

export interface StudioOptions {
  /** The workspace folder. */
  dir: string;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** The built app; defaults to the package's `dist/studio/`. */
  appDir?: string;
  /** Where unexpected server errors are reported (default: stderr). */
  log?: (line: string) => void;
  /** Backtest runs: worker threads per run (default: the machine's cores) and JSONL chunk size (tests). */
  replay?: { workers?: number; chunkBytes?: number };
}

export interface Studio {
  url: string;
  port: number;
  /** The workspace's realpath. */
  root: string;
  /** Settles when the workspace database (versions and runs) is open; rejects (with the reason) when it cannot be. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_CHARS = 10_000;

export async function startStudio(options: StudioOptions): Promise<Studio> {
  let root: string;
  try {
    root = await realpath(options.dir);
  } catch {
    throw new Error(`the workspace ${options.dir} does not exist`);
  }
  if (!(await stat(root)).isDirectory()) throw new Error(`the workspace ${options.dir} is not a folder`);
  const appDir = options.appDir ?? defaultAppDir();
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));

  // DuckDB's native library takes about a second to load: open it in the background so that the page is
  // served at once; only the versions API waits for it.
  const opening = VersionStore.open(root);
  opening.catch(() => undefined);
  const server = createServer();
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: HOST, port: options.port ?? 0 }, () => resolve((server.address() as AddressInfo).port));
    });
  } catch (e) {
    await opening.then((store) => store.close(), () => undefined);
    throw e;
  }
  // Runs interrupted by the last stop are marked failed here, before any new run can start.
  const runsOpening = opening.then(async (versions) => new Runs(root, await RunStore.open(versions.db), versions, { ...options.replay, log }));
  runsOpening.catch(() => undefined);
  const ready = runsOpening.then(() => undefined);
  ready.catch(() => undefined);
  const store = async (): Promise<VersionStore> => {
    try {
      return await opening;
    } catch (e) {
      throw new ApiError(503, 'versions-unavailable', `saved versions are unavailable: ${(e as Error).message}`);
    }
  };
  const runs = async (): Promise<Runs> => {
    try {
      return await runsOpening;
    } catch (e) {
      throw new ApiError(503, 'runs-unavailable', `backtest runs are unavailable: ${(e as Error).message}`);
    }
  };
  const origins = new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  const hosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      const error = e instanceof ApiError ? e : internal(e, log);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, error.status, { error: { code: error.code, message: error.message } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) throw new ApiError(403, 'bad-host', `requests must be addressed to ${HOST}:${port}`);
    const method = req.method ?? 'GET';
    const stateChanging = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (stateChanging) {
      const origin = req.headers.origin;
      if (!origin || !origins.has(origin)) throw new ApiError(403, 'cross-origin', `${method} is only accepted from the studio's own page (Origin ${origin ?? 'missing'})`);
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') throw new ApiError(403, 'cross-origin', `${method} needs a JSON body (Content-Type: application/json)`);
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));

    if (path === '/api' || path.startsWith('/api/')) {
      if (!stateChanging) refuseForeignRead(method, req);
      return api(method, path, query, req, res);
    }
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, 'GET, HEAD', res);
    return serveStatic(appDir, path, req, res);
  }

  /**
   * The API's reads are the workspace's data: another origin's page must not reach them either (the
   * browser would not let it see the answer, but it could still time it, or make the server read a
   * large dataset). The app's own reads are same-origin: browsers send them with no Origin (or their
   * own) and `Sec-Fetch-Site: same-origin`; an address typed in the bar is `none`; curl sends neither.
   */
  function refuseForeignRead(method: string, req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) throw new ApiError(403, 'cross-origin', `${method} of the API is only answered to the studio's own page (Origin ${origin})`);
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new ApiError(403, 'cross-origin', `${method} of the API is only answered to the studio's own page (Sec-Fetch-Site ${site})`);
  }

  async function api(method: string, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (path === '/api/health') {
      if (method !== 'GET') throw methodNotAllowed(method, 'GET', res);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/api/workspace') {
      if (method !== 'GET') throw methodNotAllowed(method, 'GET', res);
      return sendJson(res, 200, await listWorkspace(root));
    }
    if (path === '/api/file') {
      const file = required(query, 'path');
      if (method === 'GET') {
        // `optional=1`: a file that may not exist (a policy's layout sidecar) is not an error.
        if (query.get('optional') === '1') {
          try {
            return sendJson(res, 200, await readWorkspaceFile(root, file));
          } catch (e) {
            if (e instanceof ApiError && e.code === 'not-found') return sendJson(res, 200, { path: file, missing: true });
            throw e;
          }
        }
        return sendJson(res, 200, await readWorkspaceFile(root, file));
      }
      if (method === 'PUT') {
        const body = await readJson(req);
        const text = field(body, 'text', 'string');
        const baseHash = field(body, 'baseHash', 'string', true);
        return sendJson(res, 200, await writeWorkspaceFile(root, file, text, baseHash));
      }
      throw methodNotAllowed(method, 'GET, PUT', res);
    }
    if (path === '/api/versions') {
      if (method === 'GET') return sendJson(res, 200, await (await store()).list(await policyKey(required(query, 'policy'))));
      if (method === 'POST') {
        const body = await readJson(req);
        const policy = await policyKey(field(body, 'policy', 'string'));
        const text = field(body, 'text', 'string');
        const message = field(body, 'message', 'string');
        if (message.length > MAX_MESSAGE_CHARS) throw new ApiError(400, 'bad-request', `a version message is at most ${MAX_MESSAGE_CHARS} characters`);
        return sendJson(res, 201, await (await store()).save(policy, text, message));
      }
      throw methodNotAllowed(method, 'GET, POST', res);
    }
    if (await replayApi({ root, runs }, method, path, query, req, res)) return;
    const one = /^\/api\/versions\/([^/]+)$/.exec(path);
    if (one) {
      // Saved versions are immutable: there is no PUT, PATCH or DELETE here on purpose.
      if (method !== 'GET') throw methodNotAllowed(method, 'GET', res);
      if (!/^[1-9]\d{0,8}$/.test(one[1])) throw new ApiError(400, 'bad-request', `a version number is a positive integer, not ${JSON.stringify(one[1])}`);
      const policy = await policyKey(required(query, 'policy'));
      const version = await (await store()).get(policy, Number(one[1]));
      if (!version) throw new ApiError(404, 'not-found', `${policy} has no version ${one[1]}`);
      return sendJson(res, 200, version);
    }
    throw new ApiError(404, 'not-found', `no API at ${path}`);
  }

  /** Versions are keyed by the policy's normalised workspace path, checked like any other path. */
  const policyKey = (policy: string): Promise<string> => policyPath(root, policy);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    root,
    ready,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await runsOpening.then((r) => r.close(), () => undefined);
        await opening.then((versions) => versions.close(), () => undefined);
      })();
      return closing;
    },
  };
}
