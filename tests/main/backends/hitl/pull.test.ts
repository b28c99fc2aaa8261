import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/main/backend/http-client';
import { appIdFor, hash48 } from '../../../../src/main/backend/hitl/ids';
import { hitlFixture, type Fixture } from './hitl-fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

describe('HITL adapter: pulling requests', () => {
  it('sends the token with the configured scheme on every request', async () => {
    f = await hitlFixture();
    f.server.create();
    await f.pullAll();
    const auth = new Set(f.server.requests().map((r) => r.authorization));
    expect([...auth]).toEqual([`Bearer ${f.server.token}`]);
  });

  it('uses the Token scheme when the account says so, and a refused token is unauthorized', async () => {
    f = await hitlFixture({ scheme: 'Token' }, { authScheme: 'Token' });
    f.server.create();
    const { assignments } = await f.pullAll();
    expect(assignments).toHaveLength(1);
    expect(f.server.requests()[0]!.authorization).toBe(`Token ${f.server.token}`);

    const wrong = f.newAdapter({ authScheme: 'Bearer' });
    const e = await wrong.changes(null, 100).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).code).toBe('unauthorized');
  });

  it('lists pending then in_review requests page by page with limit and offset', async () => {
    f = await hitlFixture({}, { pageSize: 3 });
    for (let i = 0; i < 7; i++) f.server.create();
    const reviewing = f.server.all().slice(0, 2);
    for (const r of reviewing) f.server.startReview(r.id);
    f.server.rejectElsewhere(f.server.all()[2]!.id); // not open: never listed
    const { assignments } = await f.pullAll();
    const lists = f.server.requests().filter((r) => r.path === '/hitl/requests');
    expect(lists.map((r) => Object.fromEntries(r.query))).toEqual([
      { status: 'pending', limit: '3', offset: '0' },
      { status: 'pending', limit: '3', offset: '3' },
      { status: 'pending', limit: '3', offset: '4' },
      { status: 'in_review', limit: '3', offset: '0' },
      { status: 'in_review', limit: '3', offset: '2' },
    ]);
    expect(assignments).toHaveLength(6);
    expect(new Set(assignments.map((a) => a.id)).size).toBe(6);
    expect(
      assignments
        .filter((a) => a.status === 'in_progress')
        .map((a) => a.metadata.request_id)
        .sort(),
    ).toEqual(reviewing.map((r) => r.id).sort());
  });

  it("takes the engine's limit when it is below the page size", async () => {
    f = await hitlFixture({}, { pageSize: 50 });
    f.server.create();
    await f.adapter.changes(null, 10);
    expect(f.server.requests()[0]!.query.get('limit')).toBe('10');
  });

  it('does not skip requests when others are handled between two pages', async () => {
    f = await hitlFixture({}, { pageSize: 8 });
    for (let i = 0; i < 20; i++) f.server.create();
    const newestFirst = f.server.all().reverse();
    const first = await f.adapter.changes(null, 1000);
    expect(first.changes).toHaveLength(8);
    // Two requests of the first page are handled elsewhere: the rest shifts two places forward.
    f.server.fulfillElsewhere(newestFirst[0]!.id);
    f.server.cancel(newestFirst[1]!.id);
    const { assignments } = await f.pullAll(first.cursor);
    const seen = new Set(
      [...first.changes, ...assignments.map((a) => ({ assignment: a }))].map(
        (c) => (c as { assignment: { metadata: { request_id: string } } }).assignment.metadata.request_id,
      ),
    );
    for (const r of newestFirst.slice(2)) expect(seen.has(r.id), r.title).toBe(true);
  });

  it('reads to an empty page, so a service that serves fewer than asked loses nothing', async () => {
    f = await hitlFixture({ capLimit: 2 }, { pageSize: 5 });
    for (let i = 0; i < 5; i++) f.server.create();
    const { assignments } = await f.pullAll();
    expect(assignments).toHaveLength(5);
  });

  it('ends a listing whose service ignores offset instead of paging for ever', async () => {
    f = await hitlFixture({}, { pageSize: 2 });
    for (let i = 0; i < 3; i++) f.server.create();
    // A service that always answers the first page.
    const first = f.server.all().reverse().slice(0, 2);
    for (let i = 0; i < 3; i++) f.server.interceptNext({ path: /^\/hitl\/requests$/ }, { status: 200, body: first });
    const { assignments } = await f.pullAll();
    expect(assignments.length).toBeGreaterThanOrEqual(2);
    expect(f.server.requests().length).toBeLessThan(10);
  });

  it('maps string ids to stable positive integers and keeps the service id', async () => {
    f = await hitlFixture();
    const r = f.server.create();
    const { assignments } = await f.pullAll();
    const a = assignments[0]!;
    expect(a.id).toBe(appIdFor(r.id));
    expect(a.id).toBe(hash48(r.id));
    expect(Number.isSafeInteger(a.id) && a.id > 0 && a.id < 2 ** 48).toBe(true);
    expect(a.metadata.request_id).toBe(r.id);
    // Another adapter (the app restarted) maps it the same way and finds it through the cache.
    const again = await f.newAdapter().assignment(a.id);
    expect(again.id).toBe(a.id);
    expect(again.metadata.request_id).toBe(r.id);
  });

  it('keeps numeric ids as themselves, and finds them without the cache', async () => {
    f = await hitlFixture({ numericIds: true });
    f.server.create();
    const r = f.server.create();
    expect(appIdFor('42')).toBe(42);
    expect(appIdFor('042')).not.toBe(42); // would not come back as "042"
    const { assignments } = await f.pullAll();
    expect(assignments.map((a) => a.id).sort()).toEqual([1, 2]);
    f.cached.clear();
    const a = await f.newAdapter().assignment(Number(r.id));
    expect(a.metadata.request_id).toBe(r.id);
  });

  it("maps statuses, priorities, times and content onto the app's assignment", async () => {
    f = await hitlFixture();
    const r = f.server.create({
      request_type: 'api_key',
      title: 'Stripe key please',
      description: 'The billing agent needs a Stripe key.\nRestricted key is fine.',
      prompt: 'Paste the key',
      priority: 'critical',
      expires_at: '2026-11-22T08:00:00',
      context: { agent: 'billing' },
      required_fields: { api_key: 'The Stripe API key' },
    });
    const { assignments } = await f.pullAll();
    const a = assignments[0]!;
    expect(a).toMatchObject({
      status: 'pending',
      priority: 'critical',
      kind: 'api_key',
      title: 'Stripe key please',
      assignee: (await f.adapter.me()).id,
      due_at: '2026-11-22T08:00:00.000Z',
      created_at: `${r.created_at.slice(0, 23)}Z`,
      data: {
        description: r.description,
        prompt: 'Paste the key',
        context: { agent: 'billing' },
        required_fields: r.required_fields,
      },
      metadata: { request_id: r.id, service_status: 'pending', agent_id: 'agent-7' },
    });
    expect(a.version).toBe(Date.parse(`${r.updated_at.slice(0, 23)}Z`));

    f.server.edit(r.id, { description: 'changed' });
    const edited = await f.adapter.assignment(a.id);
    expect(edited.version).toBeGreaterThan(a.version);

    const cases: [string, string][] = [
      ['in_review', 'in_progress'],
      ['fulfilled', 'completed'],
      ['rejected', 'rejected'],
      ['cancelled', 'cancelled'],
      ['expired', 'cancelled'],
    ];
    for (const [service, app] of cases) {
      f.server.edit(r.id, { status: service as never });
      expect((await f.adapter.assignment(a.id)).status, service).toBe(app);
    }
    const priorities: [string, string][] = [
      ['low', 'low'],
      ['HIGH', 'high'],
      ['urgent', 'critical'],
      ['whatever', 'medium'],
    ];
    for (const [service, app] of priorities) {
      f.server.edit(r.id, { priority: service as never });
      expect((await f.adapter.assignment(a.id)).priority, service).toBe(app);
    }
  });

  it('never copies response_data (secrets typed elsewhere) into the assignment', async () => {
    f = await hitlFixture();
    const r = f.server.create({ request_type: 'api_key', required_fields: { api_key: 'key' } });
    await f.pullAll();
    f.server.fulfillElsewhere(r.id, 'someone-else', { api_key: 'sk_live_SECRET_123456' });
    const a = await f.adapter.assignment(appIdFor(r.id)!);
    expect(a.status).toBe('completed');
    expect(a.metadata.fulfilled_by).toBe('someone-else');
    expect(a.assignee).not.toBe((await f.adapter.me()).id);
    expect(JSON.stringify(a)).not.toContain('sk_live_SECRET_123456');
  });

  it('lists again without 410 until reconciliation is due, then answers 410', async () => {
    f = await hitlFixture({}, { reconcileMinutes: 5 });
    f.server.create();
    const full = await f.pullAll();
    expect(full.cursor).toMatch(/^hitl1:done:/);

    f.clock.advance(4 * 60_000);
    const r2 = f.server.create();
    const incremental = await f.pullAll(full.cursor);
    expect(incremental.assignments.map((a) => a.metadata.request_id)).toContain(r2.id);

    f.clock.advance(2 * 60_000);
    const e = await f.adapter.changes(incremental.cursor, 1000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).status).toBe(410);
    expect((e as BackendError).code).toBe('not_found');
  });

  it('answers 410 for a cursor it did not write, and finishes a listing under way even when reconciliation is due', async () => {
    f = await hitlFixture({}, { pageSize: 1, reconcileMinutes: 5 });
    f.server.create();
    f.server.create();
    for (const bad of ['', 'garbage', '42', 'hitl1:9:0:0:0', 'hitl1:0:x:0:0']) {
      const e = await f.adapter.changes(bad, 10).catch((x: unknown) => x);
      expect((e as BackendError).status, bad).toBe(410);
    }
    const first = await f.adapter.changes(null, 10);
    expect(first.hasMore).toBe(true);
    f.clock.advance(60 * 60_000);
    const next = await f.adapter.changes(first.cursor, 10);
    expect(next.changes).toHaveLength(1);
  });
});
