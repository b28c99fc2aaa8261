import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../src/main/app/app-services';
import { memorySecretStore } from '../../src/main/desktop/secret-store';
import { dispatch } from '../../src/main/ipc/dispatch';
import { recordingLogger } from '../../src/main/log';
import type { Timers } from '../../src/main/sync/engine';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';

const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };
const secrets = memorySecretStore();
let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let app: AppServices;
const log = recordingLogger();

const make = () =>
  createAppServices({
    dataDir: dir.path,
    secrets,
    log,
    timers: manualTimers,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo here')),
  });

async function call<T = unknown>(channel: string, input?: unknown): Promise<T> {
  const r = await dispatch(app.handlers, channel, input, log);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function signIn(): Promise<void> {
  await call('session:connect', { url: server.baseUrl, token: server.token });
  await app.session.active()!.engine.syncNow();
}

beforeEach(async () => {
  server = await startTestServer({ seed: 20 });
  await publishSimpleForm(server);
  dir = tempDir();
  app = make();
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  dir.remove();
});

describe('drafts', () => {
  it('come back with the assignment after a restart, and go once the decision is recorded', async () => {
    const [a] = await createAssignments(server, 1);
    await signIn();
    await call('draft:save', { assignmentId: a!.id, values: { amount: 12, note: 'half' }, comment: 'thinking' });
    await app.dispose();
    app = make();
    await app.session.restore();
    const view = await call<{ draft: { values: unknown; comment: string } | null }>('assignment:get', { id: a!.id });
    expect(view.draft).toMatchObject({ values: { amount: 12, note: 'half' }, comment: 'thinking' });
    await call('decision:submit', { assignmentId: a!.id, outcome: 'approve', values: { amount: 12 } });
    expect((await call<{ draft: unknown }>('assignment:get', { id: a!.id })).draft).toBeNull();
  });

  it('refuses a draft for an assignment that is not cached, and discards on request', async () => {
    const [a] = await createAssignments(server, 1);
    await signIn();
    const r = await dispatch(app.handlers, 'draft:save', { assignmentId: 999_999, values: {} }, log);
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await call('draft:save', { assignmentId: a!.id, values: { amount: 1 } });
    expect(await call('draft:discard', { assignmentId: a!.id })).toEqual({ discarded: true });
    expect(await call('draft:discard', { assignmentId: a!.id })).toEqual({ discarded: false });
  });
});

describe('files, settings and the audit log', () => {
  it('downloads files after a sync and serves them for previews by any signed URL', async () => {
    await signIn();
    const s = app.session.active()!;
    // The download runs after the sync; wait for it through the cache's own figures.
    for (let i = 0; i < 100 && s.files!.usedBytes() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const withFiles = s.cache.assignments.openWithFiles(1)[0]!;
    const ref = Object.values(withFiles.files)[0]!;
    const content = await call<{ mime: string; base64: string; size: number } | null>('file:read', {
      url: ref.url.replace(/sig=[^&]+/, 'sig=rotated'),
    });
    expect(content?.mime).toBe('image/png');
    expect(Buffer.from(content!.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(await call('file:read', { url: 'http://127.0.0.1:1/never-downloaded.png' })).toBeNull();
  });

  it('changes settings, applying a smaller file budget at once', async () => {
    await signIn();
    const before = await call<{ syncIntervalMs: number; secretStorage: string }>('settings:get');
    expect(before).toMatchObject({ syncIntervalMs: 60_000, secretStorage: 'memory' });
    const after = await call<{ syncIntervalMs: number; fileBudgetBytes: number; fileCacheUsedBytes: number }>('settings:set', {
      syncIntervalMs: 30_000,
      fileBudgetBytes: 0,
    });
    expect(after).toMatchObject({ syncIntervalMs: 30_000, fileBudgetBytes: 0, fileCacheUsedBytes: 0 });
    const bad = await dispatch(app.handlers, 'settings:set', { syncIntervalMs: 10 }, log);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('exports the audit log of local decisions as JSON and CSV', async () => {
    const [a] = await createAssignments(server, 1);
    await signIn();
    await call('decision:submit', { assignmentId: a!.id, outcome: 'approve', values: { amount: 5 } });
    await app.session.active()!.engine.syncNow();
    const json = await call<{ filename: string; content: string }>('audit:export', { format: 'json' });
    expect(json.filename).toMatch(/^reviewdesk-audit-.*\.json$/);
    const actions = (JSON.parse(json.content) as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['decision.recorded', 'decision.sent']));
    const csv = await call<{ content: string; mime: string }>('audit:export', { format: 'csv' });
    expect(csv.mime).toBe('text/csv');
    expect(csv.content.split('\r\n')[0]).toBe('id,at,action,assignment_id,decision_id,detail');
  });
});

describe('a damaged cache at sign-in', () => {
  it('is rebuilt from the backend, keeps unsent decisions, and tells the reviewer once', async () => {
    const [a] = await createAssignments(server, 1);
    await signIn();
    const s = app.session.active()!;
    s.engine.setOnline(false);
    await call('decision:submit', { assignmentId: a!.id, outcome: 'approve', values: { amount: 9 } });
    await app.dispose();
    const file = join(dir.path, 'cache', `${app.settings.get().activeAccount}.db`);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.max(4096, size - 3 * 4096));
    closeSync(fd);
    app = make();
    await app.session.restore();
    // The integrity check runs in the background; the session reopens once it has found the damage.
    let notice: { carried: { decisions: number } } | null = null;
    for (let i = 0; i < 200 && !notice; i++) {
      await new Promise((r) => setTimeout(r, 25));
      notice = await call<{ carried: { decisions: number } } | null>('cache:notice');
    }
    expect(notice?.carried.decisions).toBe(1);
    await app.session.active()!.engine.syncNow();
    expect(await server.decisions(a!.id)).toHaveLength(1);
    await call('cache:dismissNotice');
    expect(await call('cache:notice')).toBeNull();
  });
});
