/**
 * Request bodies: read with a size cap (413 past it) and parsed as JSON (400
 * when it is not). The cap is checked against Content-Length first so a huge
 * upload is refused before it is read.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

/** Large enough for a 500-item decision batch or a few thousand admin-created assignments. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `Request body exceeds ${limit} bytes.`);
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** An empty body is `undefined`; anything else must be JSON. */
export function parseJsonBody(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  const text = buf.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `Request body is not valid JSON: ${(err as Error).message}`);
  }
}
