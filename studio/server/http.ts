// The small HTTP vocabulary of the API: JSON replies, request bodies and query parameters, each
// mistake an ApiError with a status and a code.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

export function methodNotAllowed(method: string, allow: string, res: ServerResponse): ApiError {
  res.setHeader('Allow', allow);
  return new ApiError(405, 'method-not-allowed', `${method} is not allowed here (allowed: ${allow})`);
}

export function internal(e: unknown, log: (line: string) => void): ApiError {
  log(`verdict studio: internal error: ${(e as Error)?.stack ?? String(e)}`);
  return new ApiError(500, 'internal', (e as Error)?.message ?? String(e));
}

export function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new ApiError(400, 'bad-request', `the query parameter \`${name}\` is required`);
  return value;
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'too-large', `a request body is at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new ApiError(400, 'bad-json', `the body is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, 'bad-request', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

export function field(body: Record<string, unknown>, name: string, type: 'string'): string;
export function field(body: Record<string, unknown>, name: string, type: 'string', optional: true): string | undefined;
export function field(body: Record<string, unknown>, name: string, type: 'string', optional = false): string | undefined {
  const value = body[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== type) throw new ApiError(400, 'bad-request', `the body needs \`${name}\` as a ${type}`);
  return value as string;
}

