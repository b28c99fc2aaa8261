import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { submitDecision } from '../../src/main/app/decisions.service';
import type { ActiveSession } from '../../src/main/app/session';
import { openDatabase } from '../../src/main/db/connection';
import { recordingLogger } from '../../src/main/log';
import { createCache, type Cache } from '../../src/main/sync/cache';
import { createSyncEngine, type Timers } from '../../src/main/sync/engine';
import type { FetchFn } from '../../src/main/backend/http-client';
import { startTestServer, type TestServer } from '../support/reference-server';
import { createAssignments, publishSimpleForm, testAccount } from '../support/fixtures';

/** Timers that never fire by themselves: tests call syncNow explicitly. */
const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

let server: TestServer;
let cache: Cache;
let log: ReturnType<typeof recordingLogger>;

function session(fetchFn?: FetchFn): ActiveSession {
  const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token, fetch: fetchFn });
  const engine = createSyncEngine({ cache, backend, log, timers: manualTimers, backoff: { delayMs: () => 0 } });
  return {
    account: testAccount(server.baseUrl, server.reviewerId),
    cache,
    engine,
    backend,
  };
}

const now = () => new Date();

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  cache = createCache(openDatabase(':memory:'));
  log = recordingLogger();
});

afterEach(async () => {
  cache.db.close();
  await server.close();
});

describe('pull', () => {
  it('follows the changes feed to the end and caches assignments and their forms', async () => {
    await createAssignments(server, 2500);
    const s = session();
    const status = await s.engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(cache.assignments.count()).toBe(2500);
    expect(cache.forms.get({ id: 'simple-approval', version: 1 })?.title).toBe('Simple approval');
    expect(status.lastSyncAt).not.toBeNull();
    const page = cache.assignments.list({ search: 'order 5507', limit: 10, offset: 0 });
    expect(page.items.map((i) => i.title)).toContain('Approve refund for order 5507');
  });

  it('applies only what changed on the next pull, including removals', async () => {
    const created = await createAssignments(server, 5);
    const s = session();
    await s.engine.syncNow();
    await server.admin('PATCH', `/admin/assignments/${created[0]!.id}/`, { title: 'Renamed on the server' });
    const other = await server.admin<{ id: number }>('POST', '/admin/users/', { username: 'someone-else' });
    await server.admin('POST', `/admin/assignments/${created[1]!.id}/reassign/`, { assignee: other.id });
    await server.admin('POST', `/admin/assignments/${created[2]!.id}/cancel/`);
    await s.engine.syncNow();
    expect(cache.assignments.get(created[0]!.id)?.assignment.title).toBe('Renamed on the server');
    expect(cache.assignments.get(created[1]!.id)).toBeNull();
    expect(cache.assignments.get(created[2]!.id)).toBeNull();
    expect(cache.assignments.count()).toBe(3);
  });

  it('skips a malformed record, logs it, and applies the rest of the page', async () => {
    await createAssignments(server, 4);
    const corrupting: FetchFn = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/sync/assignments/')) return res;
      const body = (await res.json()) as { changes: { assignment?: { title?: unknown; status?: unknown } }[] };
      body.changes[1]!.assignment!.title = 42;
      body.changes[2]!.assignment!.status = 'exploded';
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const status = await session(corrupting).engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(cache.assignments.count()).toBe(2);
    expect(log.entries.filter((e) => e.msg.includes('malformed'))).toHaveLength(2);
  });

  it('an invalid JSON body fails the sync cleanly and keeps the cache', async () => {
    await createAssignments(server, 3);
    await session().engine.syncNow();
    const broken: FetchFn = async (input, init) => {
      if (String(input).includes('/sync/assignments/')) return new Response('{"changes": [', { status: 200 });
      return fetch(input, init);
    };
    const status = await session(broken).engine.syncNow();
    expect(status.phase).toBe('error');
    expect(status.lastError?.code).toBe('bad_response');
    expect(cache.assignments.count()).toBe(3);
  });

  it('starts over after 410 cursor_expired and drops what the server no longer lists', async () => {
    const created = await createAssignments(server, 3);
    await session().engine.syncNow();
    cache.assignments.upsert({ ...cache.assignments.get(created[0]!.id)!.assignment, id: 999_999 });
    cache.syncState.set('cursor', 'not-a-cursor-the-server-knows');
    const status = await session().engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(cache.assignments.get(999_999)).toBeNull();
    expect(cache.assignments.count()).toBe(3);
    expect(log.entries.some((e) => e.msg.includes('cursor expired'))).toBe(true);
  });
});

