import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { setTags } from '../../../src/main/app/outbox.service';
import { listTags } from '../../../src/main/app/tags.service';
import type { TestServer } from '../../support/reference-server';
import { closeAll, json, makeClient, serverView, syncedClient, type Client } from './harness';

let server: TestServer;
let c: Client;
let ids: number[];

beforeEach(async () => {
  ({ server, client: c, ids } = await syncedClient(3));
});
afterEach(() => closeAll(c, server));

const tagsOf = (id: number) => c.cache.assignments.get(id)!.assignment.tags;
const audit = () =>
  (c.cache.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((r) => r.action);

describe('tag changes through the outbox', () => {
  it('show in the cache at once, wait while offline, and reach the server when the outbox drains', async () => {
    c.engine.setOnline(false);
    const receipt = setTags(c.session, { ids: [ids[0]!, ids[1]!], tags: [2, 5], action: 'add' }, c.time.now);
    expect(receipt.state).toBe('unsent');
    expect(tagsOf(ids[0]!)).toEqual([2, 5]);
    expect(
      c.cache.assignments
        .list({ tags: [5], limit: 10, offset: 0 })
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([ids[0], ids[1]]);
    expect(c.engine.status().outboxPending).toBe(1);
    const before = c.net.calls.length;
    await c.engine.syncNow();
    expect(c.net.calls.length).toBe(before); // offline by the OS: not one request

    c.engine.setOnline(true);
    const status = await c.engine.syncNow();
    expect(status).toMatchObject({ phase: 'idle', outboxPending: 0 });
    expect(c.net.paths('set_tags')).toEqual(['POST /assignments/set_tags/']);
    expect(c.net.calls.find((x) => x.path.includes('set_tags'))!.body).toEqual({
      ids: [ids[0], ids[1]],
      tags: [2, 5],
      action: 'add',
    });
    expect((await serverView(server, ids[0]!)).body.tags).toEqual([2, 5]);
    expect((await serverView(server, ids[2]!)).body.tags).toEqual([]);
    expect(audit()).toEqual(['tags.recorded', 'tags.sent']);
  });

  it('go FIFO with decisions, so an add then a remove end as the reviewer left them', async () => {
    submitDecision(c.session, { assignmentId: ids[0]!, outcome: 'approve', values: { amount: 3 } }, c.time.now);
    setTags(c.session, { ids: [ids[1]!], tags: [1], action: 'add' }, c.time.now);
    setTags(c.session, { ids: [ids[1]!], tags: [1], action: 'remove' }, c.time.now);
    expect(tagsOf(ids[1]!)).toEqual([]);
    await c.engine.syncNow();
    expect(c.net.paths('POST')).toEqual([
      `POST /assignments/${ids[0]}/decisions/`,
      'POST /assignments/set_tags/',
      'POST /assignments/set_tags/',
    ]);
    expect((await serverView(server, ids[1]!)).body.tags).toEqual([]);
    expect((await server.decisions()).map((d) => d.assignment_id)).toEqual([ids[0]]);
  });

  it('survive a pull while they wait for a retry, and a later change waits behind an earlier one', async () => {
    let fail = true;
    c.net.when((x) => (fail && x.path.includes('set_tags') ? json(503, { detail: 'busy' }) : undefined));
    setTags(c.session, { ids: [ids[0]!], tags: [3], action: 'add' }, c.time.now);
    await server.admin('PATCH', `/admin/assignments/${ids[0]}/`, { title: 'Renamed on the server' });
    const status = await c.engine.syncNow();
    expect(status.outboxPending).toBe(1);
    // The pull brought the server's assignment (new title) and the waiting tag was laid over it again.
    expect(c.cache.assignments.get(ids[0]!)!.assignment.title).toBe('Renamed on the server');
    expect(tagsOf(ids[0]!)).toEqual([3]);

    // A second change on the same assignment must not overtake the first.
    setTags(c.session, { ids: [ids[0]!], tags: [3], action: 'remove' }, c.time.now);
    c.net.calls.length = 0;
    await c.engine.syncNow();
    expect(c.net.paths('set_tags')).toEqual([]);
    fail = false;
    c.time.advance(1000);
    await c.engine.syncNow();
    expect(c.net.paths('set_tags')).toEqual(['POST /assignments/set_tags/', 'POST /assignments/set_tags/']);
    expect(c.engine.status().outboxPending).toBe(0);
    expect((await serverView(server, ids[0]!)).body.tags).toEqual([]);
  });

  it('a change the server refuses is undone exactly and reported', async () => {
    setTags(c.session, { ids: [ids[0]!], tags: [1], action: 'add' }, c.time.now);
    await c.engine.syncNow();
    // No list known yet, so main cannot check the tag: the server refuses tag 999.
    setTags(c.session, { ids: [ids[0]!, ids[1]!], tags: [1, 999], action: 'add' }, c.time.now);
    expect(tagsOf(ids[1]!)).toEqual([1, 999]);
    await c.engine.syncNow();
    expect(tagsOf(ids[0]!)).toEqual([1]); // tag 1 was there before the refused change: it stays
    expect(tagsOf(ids[1]!)).toEqual([]);
    expect(c.engine.status().outboxPending).toBe(0);
    expect(c.refusals).toEqual([
      expect.objectContaining({
        kind: 'set_tags',
        outcome: 'refused',
        status: 400,
        code: 'validation',
        assignmentIds: [ids[0], ids[1]],
      }),
    ]);
    expect(audit()).toContain('tags.refused');
  });

  it('tags:list keeps the last list for offline use, and main refuses tags it knows do not exist', async () => {
    const offlineFirst = makeClient(server);
    offlineFirst.engine.setOnline(false);
    expect(await listTags(offlineFirst.session, false, offlineFirst.time.now, offlineFirst.log)).toEqual({
      tags: [],
      fetchedAt: null,
      stale: true,
    });
    await offlineFirst.close();

    const fresh = await listTags(c.session, false, c.time.now, c.log);
    expect(fresh.stale).toBe(false);
    expect(fresh.tags.map((t) => t.name)).toContain('urgent');
    const asked = c.net.paths('/tags/').length;
    expect(await listTags(c.session, false, c.time.now, c.log)).toEqual(fresh); // fresh enough: not asked again
    expect(c.net.paths('/tags/').length).toBe(asked);
    c.engine.setOnline(false);
    expect(await listTags(c.session, true, c.time.now, c.log)).toEqual({ ...fresh, stale: true });

    expect(() => setTags(c.session, { ids: [ids[0]!], tags: [999], action: 'add' }, c.time.now)).toThrow(/Unknown tags: 999/);
    expect(() => setTags(c.session, { ids: [424242], tags: [1], action: 'add' }, c.time.now)).toThrow(/Not in your queue/);
    expect(c.engine.status().outboxPending).toBe(0);
  });
});
