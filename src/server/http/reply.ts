/**
 * Writing JSON responses. Stored documents refer to the server's own files
 * through BASE_URL_PLACEHOLDER (the port is ephemeral, so an absolute URL
 * cannot be stored); it becomes the real base URL here, once per response.
 */
import type { ServerResponse } from 'node:http';
import { BASE_URL_PLACEHOLDER } from '../domain/files';

export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  baseUrl: string,
  headers: Record<string, string> = {},
): void {
  const out = text.includes(BASE_URL_PLACEHOLDER) ? text.replaceAll(BASE_URL_PLACEHOLDER, baseUrl) : text;
  sendJsonBytes(res, status, Buffer.from(out, 'utf8'), null, headers);
}

const PLACEHOLDER_BYTES = Buffer.from(BASE_URL_PLACEHOLDER);

/** Every BASE_URL_PLACEHOLDER in UTF-8 JSON replaced by the base URL, without decoding the rest. */
export function withBaseUrl(json: Buffer, baseUrl: string): Buffer {
  let at = json.indexOf(PLACEHOLDER_BYTES);
  if (at < 0) return json;
  const base = Buffer.from(baseUrl);
  const parts: Buffer[] = [];
  let from = 0;
  for (; at >= 0; at = json.indexOf(PLACEHOLDER_BYTES, from)) {
    parts.push(json.subarray(from, at), base);
    from = at + PLACEHOLDER_BYTES.length;
  }
  parts.push(json.subarray(from));
  return Buffer.concat(parts);
}

/**
 * JSON already encoded (the changes feed, assembled from stored documents as
 * bytes: encoding a page of them from a JS string was a third of the
 * server's work in a first sync). `baseUrl` null: no placeholder to replace.
 */
export function sendJsonBytes(
  res: ServerResponse,
  status: number,
  json: Buffer,
  baseUrl: string | null,
  headers: Record<string, string> = {},
): void {
  const buf = baseUrl === null ? json : withBaseUrl(json, baseUrl);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(buf.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(buf);
}
