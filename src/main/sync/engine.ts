/**
 * The sync engine: one sync at a time (push the outbox, then pull the feed),
 * on demand, on a schedule, and again soon after a failure. Clock, timers and
 * the backend are injected so tests drive it without sleeping.
 */
import type { SyncStatus } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { BackendAdapter } from '../backend/adapter';
import type { Logger } from '../log';
import type { Cache } from './cache';
import { pull } from './pull';
import { exponentialBackoff, push, type Backoff } from './push';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SyncEngineDeps {
  cache: Cache;
  backend: BackendAdapter;
  log: Logger;
  now?: () => Date;
  timers?: Timers;
  backoff?: Backoff;
  /** Scheduled pull interval (default 60 s). */
  intervalMs?: number;
}

export type SyncListener = (status: SyncStatus, changed: boolean) => void;

export function createSyncEngine(deps: SyncEngineDeps) {
  const now = deps.now ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  const backoff = deps.backoff ?? exponentialBackoff();
  const intervalMs = deps.intervalMs ?? 60_000;
  const { cache, backend, log } = deps;
  const listeners = new Set<SyncListener>();

  let running: Promise<SyncStatus> | null = null;
  let again = false;
  let timer: unknown = null;
  let started = false;
  let failures = 0;
  let phase: SyncStatus['phase'] = 'idle';
  let lastError: SyncStatus['lastError'] = parseError(cache.syncState.get('last_error'));
  let pulled = 0;

  function status(): SyncStatus {
    return {
      phase,
      lastSyncAt: cache.syncState.get('last_sync_at'),
      lastError,
      outboxPending: cache.decisions.pendingCount(),
      outboxAttention: cache.decisions.attentionCount(),
      cachedAssignments: cache.assignments.count(),
      pulled,
    };
  }

  function emit(changed: boolean): void {
    const s = status();
    for (const l of listeners) l(s, changed);
  }

  function schedule(ms: number): void {
    if (!started) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void syncNow();
    }, ms);
  }

  async function runOnce(): Promise<SyncStatus> {
    phase = 'syncing';
    pulled = 0;
    emit(false);
    let changed = false;
    try {
      // A push that fails for a retryable reason does not block the pull: a
      // decisions endpoint in trouble should not freeze the reviewer's queue.
      let pushError: unknown = null;
      try {
        const pushed = await push(cache, backend, log, now, backoff);
        changed = pushed.sent + pushed.conflicts + pushed.parked > 0;
        if (changed) emit(true);
      } catch (e) {
        if (e instanceof AppFailure && e.code === 'unauthorized') throw e;
        pushError = e;
      }
      const report = await pull(cache, backend, log, (n) => {
        pulled = n;
        emit(n > 0);
      });
      changed = changed || report.applied + report.removed > 0;
      if (pushError) throw pushError;
      failures = 0;
      phase = 'idle';
      lastError = null;
      cache.syncState.set('last_sync_at', now().toISOString());
      cache.syncState.set('last_error', null);
      const retryAt = cache.decisions.nextAttemptAt();
      const untilRetry = retryAt ? Math.max(0, Date.parse(retryAt) - now().getTime()) : intervalMs;
      schedule(Math.min(intervalMs, untilRetry));
    } catch (e) {
      failures++;
      const code = e instanceof AppFailure ? e.code : 'internal';
      const message = e instanceof Error ? e.message : String(e);
      lastError = { code, message };
      cache.syncState.set('last_error', JSON.stringify(lastError));
      if (code === 'unauthorized') {
        // Keep everything, stop trying: the reviewer must sign in again.
        phase = 'error';
        log.warn('sync paused: the server no longer accepts the token');
      } else {
        phase = code === 'offline' ? 'offline' : 'error';
        log.warn('sync failed', { code, message });
        schedule(
          backoff.delayMs(
            Math.min(failures, 7),
            e instanceof Error && 'retryAfterMs' in e ? ((e as { retryAfterMs: number | null }).retryAfterMs ?? null) : null,
          ),
        );
      }
    }
    emit(changed);
    return status();
  }

  /** Runs a sync now, or joins the one under way (and runs once more after it, so nothing asked for is missed). */
  function syncNow(): Promise<SyncStatus> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let s = await runOnce();
      while (again) {
        again = false;
        s = await runOnce();
      }
      running = null;
      return s;
    })();
    return running;
  }

  return {
    status,
    syncNow,
    onStatus(l: SyncListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    start(): void {
      started = true;
      void syncNow();
    },
    stop(): void {
      started = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    /** Resolves when the sync under way (if any) has finished. */
    idle(): Promise<unknown> {
      return running ?? Promise.resolve();
    },
    /** Something local changed (a decision): send it soon. */
    notifyLocalChange(): void {
      emit(false);
      if (started) schedule(0);
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;

function parseError(s: string | null): SyncStatus['lastError'] {
  if (!s) return null;
  try {
    return JSON.parse(s) as SyncStatus['lastError'];
  } catch {
    return null;
  }
}
