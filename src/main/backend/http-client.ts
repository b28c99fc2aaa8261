/**
 * A small HTTP client for the review backend: token auth, timeouts, JSON
 * parsing and the protocol's error table mapped onto the app's error codes.
 * fetch is injected so tests can run it through fault-injecting proxies.
 */
import type { z } from 'zod';
import { ErrorBodySchema } from '../../shared/protocol';
import { AppFailure } from '../../shared/result';
import { nextTurn } from '../next-turn';
import { BackendError } from './backend-error';
import { causeOf, exchange as exchangeOnce, shortPath, type FetchFn } from './exchange';
import type { BodyFetcher, HeldBody } from './held-body';

export { BackendError } from './backend-error';
export type { FetchFn } from './exchange';

export interface HttpClientOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  /** The credential headers of a backend that does not take `Authorization: Token <token>` (Synapse, HITL services). */
  authHeaders?: Record<string, string>;
  /**
   * False for a backend without idempotency keys (Synapse, HITL services): a
   * write whose kept-alive socket closed before the answer may have been
   * applied, so it is not resent at once; the adapter re-reads before the
   * outbox's next try. Reads are always resent.
   */
  resendStaleWrites?: boolean;
}

export interface RequestOptions<T> {
  body?: unknown;
  headers?: Record<string, string>;
  schema?: z.ZodType<T>;
  auth?: boolean;
  timeoutMs?: number;
  /** Handed the response's bytes (UTF-8, as received) when it succeeded and passed the schema. */
  onBytes?: (bytes: Uint8Array) => void;
}

const utf8 = new TextDecoder();
const LARGE_BODY_BYTES = 256 * 1024;

/** Normalises what the reviewer typed into a base URL: scheme added, trailing slash dropped. */
export function normaliseBaseUrl(input: string): string {
  let s = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  const u = new URL(s); // throws TypeError for garbage
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('Only http and https URLs are supported');
  return u.toString().replace(/\/+$/, '');
}

