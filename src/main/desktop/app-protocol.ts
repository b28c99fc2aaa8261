/**
 * The packaged renderer is served from `app://reviewdesk/…` rather than
 * `file://` (Electron security checklist item 18): a `file:` page shares its
 * "origin" with every file on the disk, while a privileged standard scheme
 * gives the app a real origin for CSP, fetch and storage, and serves only the
 * files we choose. The URL → file decision and the responses are here, as
 * plain functions over the WHATWG `Request`/`Response` that Node 20 and
 * Electron's `protocol.handle` share, so they are tested on Node;
 * `window.ts` registers the scheme and hands requests to `appProtocolHandler`.
 */
import { contentSecurityPolicy } from '../csp';
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'reviewdesk';
/** The app's origin, as the security policy compares it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * `protocol.registerSchemesAsPrivileged` privileges: `standard` (real origin,
 * relative URLs resolve), `secure` (a secure context, like https), fetch for
 * the page's own assets. Not `bypassCSP`, not `corsEnabled`: no other origin
 * reads from it.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/**
 * The renderer's Content-Security-Policy, sent as a header with every
 * response (the `<meta>` in index.html says the same; `frame-ancestors` only
 * works as a header). No `unsafe-inline`/`unsafe-eval` anywhere.
 */
export const APP_CSP = contentSecurityPolicy();

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name; unknown kinds are bytes (with `nosniff`, never guessed into script). */
export const mimeType = (file: string): string => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';

export type AppRequestTarget =
  { ok: true; file: string; mime: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

const MAX_URL = 8192;

/**
 * Which file under `rootDir` an `app://` request names, or why none. Refused:
 * other hosts, credentials, encoded or literal `..`, backslashes, NUL,
 * drive letters, and anything that would resolve outside `rootDir`.
 */
export function resolveAppRequest(url: string, rootDir: string, method = 'GET'): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method not allowed' };
  if (typeof url !== 'string' || url.length > MAX_URL) return { ok: false, status: 400, reason: 'bad url' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'bad url' };
  }
  if (u.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not the app scheme' };
  if (u.username || u.password || u.port) return { ok: false, status: 403, reason: 'credentials or port' };
  if (u.hostname.toLowerCase() !== APP_HOST) return { ok: false, status: 404, reason: 'unknown host' };

  // The URL parser already removed `.`/`..` segments (and their %2e forms);
  // decoding can bring new ones back (`%2f..%2f`), so split only after it.
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad escape' };
  }
  if (path === '' || path === '/') path = '/index.html';
  if (path.endsWith('/')) return { ok: false, status: 404, reason: 'directory' };
  const segments = path.split('/').slice(1);
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return { ok: false, status: 403, reason: 'path segment' };
    // Backslashes are separators on Windows; ':' names drives and NTFS streams; NUL ends C strings.
    if (/[\\:\0]/.test(s)) return { ok: false, status: 403, reason: 'path character' };
  }

  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    return { ok: false, status: 403, reason: 'outside the app folder' };
  }
  return { ok: true, file, mime: mimeType(file) };
}

/** Headers every app:// response carries. */
export function appResponseHeaders(mime: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // The bundle changes with each version; the page is small: no stale renderer after an update.
    'Cache-Control': 'no-cache',
  };
}

export interface AppProtocolOptions {
  /** The built renderer folder (`out/renderer`, inside app.asar when packaged). */
  rootDir: string;
  /** Reads a file (Electron's fs reads inside app.asar); tests pass their own. */
  readFile?: (file: string) => Promise<Uint8Array<ArrayBuffer>>;
  /** Told about refused requests (never their query strings). */
  onRefused?: (info: { path: string; status: number; reason: string }) => void;
}

/** The `protocol.handle('app', …)` handler: a `Request` in, a `Response` out, never a throw. */
export function appProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const read = options.readFile ?? ((file: string) => fsReadFile(file));
  const refuse = (request: Request, status: number, reason: string): Response => {
    let path = '?';
    try {
      path = new URL(request.url).pathname.slice(0, 200);
    } catch {
      /* unparseable: keep '?' */
    }
    options.onRefused?.({ path, status, reason });
    return new Response(status === 404 ? 'Not found' : 'Refused', {
      status,
      headers: appResponseHeaders('text/plain; charset=utf-8'),
    });
  };

  return async (request) => {
    const target = resolveAppRequest(request.url, options.rootDir, request.method);
    if (!target.ok) return refuse(request, target.status, target.reason);
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await read(target.file);
    } catch {
      // Missing, a folder (EISDIR), unreadable: all the same to the page.
      return refuse(request, 404, 'no such file');
    }
    const headers = { ...appResponseHeaders(target.mime), 'Content-Length': String(body.byteLength) };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
