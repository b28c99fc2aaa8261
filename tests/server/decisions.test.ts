/** POST /assignments/{id}/decisions/: idempotency, conflicts, validation and outcomes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReviewer, createOne, decide, decisionBody, pullAll, REFUND_VALUES, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start();
});
afterAll(() => t.close());

describe('recording', () => {
  it('201 with the decision and the completed assignment, version bumped', async () => {
    const a = await createOne(t, { title: 'to approve' });
    t.clock.advance(5000);
    const res = await decide(t, a, 'd-201');
    expect(res.status).toBe(201);
    expect(res.body.decision).toMatchObject({
      decision_id: 'd-201',
      assignment_id: a.id,
      outcome: 'approve',
      values: REFUND_VALUES,
      form: a.form,
      base_version: a.version,
      duration_ms: 30_000,
      received_at: t.clock.now().toISOString(),
    });
    expect(res.body.assignment).toMatchObject({ id: a.id, status: 'completed', version: a.version + 1 });
    expect(res.body.assignment.updated_at).toBe(t.clock.now().toISOString());
    expect((await t.reviewer.get(`/assignments/${a.id}/`)).body).toEqual(res.body.assignment);
  });

  it('the same key and body again: 200 and the identical response, recorded once', async () => {
    const a = await createOne(t, {});
    const first = await decide(t, a, 'd-replay');
    t.clock.advance(60_000);
    const again = await decide(t, a, 'd-replay');
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    // Key order in the body does not matter.
    const reordered = Object.fromEntries(Object.entries(decisionBody(a, 'd-replay')).reverse());
    const third = await t.reviewer.post(`/assignments/${a.id}/decisions/`, reordered, { 'Idempotency-Key': 'd-replay' });
    expect(third.status).toBe(200);
    expect(third.text).toBe(first.text);
    const listed = await t.admin.get(`/admin/decisions/?assignment=${a.id}`);
    expect(listed.body.count).toBe(1);
  });

  it('the same key with a different body: 422 idempotency_mismatch', async () => {
    const a = await createOne(t, {});
    expect((await decide(t, a, 'd-mismatch')).status).toBe(201);
    const res = await decide(t, a, 'd-mismatch', { comment: 'changed my mind' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency_mismatch');
  });

  it('the key may come from the body alone; a header that disagrees is 422', async () => {
    const a = await createOne(t, {});
    const noHeader = await t.reviewer.post(`/assignments/${a.id}/decisions/`, decisionBody(a, 'd-body-only'));
    expect(noHeader.status).toBe(201);
    const b = await createOne(t, {});
    const res = await t.reviewer.post(`/assignments/${b.id}/decisions/`, decisionBody(b, 'd-one'), {
      'Idempotency-Key': 'd-two',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.decision_id).toBeDefined();
  });

  it('404 for an unknown assignment', async () => {
    const a = await createOne(t, {});
    const res = await t.reviewer.post('/assignments/987654/decisions/', decisionBody(a, 'd-404'));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('conflicts (409 with the current assignment)', () => {
  it('stale after an admin PATCH of data', async () => {
    const a = await createOne(t, { data: { amount: 10 } });
    const patched = await t.admin.patch(`/admin/assignments/${a.id}/`, { data: { amount: 99 } });
    const res = await decide(t, a, 'd-stale');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stale');
    expect(res.body.assignment).toEqual(patched.body);
    // With the new base version it goes through.
    expect((await decide(t, patched.body, 'd-stale-2')).status).toBe(201);
  });

  it('stale after the form changed', async () => {
    const a = await createOne(t, {});
    await t.admin.patch(`/admin/assignments/${a.id}/`, { form: { id: 'refund-review', version: 1 } });
    const res = await decide(t, a, 'd-stale-form');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stale');
  });

  it('not stale when only title or priority changed', async () => {
    const a = await createOne(t, {});
    await t.admin.patch(`/admin/assignments/${a.id}/`, { title: 'renamed', priority: 'high' });
    const res = await decide(t, a, 'd-not-stale');
    expect(res.status).toBe(201);
  });

  it('not_assignee after a reassign', async () => {
    const olga = await addReviewer(t, 'olga');
    const a = await createOne(t, {});
    await t.admin.post(`/admin/assignments/${a.id}/reassign/`, { assignee: olga.id });
    const res = await decide(t, a, 'd-not-mine');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_assignee');
    expect(res.body.assignment.assignee).toBe(olga.id);
  });

  it('cancelled', async () => {
    const a = await createOne(t, {});
    await t.admin.post(`/admin/assignments/${a.id}/cancel/`);
    const res = await decide(t, a, 'd-cancelled');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('cancelled');
    expect(res.body.assignment.status).toBe('cancelled');
  });

  it('already_decided for a second decision under another key', async () => {
    const a = await createOne(t, {});
    expect((await decide(t, a, 'd-first')).status).toBe(201);
    const res = await decide(t, a, 'd-second');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_decided');
    expect(res.body.assignment.status).toBe('completed');
  });

  it('already_decided when the backend completed it elsewhere', async () => {
    const a = await createOne(t, {});
    await t.admin.patch(`/admin/assignments/${a.id}/`, { status: 'completed' });
    const res = await decide(t, a, 'd-elsewhere');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_decided');
  });

  it('a replay still answers 200 after the assignment moved on', async () => {
    const a = await createOne(t, {});
    const first = await decide(t, a, 'd-then-cancel');
    await t.admin.post(`/admin/assignments/${a.id}/cancel/`);
    const again = await decide(t, a, 'd-then-cancel');
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
  });
});

describe('validation (422)', () => {
  it('per-field errors when values fail the form', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-invalid', {
      values: { decision_reason: 'because', refund_amount: -5, customer_contacted_on: '2026-02-30', full_refund: false },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation');
    expect(Object.keys(res.body.errors).sort()).toEqual(
      ['customer_contacted_on', 'decision_reason', 'refund_amount', 'refund_method'].sort(),
    );
    expect(res.body.errors.refund_method).toEqual(['This field is required.']);
  });

  it('if/then: a partial refund needs its amount', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-if-then', { values: { ...REFUND_VALUES, full_refund: false } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ refund_amount: ['This field is required.'] });
    const ok = await decide(t, a, 'd-if-then-ok', { values: { ...REFUND_VALUES, full_refund: false, refund_amount: 12.5 } });
    expect(ok.status).toBe(201);
  });

  it('requires_comment: reject without a comment is 422 on comment, values not validated', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-reject-no-comment', { outcome: 'reject', values: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ comment: ['A comment is required for this outcome.'] });
    const blank = await decide(t, a, 'd-reject-blank', { outcome: 'reject', values: {}, comment: '   ' });
    expect(blank.status).toBe(422);
    const ok = await decide(t, a, 'd-reject', { outcome: 'reject', values: {}, comment: 'Outside the refund window.' });
    expect(ok.status).toBe(201);
    expect(ok.body.assignment.status).toBe('rejected');
  });

  it('an outcome the form does not offer', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-bad-outcome', { outcome: 'escalate' });
    expect(res.status).toBe(422);
    expect(res.body.errors.outcome).toBeDefined();
  });

  it('a body missing required fields', async () => {
    const a = await createOne(t, {});
    const res = await t.reviewer.post(`/assignments/${a.id}/decisions/`, { decision_id: 'd-empty' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['outcome', 'values', 'form', 'base_version']));
  });

  it('a form ref that is not the assignment’s form', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-wrong-form', { form: { id: 'text-annotation', version: 1 } });
    expect(res.status).toBe(422);
    expect(res.body.errors.form).toBeDefined();
  });
});

describe('outcomes', () => {
  it('request_changes sends it back to pending with the decision in previous_decisions', async () => {
    const a = await createOne(t, {});
    const res = await decide(t, a, 'd-rc', {
      outcome: 'request_changes',
      values: { notes: 'x' },
      comment: 'Attach the receipt.',
    });
    expect(res.status).toBe(201);
    const back = res.body.assignment;
    expect(back.status).toBe('pending');
    expect(back.assignee).toBe(t.server.reviewerId);
    expect(back.metadata.previous_decisions).toEqual([
      {
        outcome: 'request_changes',
        comment: 'Attach the receipt.',
        values: { notes: 'x' },
        decided_at: res.body.decision.received_at,
      },
    ]);
    // The next round can be decided again, based on the new version.
    const next = await decide(t, back, 'd-rc-2');
    expect(next.status).toBe(201);
    expect(next.body.assignment.status).toBe('completed');
    expect(next.body.assignment.metadata.previous_decisions).toHaveLength(1);
  });

  it('a form without outcomes offers submit, which completes', async () => {
    const a = await createOne(t, { form: { id: 'text-annotation', version: 1 }, kind: 'annotation' });
    const res = await decide(t, a, 'd-submit', { outcome: 'submit', values: { sentiment: 'positive', topics: ['billing'] } });
    expect(res.status).toBe(201);
    expect(res.body.assignment.status).toBe('completed');
  });

  it('decisions show up in the feed as upserts', async () => {
    const a = await createOne(t, {});
    const before = await pullAll(t.reviewer);
    const res = await decide(t, a, 'd-feed');
    const inc = await pullAll(t.reviewer, before.cursor);
    expect(inc.changes).toEqual([{ op: 'upsert', assignment: res.body.assignment }]);
  });
});
