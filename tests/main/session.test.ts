import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../src/main/app/app-services';
import { memorySecretStore } from '../../src/main/desktop/secret-store';
import { recordingLogger } from '../../src/main/log';
import { dispatch } from '../../src/main/ipc/dispatch';
import type { Timers } from '../../src/main/sync/engine';
import { startServer } from '../../src/server';
import { startTestServer, type TestServer } from '../support/reference-server';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let app: AppServices;
const log = recordingLogger();

function services(): AppServices {
  return createAppServices({
    dataDir: dir.path,
    secrets: memorySecretStore(),
    log,
    timers: manualTimers,
    demoSeed: 25,
    startDemoServer: async ({ db, port, seed }) => {
      const s = await startServer({ db, port, seed, quiet: true });
      return { baseUrl: s.baseUrl, port: s.port, token: s.token, close: () => s.close() };
    },
  });
}

const call = (channel: string, input?: unknown) => dispatch(app.handlers, channel, input, log);

beforeEach(async () => {
  server = await startTestServer({ seed: 12 });
  dir = tempDir();
  app = services();
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  dir.remove();
});

describe('connect to a server', () => {
  it('signs in with a good URL and token, then syncs the queue', async () => {
    const r = await call('session:connect', { url: server.baseUrl, token: server.token });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ status: 'signed_in', account: { username: 'reviewer', demo: false } });
    await app.session.active()!.engine.idle();
    const page = await call('queue:list', {});
    expect(page.ok && (page.value as { total: number }).total).toBe(12);
  });

  it('says the token is wrong', async () => {
    const r = await call('session:connect', { url: server.baseUrl, token: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('token') } });
    expect(app.session.state().status).toBe('signed_out');
  });

  it('says the host cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const r = await call('session:connect', { url: `http://127.0.0.1:${port}/api/v1`, token: server.token });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'offline', message: expect.stringContaining('Cannot reach 127.0.0.1') },
    });
  });

  it('says when the URL is not a review backend', async () => {
    const r = await call('session:connect', { url: server.baseUrl.replace('/api/v1', '/nothing-here'), token: server.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await call('session:connect', { url: 'http://exa mple', token: 't' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('not a valid server URL') },
    });
    const empty = await call('session:connect', { url: '', token: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('comes back signed in after a restart, with the cache intact', async () => {
    const secrets = memorySecretStore();
    await app.dispose();
    const make = () =>
      createAppServices({
        dataDir: dir.path,
        secrets,
        log,
        timers: manualTimers,
        startDemoServer: () => Promise.reject(new Error('no demo')),
      });
    app = make();
    await app.session.connect(server.baseUrl, server.token);
    await app.session.active()!.engine.idle();
    await app.dispose();
    app = make();
    const state = await app.session.restore();
    expect(state.status).toBe('signed_in');
    expect(app.session.active()!.cache.assignments.count()).toBe(12);
  });

  it('at start-up, lets the window read the cache before the first sync and the integrity check begin', async () => {
    const secrets = memorySecretStore();
    const pending: { ms: number; fn: () => void }[] = [];
    const make = (startDelayMs?: number) =>
      createAppServices({
        dataDir: dir.path,
        secrets,
        log,
        timers: { setTimeout: (fn, ms) => pending.push({ fn, ms }), clearTimeout: () => {} },
        startDemoServer: () => Promise.reject(new Error('no demo')),
        startDelayMs,
      });
    app = make();
    await app.session.connect(server.baseUrl, server.token);
    await app.session.active()!.engine.idle();
    await publishSimpleForm(server);
    await server.admin('POST', '/admin/assignments/', assignmentInput(server, 50));
    await app.dispose();
    pending.length = 0;

    app = make(1500);
    await app.session.restore();
    const engine = app.session.active()!.engine;
    await engine.idle();
    expect(app.session.active()!.cache.assignments.count()).toBe(12); // the cached queue, no sync yet
    expect(pending.map((p) => p.ms).filter((ms) => ms >= 1500)).toEqual([1500, 3000]);
    pending.find((p) => p.ms === 1500)!.fn();
    await engine.idle();
    expect(app.session.active()!.cache.assignments.count()).toBe(13);
  });

  it('signs out: the token is forgotten, the account stays listed for next time', async () => {
    await app.session.connect(server.baseUrl, server.token);
    const r = await call('session:signOut');
    expect(r).toEqual({ ok: true, value: { status: 'signed_out' } });
    expect(app.settings.get().activeAccount).toBeNull();
    expect((await call('queue:list', {})).ok).toBe(false);
    const list = await call('accounts:list');
    expect(list).toMatchObject({
      ok: true,
      value: [{ username: 'reviewer', active: false, hasToken: false, backend: 'native' }],
    });
  });
});

describe('several accounts', () => {
  let second: { id: number; username: string; token: string };

  beforeEach(async () => {
    second = await server.admin('POST', '/admin/users/', { username: 'second', display_name: 'Second Reviewer' });
    await publishSimpleForm(server);
    await server.admin('POST', '/admin/assignments/', {
      assignments: [1, 2, 3].map((i) => assignmentInput(server, 100 + i, { assignee: second.id })),
    });
  });

  async function signIn(token: string) {
    const r = await call('session:connect', { url: server.baseUrl, token });
    expect(r.ok).toBe(true);
    await app.session.active()!.engine.idle();
  }
  const total = async () => {
    const page = await call('queue:list', {});
    return page.ok ? (page.value as { total: number }).total : -1;
  };

  it('keeps one cache per account and switches between them without asking for the token again', async () => {
    await signIn(server.token);
    const first = app.session.active()!.account.key;
    expect(await total()).toBe(12);
    await signIn(second.token);
    expect(await total()).toBe(3);
    const list = (await call('accounts:list')) as {
      ok: true;
      value: { key: string; username: string; active: boolean; hasToken: boolean }[];
    };
    expect(list.value.map((a) => [a.username, a.active, a.hasToken])).toEqual([
      ['reviewer', false, true],
      ['second', true, true],
    ]);
    const r = await call('session:switch', { key: first });
    expect(r).toMatchObject({ ok: true, value: { status: 'signed_in', account: { key: first, username: 'reviewer' } } });
    // The first account's cache was kept: its queue is there before any sync.
    expect(await total()).toBe(12);
    expect(app.settings.get().activeAccount).toBe(first);
  });

  it('asks for the token of a signed-out account, and refuses one that belongs to someone else', async () => {
    await signIn(server.token);
    const first = app.session.active()!.account.key;
    await call('session:signOut');
    await signIn(second.token);
    expect(await call('session:switch', { key: first })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringContaining('Enter the token for Reviewer') },
    });
    expect(await call('session:switch', { key: first, token: second.token })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'This token belongs to second, not to reviewer.' },
    });
    expect(app.session.active()!.account.username).toBe('second');
    expect(await call('session:switch', { key: first, token: server.token })).toMatchObject({ ok: true });
    // Signed out, its cache went; the switch's first sync fills it again.
    await app.session.active()!.engine.idle();
    expect(await total()).toBe(12);
  });

  it('removes an account not in use, but never one with unsent work', async () => {
    await signIn(server.token);
    const first = app.session.active()!.account.key;
    const id = app.session.active()!.cache.assignments.allIds()[0]!;
    app.session.active()!.engine.stop(); // nothing leaves: the release stays in the outbox
    expect((await call('assignment:release', { id })).ok).toBe(true);
    await signIn(second.token);
    expect(await call('accounts:remove', { key: app.session.active()!.account.key })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('in use') },
    });
    expect(await call('accounts:remove', { key: first })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('1 change not sent yet') },
    });
    await call('session:switch', { key: first });
    await app.session.active()!.engine.syncNow();
    expect(app.session.active()!.cache.decisions.pendingCount()).toBe(0);
    const secondKey = app.session.accounts().find((a) => a.username === 'second')!.key;
    const r = await call('accounts:remove', { key: secondKey });
    expect(r).toMatchObject({ ok: true, value: [{ username: 'reviewer' }] });
    expect(existsSync(join(dir.path, 'cache', `${secondKey}.db`))).toBe(false);
  });

  it('reads a settings file from before several accounts existed', async () => {
    await app.dispose();
    writeFileSync(
      join(dir.path, 'settings.json'),
      JSON.stringify({
        account: {
          baseUrl: server.baseUrl,
          userId: 1,
          username: 'reviewer',
          displayName: 'Reviewer',
          demo: false,
          cacheKey: 'abc',
        },
        syncIntervalMs: 30_000,
      }),
    );
    app = services();
    expect(app.settings.get()).toMatchObject({
      activeAccount: 'abc',
      accounts: [{ cacheKey: 'abc', username: 'reviewer', backend: { type: 'native' } }],
      syncIntervalMs: 30_000,
    });
  });
});

describe('try the demo', () => {
  it('starts the reference backend in-process, seeds it, and signs in', async () => {
    const r = await call('session:startDemo');
    expect(r).toMatchObject({ ok: true, value: { status: 'signed_in', account: { demo: true } } });
    await app.session.active()!.engine.idle();
    const page = await call('queue:list', {});
    // The feed sends cancelled assignments as removals, so the cache holds the rest.
    const stats = await call('stats:get');
    expect(stats.ok).toBe(true);
    const s = stats.ok ? (stats.value as { total: number; by_status: Record<string, number> }) : null;
    expect(s!.total).toBe(25);
    expect(page.ok && (page.value as { total: number }).total).toBe(25 - (s!.by_status.cancelled ?? 0));
  });
});
