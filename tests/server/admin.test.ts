/** The admin routes: guarded by the admin token; users, assignments, forms, decisions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignmentSchema, FormSchema, type Form } from '../../src/shared/protocol';
import { api, createOne, decide, decisionBody, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start();
});
afterAll(() => t.close());

describe('guard', () => {
  const routes: [string, string][] = [
    ['POST', '/admin/users/'],
    ['POST', '/admin/assignments/'],
    ['PATCH', '/admin/assignments/1/'],
    ['POST', '/admin/assignments/1/reassign/'],
    ['POST', '/admin/assignments/1/cancel/'],
    ['DELETE', '/admin/assignments/1/'],
    ['POST', '/admin/forms/'],
    ['GET', '/admin/decisions/'],
  ];

  it('403 forbidden with a reviewer token on every admin route', async () => {
    for (const [method, path] of routes) {
      const res = await t.reviewer.raw(method, path, method === 'GET' || method === 'DELETE' ? undefined : '{}');
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });

  it('401 without a token', async () => {
    for (const [method, path] of routes) expect((await t.anon.raw(method, path)).status).toBe(401);
  });
});

describe('users', () => {
  it('adds a reviewer whose token works', async () => {
    const res = await t.admin.post('/admin/users/', { username: 'mia', display_name: 'Mia Berg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'mia', display_name: 'Mia Berg' });
    expect(typeof res.body.token).toBe('string');
    const me = await api(t.server, res.body.token).get('/me/');
    expect(me.body).toEqual({ id: res.body.id, username: 'mia', display_name: 'Mia Berg' });
  });

  it('keeps a given token; refuses duplicates', async () => {
    const res = await t.admin.post('/admin/users/', { username: 'noor', token: 'noor-token-123' });
    expect(res.body.token).toBe('noor-token-123');
    expect((await t.admin.post('/admin/users/', { username: 'noor' })).status).toBe(400);
    const dupToken = await t.admin.post('/admin/users/', { username: 'noor2', token: 'noor-token-123' });
    expect(dupToken.status).toBe(400);
    expect(dupToken.body.errors.token).toBeDefined();
  });
});

describe('assignments', () => {
  it('creates one with defaults: the default reviewer, pending, version 1, times from the clock', async () => {
    const res = await t.admin.post('/admin/assignments/', { title: 'hello', data: { x: 1 } });
    expect(res.status).toBe(201);
    const a = AssignmentSchema.parse(res.body);
    expect(a).toMatchObject({
      assignee: t.server.reviewerId,
      status: 'pending',
      priority: 'medium',
      version: 1,
      form: { id: 'refund-review', version: 2 },
      created_at: t.clock.now().toISOString(),
      updated_at: t.clock.now().toISOString(),
    });
  });

  it('creates many, or unassigned ones', async () => {
    const res = await t.admin.post('/admin/assignments/', {
      assignments: [{ title: 'one' }, { title: 'two', assignee: null }],
    });
    expect(res.status).toBe(201);
    expect(res.body.assignments.map((a: { title: string }) => a.title)).toEqual(['one', 'two']);
    expect(res.body.assignments[1].assignee).toBeNull();
  });

  it('400 with per-item field errors, creating nothing', async () => {
    const before = (await t.admin.get('/assignments/')).body.count;
    const res = await t.admin.post('/admin/assignments/', {
      assignments: [{ title: 'fine' }, { priority: 'urgent' }, { form: { id: 'nope', version: 1 } }, { assignee: 9999 }],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors).sort()).toEqual([
      'assignments.1.priority',
      'assignments.2.form',
      'assignments.3.assignee',
    ]);
    expect((await t.admin.get('/assignments/')).body.count).toBe(before);
  });

  it('PATCH changes fields and bumps version and updated_at', async () => {
    const a = await createOne(t, {});
    t.clock.advance(10_000);
    const res = await t.admin.patch(`/admin/assignments/${a.id}/`, {
      title: 'new title',
      priority: 'critical',
      status: 'in_progress',
      due_at: '2026-12-01T10:00:00+02:00',
      tags: [1, 3],
      metadata: { confidence: 0.5 },
      data: { replaced: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'new title',
      priority: 'critical',
      status: 'in_progress',
      due_at: '2026-12-01T08:00:00.000Z',
      tags: [1, 3],
      metadata: { confidence: 0.5 },
      data: { replaced: true },
      version: a.version + 1,
      updated_at: t.clock.now().toISOString(),
    });
    expect((await t.admin.patch(`/admin/assignments/${a.id}/`, {})).body.version).toBe(a.version + 2);
  });

  it('PATCH refuses unknown fields and unknown ids', async () => {
    const a = await createOne(t, {});
    const res = await t.admin.patch(`/admin/assignments/${a.id}/`, { assignee: 5 });
    expect(res.status).toBe(400);
    expect((await t.admin.patch('/admin/assignments/99999/', { title: 'x' })).status).toBe(404);
  });

  it('reassign and cancel (cancelling twice changes nothing)', async () => {
    const mia = (await t.admin.post('/admin/users/', { username: 'mia-2' })).body;
    const a = await createOne(t, {});
    const moved = await t.admin.post(`/admin/assignments/${a.id}/reassign/`, { assignee: mia.id });
    expect(moved.body).toMatchObject({ assignee: mia.id, version: a.version + 1 });
    expect((await t.admin.post(`/admin/assignments/${a.id}/reassign/`, { assignee: 424242 })).status).toBe(400);
    const cancelled = await t.admin.post(`/admin/assignments/${a.id}/cancel/`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: a.version + 2 });
    const again = await t.admin.post(`/admin/assignments/${a.id}/cancel/`);
    expect(again.body.version).toBe(a.version + 2);
    expect((await t.admin.post('/admin/assignments/99999/cancel/')).status).toBe(404);
  });
});

describe('forms', () => {
  const form: Form = {
    id: 'custom-check',
    version: 1,
    title: 'Custom check',
    instructions: 'Say **yes** or no.',
    schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    ui: { order: ['ok'], fields: {} },
    outcomes: [],
  };

  it('publishes a form, which can then be fetched and used', async () => {
    const res = await t.admin.post('/admin/forms/', form);
    expect(res.status).toBe(201);
    const got = await t.reviewer.get('/forms/custom-check/versions/1/');
    expect(got.status).toBe(200);
    expect(FormSchema.parse(got.body)).toEqual(form);
    expect(got.headers.get('cache-control')).toContain('immutable');
    const a = await createOne(t, { form: { id: 'custom-check', version: 1 } });
    const bad = await decide(t, a, 'f-bad', { outcome: 'submit', values: {} });
    expect(bad.body.errors).toEqual({ ok: ['This field is required.'] });
    expect((await decide(t, a, 'f-ok', { outcome: 'submit', values: { ok: true } })).status).toBe(201);
  });

  it('versions are immutable: same again is 200, different is 409', async () => {
    expect((await t.admin.post('/admin/forms/', form)).status).toBe(200);
    const res = await t.admin.post('/admin/forms/', { ...form, title: 'Changed' });
    expect(res.status).toBe(409);
    expect((await t.reviewer.get('/forms/custom-check/versions/1/')).body.title).toBe('Custom check');
  });

  it('400 for a form whose schema is not an object schema; 404 for unknown versions', async () => {
    expect((await t.admin.post('/admin/forms/', { ...form, id: 'bad', schema: { type: 'string' } })).status).toBe(400);
    expect((await t.reviewer.get('/forms/custom-check/versions/2/')).status).toBe(404);
    expect((await t.reviewer.get('/forms/custom-check/versions/x/')).status).toBe(404);
  });
});

describe('recorded decisions', () => {
  it('lists each decision exactly once, however often it was sent', async () => {
    const s = await start();
    try {
      const a = await createOne(s, {});
      const b = await createOne(s, {});
      await decide(s, a, 'x-1');
      await decide(s, a, 'x-1'); // replay
      await s.reviewer.post('/decisions/batch/', {
        decisions: [
          { assignment_id: a.id, ...decisionBody(a, 'x-1') },
          { assignment_id: b.id, ...decisionBody(b, 'x-2', { outcome: 'reject', values: {}, comment: 'no' }) },
          { assignment_id: b.id, ...decisionBody(b, 'x-2', { outcome: 'reject', values: {}, comment: 'no' }) },
        ],
      });
      const res = await s.admin.get('/admin/decisions/');
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(2);
      expect(res.body.results.map((d: { decision_id: string }) => d.decision_id)).toEqual(['x-1', 'x-2']);
      expect(res.body.results[1]).toMatchObject({
        decision_id: 'x-2',
        assignment_id: b.id,
        outcome: 'reject',
        values: {},
        comment: 'no',
        received_at: s.clock.now().toISOString(),
      });
      const onlyB = await s.admin.get(`/admin/decisions/?assignment=${b.id}`);
      expect(onlyB.body.results.map((d: { decision_id: string }) => d.decision_id)).toEqual(['x-2']);
      const paged = await s.admin.get('/admin/decisions/?page_size=1');
      expect(paged.body.results).toHaveLength(1);
      expect(paged.body.next).toMatch(/page=2/);
    } finally {
      await s.close();
    }
  });
});
