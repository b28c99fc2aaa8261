import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, type FetchFn } from '../../../../src/main/backend/http-client';
import { userIdFor } from '../../../../src/main/backend/hitl';
import { StatisticsSchema } from '../../../../src/shared/protocol';
import { hitlFixture, REVIEWER, type Fixture } from './hitl-fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

async function failure(p: Promise<unknown>): Promise<BackendError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

describe('HITL adapter: errors', () => {
  it.each([
    [401, { detail: 'Not authenticated' }, 'unauthorized', 'Not authenticated'],
    [403, { detail: 'Forbidden' }, 'forbidden', 'Forbidden'],
    [404, { detail: 'Not Found' }, 'not_found', 'Not Found'],
    [400, { detail: 'Bad filter' }, 'validation', 'Bad filter'],
    [500, { detail: 'Internal Server Error' }, 'server', 'Internal Server Error'],
    [502, '<html>Bad gateway</html>', 'server', undefined],
    [503, { message: 'Down for maintenance' }, 'server', 'Down for maintenance'],
  ] as const)('a %i is %s', async (status, body, code, message) => {
    f = await hitlFixture();
    f.server.interceptNext({}, { status, body });
    const e = await failure(f.adapter.changes(null, 100));
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    if (message) expect(e.message).toBe(message);
    expect(e.retryable).toBe(status >= 500);
  });

  it('a FastAPI 422 becomes validation with the fields it names', async () => {
    f = await hitlFixture();
    f.server.interceptNext(
      {},
      {
        status: 422,
        body: { detail: [{ type: 'enum', loc: ['query', 'status'], msg: "Input should be 'pending'", input: 'x' }] },
      },
    );
    const e = await failure(f.adapter.changes(null, 100));
    expect(e.code).toBe('validation');
    expect(e.fields).toEqual({ '/status': ["Input should be 'pending'"] });
    expect(e.message).toContain("status: Input should be 'pending'");
  });

  it('a 429 carries Retry-After', async () => {
    f = await hitlFixture();
    f.server.interceptNext({}, { status: 429, body: { detail: 'Too many' }, headers: { 'Retry-After': '3' } });
    const e = await failure(f.adapter.changes(null, 100));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000 });
    expect(e.retryable).toBe(true);
  });

  it('a dropped connection, a refused one and a timeout are offline', async () => {
    f = await hitlFixture();
    f.server.interceptNext({}, 'drop');
    f.server.interceptNext({}, 'drop'); // the client retries a GET on a stale socket once
    expect((await failure(f.adapter.changes(null, 100))).code).toBe('offline');

    const refused: FetchFn = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const e = await failure(f.newAdapter(undefined, refused).changes(null, 100));
    expect(e).toMatchObject({ code: 'offline', status: null });

    const hanging: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const slow = await failure(f.newAdapter(undefined, hanging, 20).assignment(1));
    expect(slow.code).toBe('offline');
    expect(slow.message).toContain('did not answer in time');
  });

  it('a listing that is not JSON, or not a list, is a bad response', async () => {
    f = await hitlFixture();
    const portal: FetchFn = async () => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200 });
    expect((await failure(f.newAdapter(undefined, portal).changes(null, 10))).code).toBe('bad_response');
    f.server.interceptNext({}, { status: 200, body: { items: [] } });
    expect((await failure(f.adapter.changes(null, 10))).code).toBe('bad_response');
  });
});

describe('HITL adapter: the other operations', () => {
  it('me() proves the token with one call and names the configured reviewer', async () => {
    f = await hitlFixture();
    const me = await f.adapter.me();
    expect(me).toEqual({ id: userIdFor(REVIEWER), username: REVIEWER, display_name: REVIEWER });
    expect(f.server.requests()).toHaveLength(1);
    expect(f.server.requests()[0]!.authorization).toBe(`Bearer ${f.server.token}`);
    f.server.interceptNext({}, { status: 401, body: { detail: 'Invalid authentication credentials' } });
    expect((await failure(f.adapter.me())).code).toBe('unauthorized');
  });

  it('health() is true while the service answers, even with a refused token, and false when it does not', async () => {
    f = await hitlFixture();
    expect(await f.adapter.health()).toBe(true);
    f.server.interceptNext({}, { status: 401, body: { detail: 'Not authenticated' } });
    expect(await f.adapter.health()).toBe(true);
    f.server.interceptNext({}, { status: 503, body: {} });
    expect(await f.adapter.health()).toBe(false);
    const refused: FetchFn = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    expect(await f.newAdapter(undefined, refused).health()).toBe(false);
  });

  it('has no tags, and says clearly that it cannot set tags or hand requests back', async () => {
    f = await hitlFixture();
    expect(await f.adapter.tags()).toEqual([]);
    const tags = await failure(f.adapter.setTags({ ids: [1], tags: [2], action: 'add' }));
    expect(tags).toMatchObject({ code: 'validation', status: 400 });
    expect(tags.message).toMatch(/does not support tags/);
    expect(tags.retryable).toBe(false);
    const release = await failure(f.adapter.release(1, 'k'));
    expect(release.message).toMatch(/does not support handing requests back/);
    expect(f.adapter.events).toBeUndefined();
  });

  it("maps the service's statistics, counting by priority from a listing", async () => {
    f = await hitlFixture();
    f.server.create({ priority: 'high', request_type: 'api_key' });
    f.server.create({ priority: 'high', request_type: 'approval' });
    const r = f.server.create({ priority: 'low', request_type: 'approval' });
    const s = f.server.create({ priority: 'critical' });
    f.server.startReview(r.id);
    f.server.cancel(s.id);
    const stats = await f.adapter.statistics();
    expect(StatisticsSchema.safeParse(stats).success).toBe(true);
    expect(stats).toMatchObject({
      total: 4,
      by_status: { pending: 2, in_progress: 1, completed: 0, rejected: 0, cancelled: 1 },
      by_priority: { low: 1, medium: 0, high: 2, critical: 0 }, // open requests only: the listing's
      by_kind: { api_key: 1, approval: 2, decision: 1 },
      completed_today: 0,
      average_handle_seconds: null,
      average_response_hours: null,
    });
  });

  it('counts everything from a listing when the service has no statistics route', async () => {
    f = await hitlFixture();
    f.server.create({ priority: 'high' });
    f.server.interceptNext({ path: /statistics/ }, { status: 404, body: { detail: 'Not Found' } });
    const stats = await f.adapter.statistics();
    expect(stats).toMatchObject({ total: 1, by_status: { pending: 1 }, by_priority: { high: 1 }, by_kind: { decision: 1 } });
  });
});
