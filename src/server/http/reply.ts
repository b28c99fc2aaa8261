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
  const buf = Buffer.from(out, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(buf.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(buf);
}
