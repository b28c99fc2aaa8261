/**
 * Follows the server's GET /events/ (text/event-stream) over fetch, so the
 * cache catches up as soon as something changes instead of on the next
 * scheduled pull. Reconnects by itself with capped backoff and jitter; a
 * stream that goes quiet for longer than the server's keepalive promise
 * (a comment at least every 15 s) is taken for dead, since a half-open TCP
 * connection (a laptop lid, a VPN drop) can otherwise look alive for hours.
 */
import { BackendError } from '../backend/http-client';
import type { Logger } from '../log';
import type { Backoff } from './push';
import type { Timers } from './scheduler';
import { createSseParser } from './sse-parser';

export interface EventStreamDeps {
  open(signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  timers: Timers;
  backoff: Backoff;
  log: Logger;
  /** No byte for this long means the stream is dead (default 45 s: three missed keepalives). */
  idleTimeoutMs?: number;
  /** A connection that stayed up this long starts the backoff over when it drops (default 30 s). */
  healthyAfterMs?: number;
  onOpen(): void;
  /** An `event: changes` arrived (its data parsed as JSON when it is JSON). */
  onChanges(data: unknown): void;
  /** The connection was lost (never called for stop()). */
  onClose(error: unknown): void;
}

export function createEventStream(deps: EventStreamDeps) {
  const idleMs = deps.idleTimeoutMs ?? 45_000;
  const healthyMs = deps.healthyAfterMs ?? 30_000;
  let running = false;
  let connected = false;
  /** The backend answered the route with a lasting refusal (404, 403…): do not ask again this session. */
  let unsupported = false;
  /** Each connection attempt gets a number; callbacks from an older one are ignored. */
  let generation = 0;
  let controller: AbortController | null = null;
  let attempt = 0;
  let serverRetryMs = 0;
  const timer = { reconnect: null as unknown, idle: null as unknown, healthy: null as unknown };

  function clear(name: keyof typeof timer): void {
    if (timer[name] !== null) deps.timers.clearTimeout(timer[name]);
    timer[name] = null;
  }

  function arm(name: 'idle' | 'healthy', ms: number, gen: number, fn: () => void): void {
    clear(name);
    timer[name] = deps.timers.setTimeout(() => {
      timer[name] = null;
      if (gen === generation && running) fn();
    }, ms);
  }

  async function connect(): Promise<void> {
    const gen = ++generation;
    const c = new AbortController();
    controller = c;
    let body: ReadableStream<Uint8Array>;
    try {
      body = await deps.open(c.signal);
    } catch (e) {
      if (gen === generation && running) lost(e);
      return;
    }
    if (gen !== generation || !running) {
      void body.cancel().catch(() => {});
      return;
    }
    connected = true;
    arm('idle', idleMs, gen, () => lost(new Error(`no data on the event stream for ${idleMs / 1000} s`)));
    arm('healthy', healthyMs, gen, () => (attempt = 0));
    deps.onOpen();
    const parser = createSseParser({
      onEvent: (ev) => {
        if (ev.event === 'changes' && gen === generation && running) deps.onChanges(parseJson(ev.data));
      },
      onRetry: (ms) => (serverRetryMs = Math.min(ms, 5 * 60_000)),
    });
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (gen !== generation || !running) break;
        if (done) throw new Error('the server closed the event stream');
        arm('idle', idleMs, gen, () => lost(new Error(`no data on the event stream for ${idleMs / 1000} s`)));
        parser.push(value);
      }
    } catch (e) {
      if (gen === generation && running) lost(e);
    } finally {
      void reader.cancel().catch(() => {});
    }
  }

  function lost(e: unknown): void {
    generation++;
    connected = false;
    controller?.abort();
    controller = null;
    clear('idle');
    clear('healthy');
    deps.onClose(e);
    if (!running) return;
    // A refused token stops everything (the engine pauses); a backend without the route has nothing to follow.
    if (e instanceof BackendError && !e.retryable) {
      running = false;
      if (e.code !== 'unauthorized') {
        unsupported = true;
        deps.log.info('no event stream on this backend; pulling on the schedule', { status: e.status });
      }
      return;
    }
    attempt++;
    const delay = Math.max(serverRetryMs, deps.backoff.delayMs(Math.min(attempt, 10), null));
    deps.log.info('event stream lost; reconnecting', { inMs: delay, reason: e instanceof Error ? e.message : String(e) });
    clear('reconnect');
    timer.reconnect = deps.timers.setTimeout(() => {
      timer.reconnect = null;
      if (running) void connect();
    }, delay);
  }

  return {
    start(): void {
      if (running || unsupported) return;
      running = true;
      attempt = 0;
      void connect();
    },
    stop(): void {
      running = false;
      connected = false;
      generation++;
      controller?.abort();
      controller = null;
      clear('reconnect');
      clear('idle');
      clear('healthy');
    },
    connected: () => connected,
    running: () => running,
  };
}
export type EventStream = ReturnType<typeof createEventStream>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