export function createHttpClient(opts: HttpClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const defaultTimeout = opts.timeoutMs ?? 20_000;
  const auth = opts.authHeaders ?? { Authorization: `Token ${opts.token}` };

  /** A request's headers: JSON wanted, the caller's own, and the credentials unless it opts out. */
  const headersOf = (o: RequestOptions<unknown>): Record<string, string> => {
    const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
    if (o.auth !== false) Object.assign(headers, auth);
    return headers;
  };

  /** The response and its bytes, or BackendError('offline'); one resend on a stale kept-alive socket. */
  function exchange(method: string, url: string, o: RequestOptions<unknown>): Promise<{ res: Response; bytes: Uint8Array }> {
    const headers = headersOf(o);
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    return exchangeOnce(doFetch, method, url, {
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      timeoutMs: o.timeoutMs ?? defaultTimeout,
      // Safe for reads, and for writes that carry an Idempotency-Key or are idempotent by nature;
      // other backends' writes opt out (above).
      resendable: method === 'GET' || method === 'HEAD' || opts.resendStaleWrites !== false,
    });
  }

  const urlOf = (pathOrUrl: string) => (/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl}`);

  async function request<T>(method: string, pathOrUrl: string, o: RequestOptions<T> = {}): Promise<T> {
    const url = urlOf(pathOrUrl);
    const { res, bytes } = await exchange(method, url, o);
    // A large body (a changes page: about 1 MB) is decoded in one turn of the event loop and
    // parsed in the next: together they held the main thread for 40-60 ms on a busy machine.
    const text = utf8.decode(bytes);
    let json: unknown = undefined;
    if (bytes.length > LARGE_BODY_BYTES) await nextTurn();
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        if (res.ok) throw notJson(method, url, res.status);
      }
    }
    if (!res.ok) throw errorFor(res, json);
    if (!o.schema) {
      o.onBytes?.(bytes);
      return json as T;
    }
    const parsed = o.schema.safeParse(json);
    if (!parsed.success) throw badShape(method, url, res.status, parsed.error.issues[0]?.message ?? 'invalid');
    o.onBytes?.(bytes);
    return parsed.data;
  }

  /**
   * A successful response's bytes, unread (the caller reads them, perhaps on
   * another thread); a failure is the same BackendError as request's.
   */
  async function requestBytes(method: string, pathOrUrl: string, o: RequestOptions<unknown> = {}): Promise<Uint8Array> {
    const url = urlOf(pathOrUrl);
    const { res, bytes } = await exchange(method, url, o);
    if (res.ok) return bytes;
    let json: unknown = undefined;
    try {
      json = bytes.length > 0 ? JSON.parse(utf8.decode(bytes)) : undefined;
    } catch {
      // An error page that is not JSON: its status says it all.
    }
    throw errorFor(res, json);
  }

  /**
   * A successful response's body fetched and kept by `via` (the first sync's
   * page worker, held-body.ts), for that thread to read; a failure is the same
   * BackendError as request's.
   */
  async function requestHeld(pathOrUrl: string, via: BodyFetcher, o: RequestOptions<unknown> = {}): Promise<HeldBody> {
    const out = await via.fetch(urlOf(pathOrUrl), headersOf(o), o.timeoutMs ?? defaultTimeout);
    if (out.kind === 'held') return out.held;
    if (out.kind === 'offline') throw new BackendError('offline', out.message, null, null);
    // Not the server's doing, nor the network's: the sync fails and tries again, the network still believed.
    if (out.kind === 'stopped') throw new AppFailure('internal', out.message);
    let json: unknown = undefined;
    try {
      json = out.body.length > 0 ? JSON.parse(utf8.decode(out.body)) : undefined;
    } catch {
      // An error page that is not JSON: its status says it all.
    }
    throw errorOfStatus(out.status, out.retryAfter, json);
  }

  /**
   * Opens a long-lived response (the SSE stream) and hands back its body. The
   * timeout covers only the wait for the headers: the body may then last for
   * hours, until the caller's signal aborts it.
   */
  async function openStream(
    path: string,
    signal: AbortSignal,
    accept = 'text/event-stream',
  ): Promise<ReadableStream<Uint8Array>> {
    const url = `${base}${path}`;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), defaultTimeout);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'GET',
        headers: { Accept: accept, ...auth, 'Cache-Control': 'no-cache' },
        signal: controller.signal,
      });
    } catch (e) {
      signal.removeEventListener('abort', onAbort);
      throw new BackendError('offline', `Cannot reach the server: ${causeOf(e)}`, null, null);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok || !res.body) {
      signal.removeEventListener('abort', onAbort);
      const text = await res.text().catch(() => '');
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        /* an error page that is not JSON: the status says enough */
      }
      if (res.ok) throw new BackendError('bad_response', `GET ${shortPath(url)} sent no body`, res.status, null);
      throw errorFor(res, json);
    }
    return res.body;
  }

  return { request, requestBytes, requestHeld, openStream, baseUrl: base };
}
export type HttpClient = ReturnType<typeof createHttpClient>;

/** A 2xx whose body is not JSON. */
export function notJson(method: string, url: string, status: number | null): BackendError {
  return new BackendError(
    'bad_response',
    `The server sent a response that is not JSON (${method} ${shortPath(url)})`,
    status,
    null,
  );
}

/** A 2xx whose JSON is not what the protocol says. */
export function badShape(method: string, url: string, status: number | null, problem: string): BackendError {
  return new BackendError(
    'bad_response',
    `The server's answer to ${method} ${shortPath(url)} is not in the expected shape: ${problem}`,
    status,
    null,
  );
}

function errorFor(res: Response, json: unknown): BackendError {
  return errorOfStatus(res.status, res.headers.get('retry-after'), json);
}

/** The protocol's error table: a status (and its Retry-After, its body) as the app's error. */
function errorOfStatus(s: number, retryAfter: string | null, json: unknown): BackendError {
  const parsed = ErrorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : null;
  const detail = body?.detail;
  if (s === 401) return new BackendError('unauthorized', detail ?? 'The server did not accept the token', s, body);
  if (s === 403) return new BackendError('forbidden', detail ?? 'Not allowed', s, body);
  if (s === 404) return new BackendError('not_found', detail ?? 'Not found', s, body);
  if (s === 409) return new BackendError('conflict', detail ?? 'Conflict', s, body);
  if (s === 410) return new BackendError('not_found', detail ?? 'Gone', s, body);
  if (s === 400 || s === 422)
    return new BackendError('validation', detail ?? 'The server refused the values', s, body, null, body?.errors);
  if (s === 429) {
    const ra = Number(retryAfter);
    return new BackendError(
      'rate_limited',
      detail ?? 'Too many requests',
      s,
      body,
      Number.isFinite(ra) && ra >= 0 ? ra * 1000 : null,
    );
  }
  if (s >= 500) return new BackendError('server', detail ?? `The server failed (${s})`, s, body);
  return new BackendError('bad_response', detail ?? `Unexpected status ${s}`, s, body);
}
