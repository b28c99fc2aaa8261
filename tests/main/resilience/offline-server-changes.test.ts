/**
 * The server moves on while the client is offline (the proxy resets every
 * connection): assignments are reassigned, cancelled, and their data edited.
 * On reconnect, issue 3 says: without local work they are removed (or
 * updated); with unsent work they become conflicts that keep the reviewer's
 * values, and nothing the server refused is recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resubmitConflict } from '../../../src/main/app/conflicts.service';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../../support/fault-proxy';
import { createClient, expectCacheMatchesServer, type Client } from '../../support/sync-harness';
import type { ServerOptions } from '../../../src/server';

let server: TestServer;
let proxy: FaultProxy;
let client: Client;
let otherId: number;

async function start(opts: ServerOptions = {}): Promise<void> {
  server = await startTestServer(opts);
  await publishSimpleForm(server);
  otherId = (await server.admin<{ id: number }>('POST', '/admin/users/', { username: 'colleague' })).id;
  proxy = await startFaultProxy({ target: server.baseUrl });
  client = createClient({ baseUrl: proxy.baseUrl, token: server.token, userId: server.reviewerId });
}

afterEach(async () => {
  client?.close();
  await proxy?.close();
  await server?.close();
});

const reassign = (id: number) => server.admin('POST', `/admin/assignments/${id}/reassign/`, { assignee: otherId });
const cancel = (id: number) => server.admin('POST', `/admin/assignments/${id}/cancel/`);
const editData = (id: number) => server.admin('PATCH', `/admin/assignments/${id}/`, { data: { order: id, amount: 999 } });
const editTitle = (id: number) => server.admin('PATCH', `/admin/assignments/${id}/`, { title: 'Renamed while you were away' });
const decide = (id: number, amount: number) =>
  submitDecision(client.session, { assignmentId: id, outcome: 'approve', values: { amount } }, client.clock.now).decisionId;
const decisionsDown = (req: ProxiedRequest) => (req.cls === 'batch' || req.cls === 'decision' ? true : undefined);

describe('server changes while the client is offline', () => {
  beforeEach(() => start());

  it('without local work: reassigned and cancelled ones are removed, edited ones updated', async () => {
    const [r, c, e, t, same] = await createAssignments(server, 5);
    await client.engine.syncNow();
    proxy.setOffline(true);
    expect((await client.engine.syncNow()).phase).toBe('offline');
    await reassign(r!.id);
    await cancel(c!.id);
    await editData(e!.id);
    await editTitle(t!.id);
    proxy.setOffline(false);
    expect((await client.engine.syncNow()).phase).toBe('idle');
    expect(client.cache.assignments.get(r!.id)).toBeNull();
    expect(client.cache.assignments.get(c!.id)).toBeNull();
    expect(client.cache.assignments.get(e!.id)?.assignment.data).toEqual({ order: e!.id, amount: 999 });
    expect(client.cache.assignments.get(t!.id)?.assignment.title).toBe('Renamed while you were away');
    expect(client.cache.assignments.get(same!.id)?.localState).toBe('none');
    await expectCacheMatchesServer(server, client.cache);
  });

  it('with unsent decisions: reassigned, cancelled and data-edited ones become conflicts keeping the values; the rest are sent', async () => {
    const [r, c, e, t, same] = await createAssignments(server, 5);
    await client.engine.syncNow();
    proxy.setOffline(true);
    const keys = [r, c, e, t, same].map((a, i) => decide(a!.id, 100 + i));
    await client.engine.syncNow();
    await reassign(r!.id);
    await cancel(c!.id);
    await editData(e!.id);
    await editTitle(t!.id); // not the data: the decision still stands
    proxy.setOffline(false);
    const status = await client.engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(status.outboxPending).toBe(0);

    const conflicts = [
      [r!.id, 'not_assignee', 100],
      [c!.id, 'cancelled', 101],
      [e!.id, 'stale', 102],
    ] as const;
    for (const [id, code, amount] of conflicts) {
      const d = client.cache.decisions.latestFor(id);
      expect(d, `assignment ${id}`).toMatchObject({ state: 'conflict', values: { amount }, error: { code } });
      expect(client.cache.assignments.localState(id), `assignment ${id}`).toBe('conflict');
      expect(await server.decisions(id), `assignment ${id}`).toEqual([]);
    }
    // Kept for the reviewer to see, although the server no longer lists them.
    expect(client.cache.assignments.get(r!.id)).not.toBeNull();
    expect(client.cache.assignments.get(c!.id)).not.toBeNull();
    // The edited one shows the server's new data beside the reviewer's conflict.
    expect(client.cache.assignments.get(e!.id)?.assignment.data).toEqual({ order: e!.id, amount: 999 });

    for (const a of [t!, same!]) {
      expect(client.cache.decisions.latestFor(a.id)?.state).toBe('sent');
      expect(client.cache.assignments.get(a.id)?.assignment.status).toBe('completed');
    }
    expect((await server.decisions()).map((d) => d.decision_id).sort()).toEqual([keys[3], keys[4]].sort());
    expect(status.outboxAttention).toBe(3);
  });

  it('a stale conflict re-reviewed against the new version is recorded once; a cancelled one cannot be', async () => {
    const [e, c] = await createAssignments(server, 2);
    await client.engine.syncNow();
    proxy.setOffline(true);
    const staleKey = decide(e!.id, 5);
    const cancelledKey = decide(c!.id, 6);
    await editData(e!.id);
    await cancel(c!.id);
    proxy.setOffline(false);
    await client.engine.syncNow();

    const again = await resubmitConflict(client.session, { decisionId: staleKey }, client.clock.now);
    await expect(resubmitConflict(client.session, { decisionId: cancelledKey }, client.clock.now)).rejects.toMatchObject({
      code: 'conflict',
    });
    await client.engine.syncNow();
    const recorded = await server.decisions();
    expect(recorded.map((d) => d.decision_id)).toEqual([again.decisionId]);
    expect(client.cache.decisions.latestFor(e!.id)).toMatchObject({ state: 'sent', values: { amount: 5 } });
    expect(client.cache.assignments.get(e!.id)?.assignment.status).toBe('completed');
  });
});

describe('the cursor expired while offline', () => {
  // The server keeps only the last 3 changes, so a client away for longer must pull from scratch.
  beforeEach(() => start({ changeRetention: 3 }));

  it('a full resync drops what the server no longer lists and keeps unsent work as conflicts', async () => {
    const [r, c, kept, decided] = await createAssignments(server, 4);
    await client.engine.syncNow();
    // The decisions route is down for the whole story: the unsent decision meets the resync unanswered.
    proxy.setRespond((req) => (decisionsDown(req) ? { status: 503, body: '{"detail":"Maintenance."}' } : undefined));
    const key = decide(decided!.id, 7);
    proxy.setOffline(true);
    await reassign(r!.id);
    await cancel(c!.id);
    await cancel(decided!.id);
    await createAssignments(server, 3, 10);
    proxy.setOffline(false);
    await client.engine.syncNow();

    expect(client.log.entries.some((e) => e.msg.includes('cursor expired'))).toBe(true);
    expect(client.cache.assignments.get(r!.id)).toBeNull();
    expect(client.cache.assignments.get(c!.id)).toBeNull();
    expect(client.cache.assignments.get(kept!.id)?.localState).toBe('none');
    expect(client.cache.assignments.localState(decided!.id)).toBe('conflict');
    expect(client.cache.decisions.latestFor(decided!.id)).toMatchObject({ decisionId: key, values: { amount: 7 } });
    expect(client.cache.decisions.pendingCount()).toBe(1);
    expect(client.cache.assignments.count()).toBe(2 + 3);

    proxy.setRespond(undefined);
    client.clock.advance(3600_000);
    await client.engine.syncNow();
    expect(client.cache.decisions.latestFor(decided!.id)).toMatchObject({ state: 'conflict', error: { code: 'cancelled' } });
    expect(await server.decisions()).toEqual([]);
  });
});

/**
 * Partly offline: the feed answers while the decision routes do not (or their
 * answers are lost after the server committed). The pull then meets
 * assignments whose decision is unsent and must not overwrite them; once the
 * outbox has its answer, the cache must still end as the server has it.
 */
