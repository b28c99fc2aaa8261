/**
 * A response body fetched and kept by another thread: a first sync's pages,
 * fetched by the page worker (sync/page-worker.ts), which reads them where
 * they are. This thread learns only the status, the size and the cursor the
 * page ends with. A megabyte a page of network buffers and bodies made here
 * had V8 mark this thread's whole heap every other page (external memory
 * counts against the heap's limit): some 15 full collections a first sync,
 * a tenth of its CPU, for nothing to collect.
 */
import { trailingCursor } from './feed-spans';
import { httpGet } from './http-get';

export interface HeldBody {
  /** The holder's name for it. */
  id: number;
  size: number;
  /** The cursor its last bytes name (feed-spans.ts, trailingCursor): the next page is asked for at once. */
  guess: string | null;
}

/**
 * How a fetch went: a 2xx body kept, any other status with its body, the
 * server not reached, or the fetching thread gone (nothing learnt of the server).
 */
export type FetchOutcome =
  | { kind: 'held'; held: HeldBody }
  | { kind: 'failed'; status: number; retryAfter: string | null; body: Uint8Array }
  | { kind: 'offline'; message: string }
  | { kind: 'stopped'; message: string };

/** A thread that fetches bodies and keeps them (the page reader, sync/page-reader.ts). */
export interface BodyFetcher {
  fetch(url: string, headers: Record<string, string>, timeoutMs: number): Promise<FetchOutcome>;
}

/** The holder's side: a GET of `url`, its 2xx body kept in `bodies` under `id`. */
export async function fetchAndHold(
  id: number,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  bodies: Map<number, Uint8Array>,
  get: typeof httpGet = httpGet,
): Promise<FetchOutcome> {
  try {
    const { status, header, bytes } = await get(url, headers, timeoutMs);
    if (status < 200 || status > 299) return { kind: 'failed', status, retryAfter: header('retry-after'), body: bytes };
    bodies.set(id, bytes);
    return { kind: 'held', held: { id, size: bytes.length, guess: trailingCursor(bytes) } };
  } catch (e) {
    return { kind: 'offline', message: e instanceof Error ? e.message : String(e) };
  }
}
