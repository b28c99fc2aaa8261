/** POST /decisions/batch/: each item with exactly the single-decision semantics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResultSchema } from '../../src/shared/protocol';
import { addReviewer, createAssignments, createOne, decide, decisionBody, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start();
});
afterAll(() => t.close());

describe('batch decisions', () => {
  it('returns one result per item, in order, with mixed statuses', async () => {
    const olga = await addReviewer(t, 'olga');
    const [ok, replayed, stale, invalid, theirs, again] = await createAssignments(t, [
      { title: 'ok' },
      { title: 'replayed' },
      { title: 'stale' },
      { title: 'invalid' },
      { title: 'theirs', assignee: olga.id },
      { title: 'decided twice in one batch' },
    ]);
    if (!ok || !replayed || !stale || !invalid || !theirs || !again) throw new Error('fixture');
    const earlier = await decide(t, replayed, 'b-replayed');
    await t.admin.patch(`/admin/assignments/${stale.id}/`, { data: { changed: true } });

    const item = (a: typeof ok, id: string, over: Record<string, unknown> = {}) => ({
      assignment_id: a.id,
      ...decisionBody(a, id, over),
    });
    const res = await t.reviewer.post('/decisions/batch/', {
      decisions: [
        item(ok, 'b-ok'),
        item(replayed, 'b-replayed'),
        item(stale, 'b-stale'),
        item(invalid, 'b-invalid', { values: { decision_reason: 'nope' } }),
        item(theirs, 'b-theirs'),
        { ...item(ok, 'b-missing'), assignment_id: 999_999 },
        item(again, 'b-again'),
        item(again, 'b-again'),
        item(ok, 'b-replayed', { comment: 'other body, same key' }),
        { decision_id: 'b-garbage' },
      ],
    });
    expect(res.status).toBe(200);
    BatchResultSchema.parse(res.body);
    const results = res.body.results as { decision_id: string; status: number; body: Record<string, unknown> }[];
    expect(results.map((r) => [r.decision_id, r.status])).toEqual([
      ['b-ok', 201],
      ['b-replayed', 200],
      ['b-stale', 409],
      ['b-invalid', 422],
      ['b-theirs', 409],
      ['b-missing', 404],
      ['b-again', 201],
      ['b-again', 200],
      ['b-replayed', 422],
      ['b-garbage', 422],
    ]);
    expect(results[1]?.body).toEqual(earlier.body);
    expect(results[2]?.body).toMatchObject({ code: 'stale' });
    expect((results[2]?.body.assignment as { id: number }).id).toBe(stale.id);
    expect(results[3]?.body).toMatchObject({ code: 'validation' });
    expect(results[4]?.body).toMatchObject({ code: 'not_assignee' });
    expect(results[6]?.body).toEqual(results[7]?.body);
    expect(results[8]?.body).toMatchObject({ code: 'idempotency_mismatch' });

    // What the batch recorded is exactly what single decisions would have.
    const single = await t.reviewer.get(`/assignments/${ok.id}/`);
    expect(single.body.status).toBe('completed');
    const recorded = await t.admin.get('/admin/decisions/?page_size=100');
    expect(recorded.body.results.map((d: { decision_id: string }) => d.decision_id).sort()).toEqual(
      ['b-again', 'b-ok', 'b-replayed'].sort(),
    );
  });

  it('a replay of a batch item through the single route answers the same', async () => {
    const a = await createOne(t, {});
    const res = await t.reviewer.post('/decisions/batch/', {
      decisions: [{ assignment_id: a.id, ...decisionBody(a, 'b-cross') }],
    });
    const single = await decide(t, a, 'b-cross');
    expect(single.status).toBe(200);
    expect(single.body).toEqual(res.body.results[0].body);
  });

  it('at most 500 items', async () => {
    const a = await createOne(t, {});
    const decisions = Array.from({ length: 501 }, (_, i) => ({ assignment_id: a.id, ...decisionBody(a, `b-many-${i}`) }));
    const res = await t.reviewer.post('/decisions/batch/', { decisions });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation');
    expect(res.body.errors.decisions).toBeDefined();
  });

  it('500 items are fine', async () => {
    const many = await createAssignments(
      t,
      Array.from({ length: 500 }, (_, i) => ({ title: `many ${i}` })),
    );
    const res = await t.reviewer.post('/decisions/batch/', {
      decisions: many.map((a, i) => ({ assignment_id: a.id, ...decisionBody(a, `b-500-${i}`) })),
    });
    expect(res.status).toBe(200);
    expect(res.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
  });

  it('an envelope without decisions is 422', async () => {
    const res = await t.reviewer.post('/decisions/batch/', { items: [] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation');
  });
});
