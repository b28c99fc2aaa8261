/**
 * The sync engine: one sync at a time (push the outbox, then pull the feed),
 * on demand, when the server's event stream says something changed, on a
 * schedule while the stream is down, at each outbox retry time, and again
 * soon after a failure. It believes the OS about being offline, confirms
 * "online" with /health/ before draining, and stops every request when the
 * server refuses the token. Clock, timers, backend and the OS signal are
 * injected so tests drive it without sleeping.
 */
import type { OutboxRefusal, SyncStatus } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { BackendAdapter } from '../backend/adapter';
import type { Logger } from '../log';
import type { Cache } from './cache';
import { createConnectivity } from './connectivity';
import { createEventStream, type EventStream } from './event-stream';
import { pull } from './pull';
import { exponentialBackoff, push, type Backoff } from './push';
import { createAlarm, realTimers, type Timers } from './scheduler';
import { reapplyPendingTags } from './tag-effects';

export { realTimers, type Timers } from './scheduler';

export interface SyncEngineDeps {
  cache: Cache;
  backend: BackendAdapter;
  log: Logger;
  now?: () => Date;
  timers?: Timers;
  backoff?: Backoff;
  /** Scheduled pull interval while the event stream is not connected (default 60 s). */
  intervalMs?: number;
  /** The OS's view of the network (Electron's net.isOnline); setOnline() adds the page's. */
  isOnline?: () => boolean;
  /** Follow the server's event stream once started, where the backend has one (default true). */
  stream?: boolean;
  /** Backoff for reconnecting the event stream (default: 1 s doubling to 60 s, with jitter). */
  streamBackoff?: Backoff;
  streamIdleTimeoutMs?: number;
}

/** Typed engine events: status changes (with whether cached data changed) and refused outbox items. */
export interface EngineEvents {
  status: { status: SyncStatus; changed: boolean };
  refused: OutboxRefusal;
}
export type SyncListener = (status: SyncStatus, changed: boolean) => void;

/** How often a long pull says the cached data changed (the end of a sync always does). */
const CHANGED_EVERY_MS = 1000;

