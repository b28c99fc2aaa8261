/**
 * The Synapse adapter's requests and how it reads Synapse's answers:
 * credentials, who-am-I, health, DRF error bodies → the app's error codes,
 * and the operations Synapse does not have.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendAdapter } from '../../../../src/main/backend/adapter';
import { BackendError, type FetchFn } from '../../../../src/main/backend/http-client';
import { startFakeSynapse, type FakeSynapse } from '../../../support/fake-synapse-server';
import { synapseAdapterFor } from '../../../support/drivers/synapse-driver';

let fake: FakeSynapse;
beforeEach(async () => {
  fake = await startFakeSynapse({ tenant: 'acme' });
});
afterEach(async () => {
  await fake.close();
});

async function failure(p: Promise<unknown>): Promise<BackendError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

describe('credentials', () => {
  it('sends the token and the tenant in Synapse’s headers, and no Authorization header', async () => {
    fake.createAssignment({ data: { a: 1 } });
    const adapter = synapseAdapterFor(fake);
    await adapter.changes(null, 100);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const r of fake.requests) {
      expect(r.headers['synapse-access-token']).toBe(`Token ${fake.token}`);
      expect(r.headers['synapse-tenant']).toBe('Token acme');
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('sends no tenant header when the account has no tenant', async () => {
    const open = await startFakeSynapse({ tenant: null });
    try {
      const me = await synapseAdapterFor(open).me();
      expect(me.id).toBe(open.reviewer.id);
      expect(open.requests[0]!.headers['synapse-tenant']).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('a wrong tenant is forbidden, a wrong token unauthorized', async () => {
    const wrongTenant = synapseAdapterFor(fake, { config: { tenant: 'other' } });
    expect((await failure(wrongTenant.me())).code).toBe('forbidden');
    const wrongToken = synapseAdapterFor(fake, { token: 'nope' });
    const e = await failure(wrongToken.me());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe('Invalid token.');
  });

  it('DRF’s 403 for missing credentials counts as unauthorized, so the reviewer is asked to sign in', async () => {
    const noToken = synapseAdapterFor(fake, { token: '' });
    // An empty token still sends the header ("Token "); take it away entirely to get DRF's 403.
    const strip: FetchFn = (input, init) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      delete headers['Synapse-Access-Token'];
      return fetch(input, { ...init, headers });
    };
    const bare = synapseAdapterFor(fake, { fetch: strip });
    const e = await failure(bare.me());
    expect(e.status).toBe(401);
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe('Authentication credentials were not provided.');
    expect((await failure(noToken.me())).code).toBe('unauthorized');
  });
});

describe('who am I and health', () => {
  it('maps users/me/ onto the app’s Me', async () => {
    expect(await synapseAdapterFor(fake).me()).toEqual({ id: fake.reviewer.id, username: 'reviewer', display_name: 'Re Viewer' });
  });

  it('falls back to the configured assignee when the deployment has no users/me/, once its listing answers', async () => {
    fake.once('GET', /^\/users\/me\//, { status: 404, body: { detail: 'Not found.' } });
    const me = await synapseAdapterFor(fake, { config: { assignee: 42 } }).me();
    expect(me).toEqual({ id: 42, username: 'user-42', display_name: null });
    expect(fake.requests.map((r) => r.path)).toEqual(['/users/me/', '/sdk/assignments/?page_size=1']);
  });

  it('a base URL that is not Synapse at all stays an error', async () => {
    const wrong = synapseAdapterFor(fake, { baseUrl: fake.baseUrl.replace(/\/api$/, '/nothing') });
    expect((await failure(wrong.me())).code).toBe('not_found');
  });

  it('health: any answer from Synapse means up; 5xx, a captive portal or no server means down', async () => {
    const adapter = synapseAdapterFor(fake);
    expect(await adapter.health()).toBe(true);
    expect(await synapseAdapterFor(fake, { token: 'nope' }).health()).toBe(true);
    fake.once('GET', /^\/users\/me\//, { status: 503, body: { detail: 'down' } });
    expect(await adapter.health()).toBe(false);
    const portal: FetchFn = async () =>
      new Response('<html>log in</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    expect(await synapseAdapterFor(fake, { fetch: portal }).health()).toBe(false);
    const refused = synapseAdapterFor(fake, { baseUrl: 'http://127.0.0.1:9/api' });
    expect(await refused.health()).toBe(false);
  });
});

describe('errors', () => {
  let adapter: BackendAdapter;
  let id: number;
  beforeEach(() => {
    adapter = synapseAdapterFor(fake);
    id = fake.createAssignment({ data: { a: 1 } }).id as number;
  });

  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    fake.once('GET', /^\/assignments\/\d+\//, { status, body, headers });

  it.each([
    [401, { detail: 'Invalid token.' }, 'unauthorized', 'Invalid token.'],
    [
      403,
      { detail: 'You do not have permission to perform this action.' },
      'forbidden',
      'You do not have permission to perform this action.',
    ],
    [404, { detail: 'Not found.' }, 'not_found', 'Not found.'],
    [500, { detail: 'A server error occurred.' }, 'server', 'A server error occurred.'],
  ])('%i → %s', async (status, body, code, message) => {
    answer(status, body);
    const e = await failure(adapter.assignment(id));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.retryable).toBe(status >= 500);
  });

  it('an error page that is not JSON: the status says it all', async () => {
    const gateway: FetchFn = async () =>
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    const e = await failure(synapseAdapterFor(fake, { fetch: gateway }).assignment(id));
    expect([e.code, e.status, e.message, e.retryable]).toEqual(['server', 502, 'The server failed (502)', true]);
  });

  it('400 with DRF field errors → validation, with the messages by JSON pointer', async () => {
    answer(400, {
      title: ['This field is required.'],
      data: { score: ['A valid integer is required.'] },
      non_field_errors: ['Bad.'],
    });
    const e = await failure(adapter.assignment(id));
    expect(e.code).toBe('validation');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('title: This field is required.');
    expect(e.fields).toEqual({
      '/title': ['This field is required.'],
      '/data/score': ['A valid integer is required.'],
      '': ['Bad.'],
    });
  });

  it('422 with a bare list of messages → validation', async () => {
    answer(422, ['Assignment is locked.']);
    const e = await failure(adapter.assignment(id));
    expect(e.code).toBe('validation');
    expect(e.message).toBe('Assignment is locked.');
    expect(e.fields).toEqual({ '': ['Assignment is locked.'] });
  });

  it('429 → rate_limited with Retry-After, retryable', async () => {
    answer(429, { detail: 'Request was throttled. Expected available in 7 seconds.' }, { 'Retry-After': '7' });
    const e = await failure(adapter.assignment(id));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('a connection refused or a timeout → offline, retryable', async () => {
    const refused = synapseAdapterFor(fake, { baseUrl: 'http://127.0.0.1:9/api' });
    const e = await failure(refused.assignment(id));
    expect(e.code).toBe('offline');
    expect(e.status).toBeNull();
    const hang: FetchFn = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const slow = synapseAdapterFor(fake, { fetch: hang, timeoutMs: 20 });
    const t = await failure(slow.assignment(id));
    expect(t.code).toBe('offline');
    expect(t.message).toContain('did not answer in time');
  });

  it('a record the app cannot read is a bad response, not a crash', async () => {
    answer(200, { id, project: 1, status: 'weird', updated_at: 'x' });
    expect((await failure(adapter.assignment(id))).code).toBe('bad_response');
  });
});

describe('what Synapse does not have', () => {
  it('release is refused with a clear, non-retryable message', async () => {
    const e = await failure(synapseAdapterFor(fake).release(1, 'key'));
    expect(e.code).toBe('validation');
    expect(e.message).toBe('This backend cannot hand assignments back');
    expect(e.retryable).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it('tags: no list route, so none; set_tags goes to assignments/set_tags/', async () => {
    const adapter = synapseAdapterFor(fake);
    expect(await adapter.tags()).toEqual([]);
    const a = fake.createAssignment({ tags: [1] });
    expect(await adapter.setTags({ ids: [a.id as number], tags: [2, 3], action: 'add' })).toEqual({ updated: 1 });
    expect(fake.record(a.id as number).tags).toEqual([1, 2, 3]);
    const last = fake.requests[fake.requests.length - 1]!;
    expect([last.method, last.path, last.body]).toEqual([
      'POST',
      '/assignments/set_tags/',
      { ids: [a.id], tags: [2, 3], action: 'add' },
    ]);
    const e = await failure(adapter.setTags({ ids: [a.id as number], tags: [2], action: 'toggle' as 'add' }));
    expect(e.code).toBe('validation');
    expect(e.fields).toEqual({ '/action': ['"toggle" is not a valid choice.'] });
  });

  it('statistics are counted from a listing of the reviewer’s assignments', async () => {
    fake.createAssignment({ priority: 'high', data: {} });
    fake.createAssignment({ priority: 'low', status: 'completed', data: {} });
    fake.createAssignment({ priority: 'low', assignee: 999, data: {} });
    const stats = await synapseAdapterFor(fake).statistics();
    expect(stats).toMatchObject({
      total: 2,
      by_status: { pending: 1, completed: 1 },
      by_priority: { high: 1, low: 1 },
      by_kind: { annotation: 2 },
      average_handle_seconds: null,
    });
    expect(fake.requests[fake.requests.length - 1]!.path).toContain(`assignee=${fake.reviewer.id}`);
  });
});
