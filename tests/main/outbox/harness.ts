/**
 * What the outbox and connectivity tests share: a clock whose timers fire only
 * when the test moves it, a fetch that records every request and lets a test
 * answer some of them itself, and a client (cache, adapter, engine, session)
 * wired as the app wires one, against the real reference server.
 */
import type { ActiveSession } from '../../../src/main/app/session';
import type { FetchFn } from '../../../src/main/backend/http-client';
import { createProtocolAdapter } from '../../../src/main/backend/protocol-adapter';
import { openDatabase } from '../../../src/main/db/connection';
import { recordingLogger } from '../../../src/main/log';
import { createCache, type Cache } from '../../../src/main/sync/cache';
import { createSyncEngine, type SyncEngine, type SyncEngineDeps, type Timers } from '../../../src/main/sync/engine';
import type { Backoff } from '../../../src/main/sync/push';
import type { OutboxRefusal, SyncStatus } from '../../../src/shared/contract';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createAssignments, publishSimpleForm, testAccount } from '../../support/fixtures';

export function fakeTime(startIso = '2026-11-21T10:00:00.000Z') {
  let t = Date.parse(startIso);
  let seq = 0;
  const queue: { id: number; at: number; fn: () => void }[] = [];
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = ++seq;
      queue.push({ id, at: t + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(h) {
      const i = queue.findIndex((x) => x.id === h);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => new Date(t),
    /** Moves the clock by `ms`, firing each timer that falls due, in time order. */
    advance(ms: number): void {
      const end = t + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = queue[0];
        if (!next || next.at > end) break;
        queue.shift();
        t = Math.max(t, next.at);
        next.fn();
      }
      t = end;
    },
    /** Delays (from now) of the timers waiting to fire. */
    pending(): number[] {
      return queue.map((x) => x.at - t).sort((a, b) => a - b);
    },
  };
}
export type FakeTime = ReturnType<typeof fakeTime>;

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | null;
}
/** Returns a Response (or throws) to answer a request itself, or undefined to let the server answer. */
export type Rule = (call: Call) => Response | Error | undefined | Promise<Response | Error | undefined>;

export function scriptedFetch() {
  const calls: Call[] = [];
  const rules = new Set<Rule>();
  const fetchFn: FetchFn = async (input, init) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init?.headers as Record<string, string>) ?? {})) headers[k.toLowerCase()] = v;
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, '') + url.search,
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      signal: init?.signal ?? null,
    };
    calls.push(call);
    for (const rule of rules) {
      const out = await rule(call);
      if (out instanceof Error) throw out;
      if (out) return out;
    }
    return fetch(input, init);
  };
  return {
    fetch: fetchFn,
    calls,
    /** Adds a rule; returns a function that removes it. */
    when(rule: Rule): () => void {
      rules.add(rule);
      return () => rules.delete(rule);
    },
    paths: (prefix = ''): string[] => calls.map((c) => `${c.method} ${c.path}`).filter((p) => p.includes(prefix)),
  };
}
export type ScriptedFetch = ReturnType<typeof scriptedFetch>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const networkDown = (): Error => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** Doubling from 1 s without jitter, so tests can say exactly when a retry is due. */
export const fixedBackoff: Backoff = { delayMs: (attempt, retryAfterMs) => retryAfterMs ?? 1000 * 2 ** (attempt - 1) };

export interface Client {
  cache: Cache;
  engine: SyncEngine;
  session: ActiveSession;
  log: ReturnType<typeof recordingLogger>;
  net: ScriptedFetch;
  time: FakeTime;
  refusals: OutboxRefusal[];
  /** Stops the engine, lets a sync under way finish, then closes the cache (as signing out does). */
  close(): Promise<void>;
}

export function makeClient(
  server: TestServer,
  opts: Partial<Pick<SyncEngineDeps, 'intervalMs' | 'isOnline' | 'stream' | 'streamBackoff' | 'streamIdleTimeoutMs'>> & {
    backoff?: Backoff;
    net?: ScriptedFetch;
    time?: FakeTime;
  } = {},
): Client {
  const cache = createCache(openDatabase(':memory:'));
  const log = recordingLogger();
  const net = opts.net ?? scriptedFetch();
  const time = opts.time ?? fakeTime();
  const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token, fetch: net.fetch });
  const engine = createSyncEngine({
    cache,
    backend,
    log,
    now: time.now,
    timers: time.timers,
    backoff: opts.backoff ?? fixedBackoff,
    stream: opts.stream ?? false,
    intervalMs: opts.intervalMs,
    isOnline: opts.isOnline,
    streamBackoff: opts.streamBackoff,
    streamIdleTimeoutMs: opts.streamIdleTimeoutMs,
  });
  const refusals: OutboxRefusal[] = [];
  engine.on('refused', (r) => refusals.push(r));
  const session: ActiveSession = {
    account: testAccount(server.baseUrl, server.reviewerId),
    cache,
    engine,
    backend,
  };
  return {
    cache,
    engine,
    session,
    log,
    net,
    time,
    refusals,
    close: async () => {
      engine.stop();
      await engine.idle();
      cache.db.close();
    },
  };
}

/** Resolves once `check` holds, looking again at each status the engine emits (no polling, no sleeping). */
export function until(engine: SyncEngine, check: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const now = engine.status();
    if (check(now)) return resolve(now);
    const off = engine.onStatus((s) => {
      if (!check(s)) return;
      off();
      resolve(s);
    });
  });
}

/** The assignment as the reviewer's GET /assignments/{id}/ sees it on the server. */
export async function serverView(
  server: TestServer,
  id: number,
): Promise<{ status: number; body: { tags?: number[]; status?: string; version?: number; assignee?: number | null } }> {
  return server.asReviewer('GET', `/assignments/${id}/`);
}

/** A reference server with the simple form and `count` assignments, and a client that has pulled them. */
export async function syncedClient(count = 3): Promise<{ server: TestServer; client: Client; ids: number[] }> {
  const server = await startTestServer();
  await publishSimpleForm(server);
  const ids = (await createAssignments(server, count)).map((a) => a.id);
  const client = makeClient(server);
  await client.engine.syncNow();
  return { server, client, ids };
}

export async function closeAll(client: Client | undefined, server: TestServer | undefined): Promise<void> {
  await client?.close();
  await server?.close();
}
