/**
 * One HTTP exchange with the backend: the request, its whole body, a timeout,
 * and one resend when a kept-alive socket turns out to be closed under us.
 * Failures to reach the server are BackendError('offline'); what the status
 * means is the caller's (http-client.ts). Without zod: the first sync's page
 * worker, which fetches through node:http instead (http-get.ts), says its
 * failures in the same words.
 */
import { BackendError } from './backend-error';

export type FetchFn = typeof fetch;

export interface ExchangeOptions {
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Whether a request whose socket was found closed may be sent once more (reads, and writes with an Idempotency-Key). */
  resendable: boolean;
}

/** The response and its bytes, or BackendError('offline'). */
export async function exchange(
  doFetch: FetchFn,
  method: string,
  url: string,
  o: ExchangeOptions,
): Promise<{ res: Response; bytes: Uint8Array }> {
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs);
    try {
      const res = await doFetch(url, { method, headers: o.headers, body: o.body, signal: controller.signal });
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    } catch (e) {
      const timedOut = controller.signal.aborted;
      if (!timedOut && attempt === 1 && o.resendable && isStaleSocket(e)) continue;
      throw new BackendError(
        'offline',
        timedOut ? `The server did not answer in time (${method} ${shortPath(url)})` : `Cannot reach the server: ${causeOf(e)}`,
        null,
        null,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

export function shortPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function isStaleSocket(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

export function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  return cause?.message ?? (e instanceof Error ? e.message : String(e));
}