describe('push', () => {
  it('sends a decision with its idempotency key, once, and applies the server state', async () => {
    const [a] = await createAssignments(server, 1);
    const s = session();
    await s.engine.syncNow();
    const r = submitDecision(s, { assignmentId: a!.id, outcome: 'approve', values: { amount: 12 } }, now);
    expect(cache.decisions.pendingCount()).toBe(1);
    expect(cache.assignments.localState(a!.id)).toBe('unsent');
    await s.engine.syncNow();
    expect(cache.decisions.pendingCount()).toBe(0);
    expect(cache.decisions.latestFor(a!.id)?.state).toBe('sent');
    expect(cache.assignments.get(a!.id)?.assignment.status).toBe('completed');
    expect(cache.assignments.localState(a!.id)).toBe('none');
    const recorded = await server.decisions(a!.id);
    expect(recorded.map((d) => d.decision_id)).toEqual([r.decisionId]);
  });

  it('refuses values that do not satisfy the form before storing anything', () => {
    return (async () => {
      const [a] = await createAssignments(server, 1);
      const s = session();
      await s.engine.syncNow();
      expect(() => submitDecision(s, { assignmentId: a!.id, outcome: 'approve', values: { amount: 5000 } }, now)).toThrow();
      expect(() => submitDecision(s, { assignmentId: a!.id, outcome: 'reject', values: {} }, now)).toThrow(/comment/i);
      expect(cache.decisions.pendingCount()).toBe(0);
    })();
  });

  it('a response lost after the server committed is resent and still recorded once', async () => {
    const created = await createAssignments(server, 3);
    let drop = true;
    const lossy: FetchFn = async (input, init) => {
      const res = await fetch(input, init);
      if (drop && String(input).includes('decisions')) {
        drop = false;
        throw new TypeError('fetch failed: connection reset');
      }
      return res;
    };
    const s = session(lossy);
    await s.engine.syncNow();
    for (const a of created) submitDecision(s, { assignmentId: a.id, outcome: 'approve', values: { amount: 1 } }, now);
    const first = await s.engine.syncNow();
    expect(first.phase).toBe('offline');
    expect(cache.decisions.pendingCount()).toBe(3);
    const second = await s.engine.syncNow();
    expect(second.phase).toBe('idle');
    expect(cache.decisions.pendingCount()).toBe(0);
    const recorded = await server.decisions();
    expect(recorded).toHaveLength(3);
    expect(new Set(recorded.map((d) => d.assignment_id))).toEqual(new Set(created.map((a) => a.id)));
  });

  it('a decision on data that changed meanwhile becomes a conflict holding the reviewer values', async () => {
    const [a] = await createAssignments(server, 1);
    const s = session();
    await s.engine.syncNow();
    submitDecision(s, { assignmentId: a!.id, outcome: 'approve', values: { amount: 7, note: 'mine' } }, now);
    await server.admin('PATCH', `/admin/assignments/${a!.id}/`, { data: { order: 1, amount: 99 } });
    const status = await s.engine.syncNow();
    const d = cache.decisions.latestFor(a!.id);
    expect(d?.state).toBe('conflict');
    expect(d?.values).toEqual({ amount: 7, note: 'mine' });
    expect(d?.error?.code).toBe('stale');
    expect(cache.assignments.localState(a!.id)).toBe('conflict');
    expect(status.outboxAttention).toBe(1);
    expect(await server.decisions(a!.id)).toHaveLength(0);
  });

  it('a removal of an assignment with unsent work keeps it as a conflict', async () => {
    const [a] = await createAssignments(server, 1);
    const offline: FetchFn = async (input, init) => {
      if (String(input).includes('decisions')) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const s = session(offline);
    await s.engine.syncNow();
    submitDecision(s, { assignmentId: a!.id, outcome: 'approve', values: { amount: 3 } }, now);
    await server.admin('POST', `/admin/assignments/${a!.id}/cancel/`);
    await s.engine.syncNow();
    expect(cache.assignments.get(a!.id)).not.toBeNull();
    expect(cache.assignments.localState(a!.id)).toBe('conflict');
    expect(cache.decisions.pendingCount()).toBe(1);
  });
});
