import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { releaseAssignment } from '../../../src/main/app/outbox.service';
import type { TestServer } from '../../support/reference-server';
import { closeAll, json, networkDown, serverView, syncedClient, type Client } from './harness';

let server: TestServer;
let c: Client;
let ids: number[];

beforeEach(async () => {
  ({ server, client: c, ids } = await syncedClient(3));
});
afterEach(() => closeAll(c, server));

const releases = () => c.net.calls.filter((x) => x.path.endsWith('/release/'));

describe('releasing an assignment through the outbox', () => {
  it('leaves the queue at once, stays out through pulls while it waits, and reaches the server once', async () => {
    let fail = true;
    c.net.when((x) => (fail && x.path.endsWith('/release/') ? json(502, {}) : undefined));
    const r = releaseAssignment(c.session, ids[0]!, c.time.now);
    expect(c.cache.assignments.get(ids[0]!)).toBeNull();
    expect(c.cache.assignments.list({ limit: 10, offset: 0 }).total).toBe(2);
    await server.admin('PATCH', `/admin/assignments/${ids[0]}/`, { title: 'Changed while the release waits' });
    await c.engine.syncNow();
    expect(c.cache.assignments.get(ids[0]!)).toBeNull(); // the feed's upsert did not bring it back
    expect(c.engine.status().outboxPending).toBe(1);

    fail = false;
    c.time.advance(1000);
    const status = await c.engine.syncNow();
    expect(status.outboxPending).toBe(0);
    expect(releases().map((x) => x.headers['idempotency-key'])).toEqual([r.key, r.key]);
    expect((await serverView(server, ids[0]!)).status).toBe(404); // no longer the reviewer's
    expect(c.cache.assignments.get(ids[0]!)).toBeNull();
  });

  it('a response lost after the server released is resent with the same key and answered the same', async () => {
    let drop = true;
    c.net.when(async (x) => {
      if (!drop || !x.path.endsWith('/release/')) return undefined;
      drop = false;
      // The server does it, then the answer is lost on the way back.
      const done = await server.asReviewer('POST', x.path, undefined, { 'Idempotency-Key': x.headers['idempotency-key']! });
      expect(done.status).toBe(200);
      return networkDown();
    });
    releaseAssignment(c.session, ids[1]!, c.time.now);
    const first = await c.engine.syncNow();
    expect(first.phase).toBe('offline');
    c.time.advance(1000);
    const second = await c.engine.syncNow();
    expect(second).toMatchObject({ phase: 'idle', outboxPending: 0 });
    expect(c.refusals).toEqual([]);
    expect((await serverView(server, ids[1]!)).status).toBe(404);
  });

  it('a release refused because the assignment was decided elsewhere puts the server’s version back', async () => {
    releaseAssignment(c.session, ids[0]!, c.time.now);
    releaseAssignment(c.session, ids[1]!, c.time.now);
    // Another device decides the first one; the second is cancelled by an admin.
    const elsewhere = await server.asReviewer('POST', `/assignments/${ids[0]}/decisions/`, {
      decision_id: 'from-another-device',
      outcome: 'approve',
      values: { amount: 1 },
      form: { id: 'simple-approval', version: 1 },
      base_version: 1,
      client_submitted_at: '2026-11-21T10:00:00.000Z',
    });
    expect(elsewhere.status).toBe(201);
    await server.admin('POST', `/admin/assignments/${ids[1]}/cancel/`);
    await c.engine.syncNow();
    expect(c.cache.assignments.get(ids[0]!)?.assignment.status).toBe('completed');
    expect(c.cache.assignments.get(ids[1]!)).toBeNull();
    expect(c.refusals.map((r) => [r.kind, r.assignmentIds[0], r.code])).toEqual([
      ['release', ids[0], 'already_decided'],
      ['release', ids[1], 'cancelled'],
    ]);
    expect(c.engine.status().outboxPending).toBe(0);
  });

  it('is refused while a decision on the assignment is unsettled', () => {
    submitDecision(c.session, { assignmentId: ids[2]!, outcome: 'approve', values: { amount: 4 } }, c.time.now);
    expect(() => releaseAssignment(c.session, ids[2]!, c.time.now)).toThrow(/Resolve it first/);
    expect(() => releaseAssignment(c.session, 999_999, c.time.now)).toThrow(/no longer in your queue/);
    expect(c.engine.status().outboxPending).toBe(1);
  });
});
