/**
 * A GET of a whole body through node:http(s), for the first sync's page
 * worker (held-body.ts). fetch (undici) cost that thread 7-12 ms of CPU per
 * page of a megabyte, against 4-5 here, some of it before the request even
 * left (the synchronous part of fetch()); the page worker reads pages on the
 * same thread, so every one of those ms held up the next page. Here a page's
 * chunks go straight into one buffer of the announced length.
 *
 * The same contract as exchange.ts, and what fetch did besides: the status
 * and bytes of any answer, decompressed; redirects followed; a timeout; one
 * resend when a kept-alive socket turns out to be closed under us; and
 * BackendError('offline') when the server cannot be reached.
 */
import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { BackendError } from './backend-error';
import { causeOf, shortPath } from './exchange';

export interface GotResponse {
  status: number;
  /** A response header, or null. */
  header(name: string): string | null;
  /** The body, decoded from its content-encoding. */
  bytes: Uint8Array;
}

/** Kept-alive sockets: a sync's hundred pages go over one or two. */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }),
};

/** A body announced larger than this is gathered in chunks instead of one buffer allocated up front. */
const MAX_PREALLOCATED = 64 * 2 ** 20;

/** Redirects followed, as fetch follows them (it stops at 20; a feed that needs more than this is broken). */
const MAX_REDIRECTS = 5;

/**
 * The answer to a GET of `url`, following redirects as fetch does: a server
 * that sends http:// to https://, or one path to another, is answered by
 * where it points. The credentials go only to the origin they were given
 * for, as with fetch.
 */
export async function httpGet(url: string, headers: Record<string, string>, timeoutMs: number): Promise<GotResponse> {
  let at = url;
  let sent = headers;
  for (let hops = 0; ; hops++) {
    const got = await getOne(at, sent, timeoutMs);
    const location = got.header('location');
    if (!REDIRECTS.has(got.status) || location === null || hops === MAX_REDIRECTS) return got;
    let next: URL;
    try {
      next = new URL(location, at);
    } catch {
      return got; // a Location that is no URL: the 3xx is the caller's to judge
    }
    if (next.origin !== new URL(at).origin) sent = withoutCredentials(sent);
    at = next.href;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
}

/** One GET, sent once more when its kept-alive socket turns out closed. */
async function getOne(url: string, headers: Record<string, string>, timeoutMs: number): Promise<GotResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getOnce(url, headers, timeoutMs);
    } catch (e) {
      const failure = e as GetFailure;
      if (!failure.timedOut && attempt === 1 && failure.reusedSocket && isStaleSocket(failure.error)) continue;
      const message = failure.timedOut
        ? `The server did not answer in time (GET ${shortPath(url)})`
        : failure.undecodable
          ? `The server's answer could not be decompressed (GET ${shortPath(url)}: ${(failure.error as Error).message})`
          : `Cannot reach the server: ${causeOf({ cause: failure.error })}`;
      // A body that does not inflate came garbled on the way, as a cut one does: tried again like one.
      throw new BackendError('offline', message, null, null);
    }
  }
}

interface GetFailure {
  error: unknown;
  timedOut: boolean;
  reusedSocket: boolean;
  /** The body came whole and did not decompress. */
  undecodable?: boolean;
}

function getOnce(url: string, headers: Record<string, string>, timeoutMs: number): Promise<GotResponse> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (e) {
      return reject({ error: e, timedOut: false, reusedSocket: false } satisfies GetFailure);
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) {
      return reject({ error: new Error(`unsupported protocol ${target.protocol}`), timedOut: false, reusedSocket: false });
    }
    let timedOut = false;
    let settled = false;
    const fail = (error: unknown, undecodable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject({ error, timedOut, reusedSocket: req.reusedSocket, undecodable } satisfies GetFailure);
    };
    const req = client.get(
      target,
      { headers: { 'Accept-Encoding': 'gzip, deflate, br', ...headers }, agent: agents[target.protocol as 'http:' | 'https:'] },
      (res) => {
        const announced = Number(res.headers['content-length']);
        const whole = Number.isSafeInteger(announced) && announced >= 0 && announced <= MAX_PREALLOCATED;
        const buffer = whole ? new Uint8Array(announced) : null;
        let at = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (buffer && chunks.length === 0 && at + chunk.length <= buffer.length) {
            buffer.set(chunk, at);
            at += chunk.length;
          } else chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete)
            fail(Object.assign(new Error('the connection closed before the whole answer came'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          if (settled) return;
          const raw = chunks.length === 0 && buffer ? buffer.subarray(0, at) : concat(buffer?.subarray(0, at) ?? null, chunks);
          let bytes: Uint8Array;
          try {
            bytes = decoded(raw, res.headers['content-encoding']);
          } catch (e) {
            return fail(e, true);
          }
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, header: (name) => headerValue(res.headers[name.toLowerCase()]), bytes });
        });
      },
    );
    req.on('error', fail);
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timed out'));
    }, timeoutMs);
  });
}

function concat(first: Uint8Array | null, chunks: Buffer[]): Uint8Array {
  const all = first && first.length > 0 ? [first, ...chunks] : chunks;
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The body as sent before its content-encoding (none, gzip, deflate or br). */
function decoded(raw: Uint8Array, encoding: string | undefined): Uint8Array {
  const e = encoding?.trim().toLowerCase();
  if (!e || e === 'identity') return raw;
  if (e === 'gzip' || e === 'x-gzip') return own(gunzipSync(raw));
  if (e === 'deflate') return own(inflateSync(raw));
  if (e === 'br') return own(brotliDecompressSync(raw));
  throw new Error(`unknown content-encoding ${e}`);
}

/** Its own ArrayBuffer, so that it can be moved to another thread (a Buffer may be a view of a shared pool). */
const own = (b: Buffer): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b));

const headerValue = (v: string | string[] | undefined): string | null =>
  v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;

function isStaleSocket(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
