/** GET /sync/assignments/: full pulls, increments, per-caller removes, consistency and 410s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeSchema, type Assignment } from '../../src/shared/protocol';
import { addReviewer, api, createAssignments, createOne, pullAll, start, type Api, type TestServer } from './helpers';

let t: TestServer;
let created: Assignment[];
let olga: { id: number; api: Api };

beforeAll(async () => {
  t = await start();
  olga = await addReviewer(t, 'olga');
  created = await createAssignments(
    t,
    Array.from({ length: 25 }, (_, i) => ({ title: `task ${i}` })),
  );
});
afterAll(() => t.close());

const upsertIds = (changes: { op: string; assignment?: Assignment }[]): number[] =>
  changes.filter((c) => c.op === 'upsert').map((c) => c.assignment?.id ?? -1);

describe('full pull', () => {
  it('follows has_more and returns every assignment once, as valid changes', async () => {
    const first = await t.reviewer.get('/sync/assignments/?limit=10');
    expect(first.status).toBe(200);
    expect(first.body.changes).toHaveLength(10);
    expect(first.body.has_more).toBe(true);
    expect(typeof first.body.cursor).toBe('string');

    const all = await pullAll(t.reviewer, undefined, 10);
    expect(all.pages).toBe(3);
    for (const c of all.changes) ChangeSchema.parse(c);
    expect(upsertIds(all.changes)).toEqual(created.map((a) => a.id));
    expect(all.changes.map((c) => c.assignment)).toEqual(created);
  });

  it('the feed is per caller', async () => {
    const theirs = await pullAll(olga.api);
    expect(theirs.changes).toEqual([]);
  });

  it('an empty increment keeps has_more false and a usable cursor', async () => {
    const all = await pullAll(t.reviewer);
    const again = await t.reviewer.get(`/sync/assignments/?since=${all.cursor}`);
    expect(again.body).toEqual({ changes: [], cursor: all.cursor, has_more: false });
  });

  it('limit is capped at 1000 and must be a positive integer', async () => {
    expect((await t.reviewer.get('/sync/assignments/?limit=100000')).status).toBe(200);
    const bad = await t.reviewer.get('/sync/assignments/?limit=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.limit).toBeDefined();
  });
});

describe('increments', () => {
  it('since a cursor returns only what changed, as the current state', async () => {
    const base = await pullAll(t.reviewer);
    const a = created[3];
    if (!a) throw new Error('fixture');
    t.clock.advance(1000);
    const patched = await t.admin.patch(`/admin/assignments/${a.id}/`, { priority: 'critical' });
    const fresh = await createOne(t, { title: 'new one' });
    const inc = await pullAll(t.reviewer, base.cursor);
    expect(inc.changes).toEqual([
      { op: 'upsert', assignment: patched.body },
      { op: 'upsert', assignment: fresh },
    ]);
    expect(patched.body.version).toBe(a.version + 1);
  });

  it('an assignment reassigned away is a remove for the old assignee and an upsert for the new', async () => {
    const mineBefore = await pullAll(t.reviewer);
    const theirsBefore = await pullAll(olga.api);
    const a = created[5];
    if (!a) throw new Error('fixture');
    const moved = await t.admin.post(`/admin/assignments/${a.id}/reassign/`, { assignee: olga.id });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toBe(olga.id);

    const mine = await pullAll(t.reviewer, mineBefore.cursor);
    expect(mine.changes).toEqual([{ op: 'remove', id: a.id, reason: 'reassigned' }]);
    const theirs = await pullAll(olga.api, theirsBefore.cursor);
    expect(theirs.changes).toEqual([{ op: 'upsert', assignment: moved.body }]);

    // A fresh full pull no longer contains it.
    expect(upsertIds((await pullAll(t.reviewer)).changes)).not.toContain(a.id);
  });

  it('a cancelled assignment is a remove with reason cancelled', async () => {
    const before = await pullAll(t.reviewer);
    const a = created[6];
    if (!a) throw new Error('fixture');
    expect((await t.admin.post(`/admin/assignments/${a.id}/cancel/`)).status).toBe(200);
    const inc = await pullAll(t.reviewer, before.cursor);
    expect(inc.changes).toEqual([{ op: 'remove', id: a.id, reason: 'cancelled' }]);
  });

  it('a deleted assignment is a remove with reason deleted', async () => {
    const before = await pullAll(t.reviewer);
    const a = created[7];
    if (!a) throw new Error('fixture');
    expect((await t.admin.del(`/admin/assignments/${a.id}/`)).status).toBe(204);
    const inc = await pullAll(t.reviewer, before.cursor);
    expect(inc.changes).toEqual([{ op: 'remove', id: a.id, reason: 'deleted' }]);
  });

  it('a change that lands while a client pages shows up later, never nowhere', async () => {
    const first = await t.reviewer.get('/sync/assignments/?limit=5');
    const seenFirst = upsertIds(first.body.changes);
    const alreadySeen = seenFirst[0];
    const notYetSeen = created[20];
    if (alreadySeen === undefined || !notYetSeen) throw new Error('fixture');
    await t.admin.patch(`/admin/assignments/${alreadySeen}/`, { title: 'changed while paging (seen)' });
    await t.admin.patch(`/admin/assignments/${notYetSeen.id}/`, { title: 'changed while paging (unseen)' });
    const rest = await pullAll(t.reviewer, first.body.cursor, 5);
    const restIds = upsertIds(rest.changes);
    // Both appear after the first page, each exactly once, in their new state.
    expect(restIds.filter((id) => id === alreadySeen)).toHaveLength(1);
    expect(restIds.filter((id) => id === notYetSeen.id)).toHaveLength(1);
    const titles = rest.changes.filter((c) => c.op === 'upsert').map((c) => c.assignment.title);
    expect(titles).toContain('changed while paging (seen)');
    expect(titles).toContain('changed while paging (unseen)');
    // Every current assignment is seen once overall.
    const everything = [...seenFirst, ...restIds.filter((id) => id !== alreadySeen)];
    expect(new Set(everything).size).toBe(everything.length);
  });
});

describe('410 cursor_expired', () => {
  it('for a garbage cursor', async () => {
    for (const since of ['garbage', 'AAAA', '%%%', Buffer.from('deadbeef:1').toString('base64url')]) {
      const res = await t.reviewer.get(`/sync/assignments/?since=${encodeURIComponent(since)}`);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('cursor_expired');
    }
  });

  it('for a cursor from another server', async () => {
    const other = await start();
    try {
      await createOne(other, {});
      const { cursor } = await pullAll(other.reviewer);
      const res = await t.reviewer.get(`/sync/assignments/?since=${cursor}`);
      expect(res.status).toBe(410);
    } finally {
      await other.close();
    }
  });

  it('for a cursor older than the retention window', async () => {
    const small = await start({ changeRetention: 5 });
    try {
      const items = await createAssignments(small, [{ title: 'a' }, { title: 'b' }]);
      const { cursor } = await pullAll(small.reviewer);
      // Within the window the cursor still works.
      await small.admin.patch(`/admin/assignments/${items[0]?.id}/`, { title: 'a2' });
      expect((await small.reviewer.get(`/sync/assignments/?since=${cursor}`)).status).toBe(200);
      for (let i = 0; i < 6; i++) await small.admin.patch(`/admin/assignments/${items[1]?.id}/`, { title: `b${i}` });
      const res = await small.reviewer.get(`/sync/assignments/?since=${cursor}`);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('cursor_expired');
      // Pulling from scratch still gives the current state.
      const fresh = await pullAll(small.reviewer);
      expect(fresh.changes.map((c) => c.assignment.title)).toEqual(['a2', 'b5']);
    } finally {
      await small.close();
    }
  });

  it('needs authentication like everything else', async () => {
    expect((await api(t.server, undefined).get('/sync/assignments/')).status).toBe(401);
  });
});
