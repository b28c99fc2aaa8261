/**
 * A client as the app builds one (cache, protocol adapter, sync engine), with
 * a manual clock and timers that never fire by themselves, plus the checks
 * the resilience tests share: what the server recorded, what the cache holds,
 * and whether the two agree.
 */
import { expect } from 'vitest';
import type { ActiveSession } from '../../src/main/app/session';
import type { FetchFn } from '../../src/main/backend/http-client';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { openDatabase } from '../../src/main/db/connection';
import { recordingLogger } from '../../src/main/log';
import { createCache, type Cache } from '../../src/main/sync/cache';
import { createSyncEngine, type Timers } from '../../src/main/sync/engine';
import type { Backoff } from '../../src/main/sync/push';
import type { Assignment } from '../../src/shared/protocol';
import type { Account, SyncStatus } from '../../src/shared/contract';
import type { BackendDriver } from './backend-driver';
import { testAccount } from './fixtures';
import type { TestServer } from './reference-server';

/** Timers that never fire by themselves: tests call syncNow explicitly. */
export const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

/** Retry at once, except where the server said when (Retry-After): then the test moves the clock. */
export const immediateBackoff: Backoff = { delayMs: (_attempt, retryAfterMs) => retryAfterMs ?? 0 };

export function manualClock(startIso = '2026-11-21T10:00:00.000Z') {
  let t = Date.parse(startIso);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    advanceTo(iso: string) {
      t = Math.max(t, Date.parse(iso));
    },
  };
}
export type ManualClock = ReturnType<typeof manualClock>;

export interface Client {
  cache: Cache;
  engine: ActiveSession['engine'];
  session: ActiveSession;
  log: ReturnType<typeof recordingLogger>;
  clock: ManualClock;
  close(): void;
}

export function createClient(opts: {
  baseUrl: string;
  token: string;
  userId?: number;
  fetch?: FetchFn;
  /** Default: an in-memory cache. */
  dbFile?: string;
  clock?: ManualClock;
  backoff?: Backoff;
  /** Another backend's adapter (tests/support/backend-driver.ts); default: the native protocol's. */
  adapter?: BackendDriver['adapter'];
  /** The id the backend knows the reviewer by (conflict rules compare the assignee with it). */
  account?: Partial<Account>;
}): Client {
  const cache = createCache(openDatabase(opts.dbFile ?? ':memory:'));
  const log = recordingLogger();
  const clock = opts.clock ?? manualClock();
  // `log` too, for an adapter that reports answers it could not use (not every version takes it).
  const adapterOptions = { baseUrl: opts.baseUrl, token: opts.token, fetch: opts.fetch, log };
  const backend = opts.adapter
    ? opts.adapter({
        baseUrl: opts.baseUrl,
        fetch: opts.fetch,
        log,
        now: clock.now,
        lookup: (id) => cache.assignments.get(id)?.assignment ?? null,
      })
    : createProtocolAdapter(adapterOptions);
  const engine = createSyncEngine({
    cache,
    backend,
    log,
    now: clock.now,
    timers: manualTimers,
    backoff: opts.backoff ?? immediateBackoff,
  });
  const session: ActiveSession = {
    account: testAccount(opts.baseUrl, opts.userId ?? 0, opts.account),
    cache,
    engine,
    backend,
  };
  return { cache, engine, session, log, clock, close: () => cache.db.close() };
}

/**
 * Runs syncs until the outbox is empty and a whole sync (push and pull) went
 * through, moving the clock to the next retry when the outbox waits for one.
 * The cap turns a client that never converges into a failed test, not a hang.
 */
export async function syncUntilSettled(client: Client, cap = 200): Promise<{ iterations: number; last: SyncStatus }> {
  let last = client.engine.status();
  for (let i = 1; i <= cap; i++) {
    last = await client.engine.syncNow();
    if (last.phase === 'idle' && last.outboxPending === 0) return { iterations: i, last };
    const next = client.cache.decisions.nextAttemptAt();
    if (next) client.clock.advanceTo(next);
    client.clock.advance(1);
  }
  throw new Error(`the sync did not settle in ${cap} rounds: ${JSON.stringify(last)}`);
}