describe('partly offline: the feed answers, the decisions do not', () => {
  beforeEach(() => start());

  it('data edited meanwhile: the conflict shows the server’s current version', async () => {
    const [a] = await createAssignments(server, 1);
    await client.engine.syncNow();
    proxy.setRespond((req) => (decisionsDown(req) ? { status: 503, body: '{"detail":"Maintenance."}' } : undefined));
    const key = decide(a!.id, 3);
    await editData(a!.id);
    await client.engine.syncNow(); // the feed brings the edit; the decision is still unsent
    proxy.setRespond(undefined);
    client.clock.advance(3600_000);
    await client.engine.syncNow();
    expect(client.cache.decisions.latestFor(a!.id)).toMatchObject({
      decisionId: key,
      state: 'conflict',
      error: { code: 'stale' },
    });
    await expectCacheMatchesServer(server, client.cache);
  });

  it('an answer lost after the server recorded it, then a reassignment: once the outbox hears, the assignment leaves the queue', async () => {
    const [a, b] = await createAssignments(server, 2);
    await client.engine.syncNow();
    const key = decide(a!.id, 4);
    // Recorded, answer lost; twice, as the client retries a reset once at once (a stale keep-alive socket).
    proxy.forceNext('decision', 'reset', 'reset');
    await client.engine.syncNow();
    expect((await server.decisions()).map((d) => d.decision_id)).toEqual([key]);
    await reassign(a!.id);
    await editTitle(b!.id);
    // The resend loses its answer too, and the feed says "removed": kept, as the decision is unanswered.
    proxy.forceNext('decision', 'reset', 'reset');
    client.clock.advance(3600_000);
    await client.engine.syncNow();
    expect(client.cache.assignments.localState(a!.id)).toBe('conflict');
    client.clock.advance(3600_000);
    await client.engine.syncNow(); // answered at last (200, the first answer again): recorded once
    expect(client.cache.decisions.latestFor(a!.id)?.state).toBe('sent');
    expect((await server.decisions()).map((d) => d.decision_id)).toEqual([key]);
    await expectCacheMatchesServer(server, client.cache);
  });
});
