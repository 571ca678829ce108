// The built app (`dist/studio/`): content types, and caching that lets hashed assets live forever while
// index.html is revalidated on every load (so a rebuild is picked up by a plain reload).

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { ApiError } from './errors.js';
import { isInside, normaliseRelative } from './paths.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The app is never framed (another site's page could otherwise lay it under its own and have the user
 * click Save or Delete), and it loads no image from the network (a policy's title is Markdown in
 * Monaco's hovers, where `![](https://…)` would otherwise be fetched: the app works offline).
 */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "frame-ancestors 'none'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
};

/** Vite names emitted assets `assets/name-HASH.ext`: their content never changes under that name. */
const HASHED_ASSET = /^assets\/.+[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export async function serveStatic(appDir: string, urlPath: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new ApiError(400, 'bad-path', 'the URL is not correctly percent-encoded');
  }
  const rel = decoded === '/' || decoded === '' ? 'index.html' : normaliseRelative(decoded.slice(1));
  let root: string;
  try {
    root = await realpath(appDir);
  } catch {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`The studio app is not built (${appDir} is missing).\nBuild it with: node scripts/build-studio.mjs\n`);
    return;
  }
  // No fallback to index.html for unknown paths: the app keeps its state in the URL's hash, and its
  // assets are addressed relative to the page (base './'), so a deep path could only serve a broken page.
  const file = join(root, rel);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new ApiError(404, 'not-found', `no such file: ${decoded}`);
  if (!isInside(root, await realpath(file))) throw new ApiError(403, 'outside-workspace', `${decoded} leads outside the app folder`);

  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...APP_SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': HASHED_ASSET.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = info.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}