export function createSyncEngine(deps: SyncEngineDeps) {
  const now = deps.now ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  const backoff = deps.backoff ?? exponentialBackoff();
  let intervalMs = deps.intervalMs ?? 60_000;
  const { cache, backend, log } = deps;
  const listeners: { [K in keyof EngineEvents]: Set<(e: EngineEvents[K]) => void> } = { status: new Set(), refused: new Set() };
  const net = createConnectivity(deps.isOnline);
  const alarm = createAlarm(timers, now, () => void syncNow());

  let running: Promise<SyncStatus> | null = null;
  let again = false;
  let started = false;
  /** The server refused the token: no request at all until a new session (sign in again). */
  let paused = false;
  let failures = 0;
  let phase: SyncStatus['phase'] = 'idle';
  let lastError: SyncStatus['lastError'] = parseError(cache.syncState.get('last_error'));
  let pulled = 0;

  const stream: EventStream | null =
    deps.stream !== false && backend.events
      ? createEventStream({
          open: (signal) => backend.events!(signal),
          timers,
          backoff: deps.streamBackoff ?? exponentialBackoff(Math.random, 1000, 60_000),
          log,
          idleTimeoutMs: deps.streamIdleTimeoutMs,
          // Connected (or back): catch up on whatever changed while it was not.
          onOpen: () => {
            emit(false);
            void syncNow();
          },
          onChanges: () => void syncNow(),
          onClose: (e) => {
            if (e instanceof AppFailure && e.code === 'unauthorized') return pause(e.message);
            if (started && !paused) alarm.atMost(intervalMs);
            emit(false);
          },
        })
      : null;

  function status(): SyncStatus {
    const due = alarm.due();
    return {
      phase,
      lastSyncAt: cache.syncState.get('last_sync_at'),
      lastError,
      outboxPending: cache.decisions.pendingCount(),
      outboxAttention: cache.decisions.attentionCount(),
      cachedAssignments: cache.assignments.count(),
      pulled,
      live: stream?.connected() ?? false,
      nextSyncAt: due === null ? null : new Date(due).toISOString(),
    };
  }

  function on<K extends keyof EngineEvents>(event: K, l: (e: EngineEvents[K]) => void): () => void {
    listeners[event].add(l);
    return () => listeners[event].delete(l);
  }

  function emit(changed: boolean): void {
    const s = status();
    for (const l of listeners.status) l({ status: s, changed });
  }

  function refused(r: OutboxRefusal): void {
    for (const l of listeners.refused) l(r);
  }

  function setError(code: string, message: string): void {
    lastError = { code, message };
    cache.syncState.set('last_error', JSON.stringify(lastError));
  }

  /** Keep everything, stop every request: the reviewer must sign in again (a new session resumes). */
  function pause(message: string): void {
    paused = true;
    phase = 'error';
    setError('unauthorized', message);
    alarm.cancel();
    stream?.stop();
    log.warn('sync paused: the server no longer accepts the token');
    emit(false);
  }

  /** After a whole sync went through: the next wake-up is the earlier of an outbox retry and, without the stream, the schedule. */
  function planAfterSuccess(): void {
    if (!started || paused) return;
    const retryAt = cache.decisions.nextAttemptAt();
    const untilRetry = retryAt ? Math.max(0, Date.parse(retryAt) - now().getTime()) : Infinity;
    const untilPull = stream?.connected() ? Infinity : intervalMs;
    const next = Math.min(untilRetry, untilPull);
    if (Number.isFinite(next)) alarm.set(next);
    else alarm.cancel();
  }

  async function runOnce(): Promise<SyncStatus> {
    if (paused) return status();
    const gate = await net.gate(() => backend.health());
    if (gate === 'os_offline' || gate === 'unreachable') {
      stream?.stop();
      phase = 'offline';
      if (gate === 'os_offline') {
        // No request until the host says the network is back; the alarm only looks at the OS signal again.
        setError('offline', 'No network connection.');
        if (started) alarm.set(intervalMs);
      } else {
        failures++;
        setError('offline', `Cannot reach ${hostOf(backend.baseUrl)}.`);
        if (started) alarm.set(backoff.delayMs(Math.min(failures, 7), null));
      }
      emit(false);
      return status();
    }
    // Back after a time offline: what waited for its retry time goes now.
    if (gate === 'reconnected') cache.decisions.retryAllNow();
    phase = 'syncing';
    pulled = 0;
    emit(false);
    let changed = false;
    try {
      // A push that fails for a retryable reason does not block the pull: a
      // decisions endpoint in trouble should not freeze the reviewer's queue.
      let pushError: unknown = null;
      try {
        const pushed = await push(cache, backend, log, now, backoff, refused);
        changed = pushed.sent + pushed.conflicts + pushed.parked + pushed.refused > 0;
        if (changed) emit(true);
      } catch (e) {
        if (e instanceof AppFailure && e.code === 'unauthorized') throw e;
        pushError = e;
      }
      let changedAt = -Infinity;
      const report = await pull(cache, backend, log, (n) => {
        pulled = n;
        // Every page moves the progress; "the data changed" (the page reloads its queue, the tray
        // its items) at most once a second: a first sync has a hundred pages, and during it the
        // queue's order-by indexes are still being built (bulk-load.ts).
        const t = now().getTime();
        const changedNow = n > 0 && t - changedAt >= CHANGED_EVERY_MS;
        if (changedNow) changedAt = t;
        emit(changedNow);
      });
      if (report.applied > 0) reapplyPendingTags(cache);
      changed = changed || report.applied + report.removed > 0;
      net.reached();
      if (pushError) throw pushError;
      failures = 0;
      phase = 'idle';
      lastError = null;
      cache.syncState.set('last_sync_at', now().toISOString());
      cache.syncState.set('last_error', null);
      // The token may have been refused on the stream while this sync ran: then nothing restarts.
      if (started && !paused) stream?.start();
      planAfterSuccess();
    } catch (e) {
      const code = e instanceof AppFailure ? e.code : 'internal';
      const message = e instanceof Error ? e.message : String(e);
      if (code === 'unauthorized') {
        pause(message);
        return status();
      }
      failures++;
      setError(code, message);
      if (code === 'offline') {
        net.lost();
        stream?.stop();
      } else {
        net.reached();
      }
      phase = code === 'offline' ? 'offline' : 'error';
      log.warn('sync failed', { code, message });
      const retryAfter =
        e instanceof Error && 'retryAfterMs' in e ? ((e as { retryAfterMs: number | null }).retryAfterMs ?? null) : null;
      if (started && !paused) alarm.set(backoff.delayMs(Math.min(failures, 7), retryAfter));
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
    /** The reviewer changed the sync interval: it applies from the next scheduled pull. */
    setIntervalMs(ms: number): void {
      intervalMs = ms;
    },
    on,
    /** Status changes, with whether cached data changed. */
    onStatus(l: SyncListener): () => void {
      return on('status', (e) => l(e.status, e.changed));
    },
    start(): void {
      started = true;
      // A fresh start does not wait out the backoff of an earlier run.
      cache.decisions.retryAllNow();
      void syncNow();
    },
    stop(): void {
      started = false;
      alarm.cancel();
      stream?.stop();
    },
    /** Resolves when the sync under way (if any) has finished. */
    idle(): Promise<unknown> {
      return running ?? Promise.resolve();
    },
    /** Something local changed (a decision, a tag change, a release): send it soon, unless known to be offline or paused. */
    notifyLocalChange(): void {
      emit(false);
      if (started && !paused && net.osOnline() && !net.unconfirmed()) alarm.set(0);
    },
    /** The host's word on the network (the page's navigator.onLine, Electron's net/powerMonitor). */
    setOnline(online: boolean): SyncStatus {
      const change = net.setOnline(online);
      if (change === 'went_offline') {
        stream?.stop();
        if (!running && !paused) {
          phase = 'offline';
          setError('offline', 'No network connection.');
        }
        emit(false);
      } else if (change === 'came_online' && started && !paused) {
        void syncNow();
      }
      return status();
    },
    /** True once the server refused the token. */
    paused: () => paused,
    /** Whether a service may ask the backend something now (not paused, not offline by the OS). */
    mayRequest: () => !paused && net.osOnline(),
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

function parseError(s: string | null): SyncStatus['lastError'] {
  if (!s) return null;
  try {
    return JSON.parse(s) as SyncStatus['lastError'];
  } catch {
    return null;
  }
}
