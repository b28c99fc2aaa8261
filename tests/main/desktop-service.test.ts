import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../src/main/app/app-services';
import { memorySecretStore } from '../../src/main/desktop/secret-store';
import { dispatch } from '../../src/main/ipc/dispatch';
import { recordingLogger } from '../../src/main/log';
import type { Timers } from '../../src/main/sync/engine';
import type { NotificationIntent, TrayModel } from '../../src/shared/desktop';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';

const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };
const secrets = memorySecretStore();
let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let app: AppServices;
let notified: NotificationIntent[];
let trays: TrayModel[];
const log = recordingLogger();

function make(opts: { timers?: Timers; desktopHoldMs?: number } = {}): AppServices {
  const a = createAppServices({
    dataDir: dir.path,
    secrets,
    log,
    timers: opts.timers ?? manualTimers,
    desktopHoldMs: opts.desktopHoldMs,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo')),
  });
  a.subscribe((event, payload) => {
    if (event === 'desktop:notify') notified.push(payload as NotificationIntent);
    if (event === 'desktop:tray') trays.push(payload as TrayModel);
  });
  return a;
}

const call = async <T>(channel: string, input?: unknown): Promise<T> => {
  const r = await dispatch(app.handlers, channel, input, log);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

async function addOnServer(title: string, priority: 'low' | 'critical'): Promise<number> {
  const a = await server.admin<{ id: number }>('POST', '/admin/assignments/', { ...assignmentInput(server, 0), title, priority });
  return a.id;
}

beforeEach(async () => {
  notified = [];
  trays = [];
  server = await startTestServer();
  await publishSimpleForm(server);
  dir = tempDir();
  app = make();
  await app.session.connect(server.baseUrl, server.token);
  await app.session.active()!.engine.syncNow(); // the baseline: what is there already is not news
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  dir.remove();
});

describe('tray and notifications from app state', () => {
  it('announces a critical assignment on its own and shows new work in the tray', async () => {
    const id = await addOnServer('Block the wire transfer?', 'critical');
    await app.session.active()!.engine.syncNow();
    const urgent = notified.filter((n) => n.kind === 'urgent-work');
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.target).toEqual({ kind: 'assignment', id });
    expect(urgent[0]!.body + urgent[0]!.title).toContain('Block the wire transfer?');
    const tray = await call<TrayModel>('desktop:tray');
    expect(tray.icon).toBe('new-work');
    expect(tray.badgeCount).toBeGreaterThan(0);
    expect(await call<NotificationIntent[]>('desktop:notifications')).toContainEqual(urgent[0]);
    // Once the reviewer has looked, it is no longer new.
    const seen = await call<TrayModel>('desktop:seen');
    expect(seen.icon).toBe('idle');
  });

  it('never tells the same event twice, across a restart too', async () => {
    await addOnServer('Approve refund 1', 'critical');
    await app.session.active()!.engine.syncNow();
    expect(notified.filter((n) => n.kind === 'urgent-work')).toHaveLength(1);
    await app.dispose();
    notified = [];
    app = make();
    await app.session.restore();
    await app.session.active()!.engine.syncNow();
    expect(notified.filter((n) => n.kind === 'urgent-work')).toHaveLength(0);
  });

  it('after sign-in, reads nothing until the hold ends, then tells what arrived meanwhile at once', async () => {
    await app.dispose();
    const held: (() => void)[] = [];
    // Only the hold's timer is kept; the engine's own timers never fire here.
    const timers: Timers = {
      setTimeout: (fn, ms) => (ms === 2000 ? held.push(fn) : 0),
      clearTimeout: () => {},
    };
    app = make({ timers, desktopHoldMs: 2000 });
    await app.session.restore();
    await app.session.active()!.engine.syncNow();
    const id = await addOnServer('Arrived during the hold', 'critical');
    await app.session.active()!.engine.syncNow();
    expect(notified).toHaveLength(0);
    expect(held).toHaveLength(1);
    held[0]!();
    const urgent = notified.filter((n) => n.kind === 'urgent-work');
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.target).toEqual({ kind: 'assignment', id });
    expect((await call<TrayModel>('desktop:tray')).icon).toBe('new-work');
  });

  it('stays quiet while paused or switched off', async () => {
    await call('desktop:pause', { until: 'hour' });
    await addOnServer('Paused one', 'critical');
    await app.session.active()!.engine.syncNow();
    expect(notified).toHaveLength(0);
    await call('desktop:pause', { until: null });
    await call('settings:set', { notifications: { enabled: false } });
    await addOnServer('Switched off', 'critical');
    await app.session.active()!.engine.syncNow();
    expect(notified).toHaveLength(0);
    expect((await call<{ notifications: { enabled: boolean } }>('settings:get')).notifications.enabled).toBe(false);
  });
});
