/** Health, authentication, the error shape and malformed requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start();
});
afterAll(() => t.close());

describe('health', () => {
  it('answers without a token', async () => {
    const res = await t.anon.get('/health/');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(typeof res.body.version).toBe('string');
  });

  it('exposes the base URL with no trailing slash on an ephemeral port', () => {
    expect(t.server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(t.server.port).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  it('401 without a token, with the error shape', async () => {
    const res = await t.anon.get('/me/');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated' });
    expect(typeof res.body.detail).toBe('string');
  });

  it('401 for an unknown token', async () => {
    const res = await api(t.server, 'not-a-real-token').get('/me/');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('401 for a malformed Authorization header', async () => {
    const res = await t.anon.get('/me/', { Authorization: 'Basic abc' });
    expect(res.status).toBe(401);
  });

  it('accepts Token and Bearer (any case) as the scheme', async () => {
    for (const scheme of ['Token', 'Bearer', 'bearer', 'TOKEN']) {
      const res = await t.anon.get('/me/', { Authorization: `${scheme} ${t.server.token}` });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: t.server.reviewerId, username: 'reviewer', display_name: 'Reviewer' });
    }
  });

  it('the admin token authenticates as the admin user', async () => {
    const res = await t.admin.get('/me/');
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('admin');
  });
});

describe('errors', () => {
  it('404 with the error shape for an unknown route', async () => {
    const res = await t.reviewer.get('/no/such/thing/');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found' });
    expect(typeof res.body.detail).toBe('string');
  });

  it('404 outside the base path', async () => {
    const res = await t.anon.get(`${t.server.baseUrl.replace('/api/v1', '')}/elsewhere`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('405 with Allow for a known route and the wrong method', async () => {
    const res = await t.reviewer.raw('DELETE', '/me/');
    expect(res.status).toBe(405);
    expect(res.body.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('400 for a body that is not JSON', async () => {
    const res = await t.reviewer.raw('POST', '/assignments/set_tags/', '{"ids": [1,', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_json');
  });

  it('400 with field errors for a body of the wrong shape', async () => {
    const res = await t.reviewer.post('/assignments/set_tags/', { ids: 'all', action: 'paint' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation');
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['ids', 'tags', 'action']));
  });

  it('413 for a huge body', async () => {
    const huge = JSON.stringify({ ids: [], tags: [], action: 'add', pad: 'x'.repeat(17 * 1024 * 1024) });
    const res = await t.reviewer.raw('POST', '/assignments/set_tags/', huge);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('accepts paths without the trailing slash', async () => {
    const res = await t.reviewer.get('/me');
    expect(res.status).toBe(200);
  });

  it('serves JSON with a charset', async () => {
    const res = await t.reviewer.get('/me/');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});
