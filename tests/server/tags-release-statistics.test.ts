/** GET /tags/, POST /assignments/set_tags/, POST /assignments/{id}/release/ and GET /statistics/. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatisticsSchema, TagSchema } from '../../src/shared/protocol';
import { addReviewer, createAssignments, createOne, decide, pullAll, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start();
});
afterAll(() => t.close());

describe('tags', () => {
  it('lists at least four tags with colours', async () => {
    const res = await t.reviewer.get('/tags/');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(4);
    for (const tag of res.body) {
      TagSchema.parse(tag);
      expect(tag.color).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('set_tags adds and removes, bumps versions only on change, and is idempotent', async () => {
    const [a, b] = await createAssignments(t, [{ title: 'a' }, { title: 'b', tags: [2] }]);
    if (!a || !b) throw new Error('fixture');
    const add = await t.reviewer.post('/assignments/set_tags/', { ids: [a.id, b.id], tags: [1, 2], action: 'add' });
    expect(add.body).toEqual({ updated: 2 });
    const aNow = (await t.reviewer.get(`/assignments/${a.id}/`)).body;
    expect(aNow.tags).toEqual([1, 2]);
    expect(aNow.version).toBe(a.version + 1);

    const repeat = await t.reviewer.post('/assignments/set_tags/', { ids: [a.id, b.id], tags: [1, 2], action: 'add' });
    expect(repeat.body).toEqual({ updated: 0 });
    expect((await t.reviewer.get(`/assignments/${a.id}/`)).body.version).toBe(aNow.version);

    const remove = await t.reviewer.post('/assignments/set_tags/', { ids: [a.id], tags: [1], action: 'remove' });
    expect(remove.body).toEqual({ updated: 1 });
    expect((await t.reviewer.get(`/assignments/${a.id}/`)).body.tags).toEqual([2]);
  });

  it('ignores assignments the caller cannot see, rejects unknown tags', async () => {
    const olga = await addReviewer(t, 'olga-tags');
    const theirs = await createOne(t, { assignee: olga.id });
    const res = await t.reviewer.post('/assignments/set_tags/', { ids: [theirs.id, 424242], tags: [1], action: 'add' });
    expect(res.body).toEqual({ updated: 0 });
    const bad = await t.reviewer.post('/assignments/set_tags/', { ids: [theirs.id], tags: [999], action: 'add' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.tags).toBeDefined();
  });
});

describe('release', () => {
  it('hands the assignment back: unassigned, pending, a remove in the feed, then 404', async () => {
    const a = await createOne(t, { status: 'in_progress' });
    const before = await pullAll(t.reviewer);
    const res = await t.reviewer.post(`/assignments/${a.id}/release/`, undefined, { 'Idempotency-Key': 'rel-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, assignee: null, status: 'pending', version: a.version + 1 });
    const inc = await pullAll(t.reviewer, before.cursor);
    expect(inc.changes).toEqual([{ op: 'remove', id: a.id, reason: 'reassigned' }]);
    expect((await t.reviewer.get(`/assignments/${a.id}/`)).status).toBe(404);
    const pool = await t.admin.get('/assignments/?assignee=none');
    expect(pool.body.results.map((x: { id: number }) => x.id)).toContain(a.id);

    // Retrying with the same key answers the first response again.
    const again = await t.reviewer.post(`/assignments/${a.id}/release/`, undefined, { 'Idempotency-Key': 'rel-1' });
    expect(again.status).toBe(200);
    expect(again.text).toBe(res.text);
  });

  it('the same key for another assignment is 422 idempotency_mismatch', async () => {
    const a = await createOne(t, {});
    const res = await t.reviewer.post(`/assignments/${a.id}/release/`, undefined, { 'Idempotency-Key': 'rel-1' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency_mismatch');
  });

  it('409 for someone else’s, a cancelled or a decided assignment', async () => {
    const olga = await addReviewer(t, 'olga-release');
    const theirs = await createOne(t, { assignee: olga.id });
    const res = await t.reviewer.post(`/assignments/${theirs.id}/release/`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_assignee');

    const cancelled = await createOne(t, { status: 'cancelled' });
    expect((await t.reviewer.post(`/assignments/${cancelled.id}/release/`)).body.code).toBe('cancelled');
    const done = await createOne(t, { status: 'completed' });
    expect((await t.reviewer.post(`/assignments/${done.id}/release/`)).body.code).toBe('already_decided');
  });
});

describe('statistics', () => {
  it('counts the caller’s assignments and times their decisions', async () => {
    const s = await start();
    try {
      const items = await createAssignments(s, [
        { priority: 'high', kind: 'approval' },
        { priority: 'high', kind: 'approval' },
        { priority: 'low', kind: 'annotation', status: 'in_progress' },
        { priority: 'critical', kind: 'approval', status: 'cancelled' },
      ]);
      const olga = await addReviewer(s, 'olga');
      await createOne(s, { assignee: olga.id });
      s.clock.advance(2 * 3_600_000); // decided two hours after creation
      const [first, second] = items;
      if (!first || !second) throw new Error('fixture');
      await decide(s, first, 's-1', { duration_ms: 40_000 });
      await decide(s, second, 's-2', { outcome: 'reject', values: {}, comment: 'no', duration_ms: 20_000 });

      const res = await s.reviewer.get('/statistics/?assignee=me');
      expect(res.status).toBe(200);
      StatisticsSchema.parse(res.body);
      expect(res.body).toEqual({
        total: 4,
        by_status: { pending: 0, in_progress: 1, completed: 1, rejected: 1, cancelled: 1 },
        by_priority: { low: 1, medium: 0, high: 2, critical: 1 },
        by_kind: { approval: 3, annotation: 1 },
        completed_today: 2,
        average_handle_seconds: 30,
        average_response_hours: 2,
      });

      // Tomorrow, nothing was completed today.
      s.clock.advance(24 * 3_600_000);
      expect((await s.reviewer.get('/statistics/')).body.completed_today).toBe(0);
      // Before any decision the averages are null.
      expect((await olga.api.get('/statistics/')).body).toMatchObject({
        total: 1,
        average_handle_seconds: null,
        average_response_hours: null,
      });
    } finally {
      await s.close();
    }
  });
});