export interface LocalDecisionRow {
  decision_id: string;
  assignment_id: number;
  state: string;
  values: Record<string, unknown>;
  error: { code?: string } | null;
  server: Assignment | null;
}

/** Every decision the reviewer made, straight from the table (the repository only offers the latest per assignment). */
export function localDecisions(cache: Cache): LocalDecisionRow[] {
  const rows = cache.db
    .prepare('SELECT decision_id, assignment_id, state, values_json, error_json, server_json FROM decisions ORDER BY rowid')
    .all() as {
    decision_id: string;
    assignment_id: number;
    state: string;
    values_json: string;
    error_json: string | null;
    server_json: string | null;
  }[];
  return rows.map((r) => ({
    decision_id: r.decision_id,
    assignment_id: r.assignment_id,
    state: r.state,
    values: JSON.parse(r.values_json) as Record<string, unknown>,
    error: r.error_json ? (JSON.parse(r.error_json) as { code?: string }) : null,
    server: r.server_json ? (JSON.parse(r.server_json) as Assignment) : null,
  }));
}

export function outboxKeys(cache: Cache): string[] {
  return (cache.db.prepare('SELECT idempotency_key AS k FROM outbox ORDER BY seq').all() as { k: string }[]).map((r) => r.k);
}

/** Each decision id and each assignment at most once among what the server recorded. */
export function expectNoDuplicates(recorded: { decision_id: string; assignment_id: number }[]): void {
  const byKey = countBy(recorded.map((d) => d.decision_id));
  const byAssignment = countBy(recorded.map((d) => String(d.assignment_id)));
  expect(
    [...byKey].filter(([, n]) => n > 1),
    'decision ids recorded more than once',
  ).toEqual([]);
  expect(
    [...byAssignment].filter(([, n]) => n > 1),
    'assignments decided more than once',
  ).toEqual([]);
}

function countBy(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** The reviewer's assignments as the server lists them (GET /assignments/, every page), by id. */
export async function serverAssignments(server: TestServer, token = server.token): Promise<Map<number, Assignment>> {
  const out = new Map<number, Assignment>();
  let url: string | null = `${server.baseUrl}/assignments/?assignee=me&page_size=1000`;
  while (url) {
    const res = await fetch(url, { headers: { Authorization: `Token ${token}` } });
    if (!res.ok) throw new Error(`GET /assignments/: ${res.status}`);
    const page = (await res.json()) as { next: string | null; results: Assignment[] };
    for (const a of page.results) out.set(a.id, a);
    url = page.next;
  }
  return out;
}

/**
 * The cache agrees with the server: the cached ids are exactly the reviewer's
 * non-cancelled assignments, and each has the server's status and version
 * (read one by one from GET /assignments/{id}/, the protocol's own view).
 */
export async function expectCacheMatchesServer(server: TestServer, cache: Cache, token = server.token): Promise<void> {
  const listed = await serverAssignments(server, token);
  const live = [...listed.values()].filter((a) => a.status !== 'cancelled').map((a) => a.id);
  expect(cache.assignments.allIds().sort((a, b) => a - b)).toEqual(live.sort((a, b) => a - b));
  const mismatches: string[] = [];
  const ids = cache.assignments.allIds();
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map(async (id) => {
        const res = await fetch(`${server.baseUrl}/assignments/${id}/`, { headers: { Authorization: `Token ${token}` } });
        const remote = (await res.json()) as Assignment;
        const local = cache.assignments.get(id)!.assignment;
        if (local.status !== remote.status || local.version !== remote.version)
          mismatches.push(`${id}: cache ${local.status} v${local.version}, server ${remote.status} v${remote.version}`);
      }),
    );
  }
  expect(mismatches, 'cached assignments that differ from the server').toEqual([]);
}
