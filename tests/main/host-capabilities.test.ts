import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../src/main/app/app-services';
import type { HostCapabilities } from '../../src/main/app/host-capabilities';
import { memorySecretStore } from '../../src/main/desktop/secret-store';
import { dispatch } from '../../src/main/ipc/dispatch';
import { recordingLogger } from '../../src/main/log';
import type { Timers } from '../../src/main/sync/engine';
import { tempDir } from '../support/temp-dir';

const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };
let dir: ReturnType<typeof tempDir>;
let app: AppServices | null = null;
const log = recordingLogger();

function make(host?: HostCapabilities): AppServices {
  app = createAppServices({
    dataDir: dir.path,
    secrets: memorySecretStore(),
    log,
    timers: manualTimers,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo here')),
    ...(host ? { host } : {}),
  });
  return app;
}

const call = (a: AppServices, channel: string, input?: unknown) => dispatch(a.handlers, channel, input, log);

beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await app?.dispose();
  app = null;
  dir.remove();
});

describe('host capabilities', () => {
  it('the browser host (none): settings leave them out, and asking for them is refused as data', async () => {
    const a = make();
    const settings = await call(a, 'settings:get');
    expect(settings.ok).toBe(true);
    expect(settings.ok && 'startAtLogin' in (settings.value as object)).toBe(false);
    expect(settings.ok && 'logsFolder' in (settings.value as object)).toBe(false);
    expect(await call(a, 'settings:set', { startAtLogin: true })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call(a, 'app:openLogsFolder')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('the desktop host: start at login is read from and written to the OS', async () => {
    let onAtLogin = false;
    const a = make({ loginItem: { get: () => onAtLogin, set: (v) => (onAtLogin = v) }, logsDir: '/data/logs' });
    expect(await call(a, 'settings:get')).toMatchObject({ ok: true, value: { startAtLogin: false, logsFolder: '/data/logs' } });
    const set = await call(a, 'settings:set', { startAtLogin: true, syncIntervalMs: 30_000 });
    expect(set).toMatchObject({ ok: true, value: { startAtLogin: true, syncIntervalMs: 30_000 } });
    expect(onAtLogin).toBe(true);
    // Changed in the OS's own settings: the app reports what the OS says.
    onAtLogin = false;
    expect(await call(a, 'settings:get')).toMatchObject({ ok: true, value: { startAtLogin: false } });
    expect(await call(a, 'settings:set', { startAtLogin: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('an OS that refuses the change is reported, and a login item it cannot read is left out', async () => {
    const a = make({
      loginItem: {
        get: () => {
          throw new Error('registry unavailable');
        },
        set: () => {
          throw new Error('access denied');
        },
      },
    });
    const got = await call(a, 'settings:get');
    expect(got.ok && 'startAtLogin' in (got.value as object)).toBe(false);
    expect(await call(a, 'settings:set', { startAtLogin: true })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('access denied') },
    });
  });

  it('opens the logs folder through the host', async () => {
    const opened: string[] = [];
    const a = make({ logsDir: '/data/logs', openFolder: async (d) => void opened.push(d) });
    expect(await call(a, 'app:openLogsFolder')).toEqual({ ok: true, value: { folder: '/data/logs' } });
    expect(opened).toEqual(['/data/logs']);
    const failing = make({
      logsDir: '/data/logs',
      openFolder: () => Promise.reject(new Error('No application knows how to open folders')),
    });
    expect(await call(failing, 'app:openLogsFolder')).toMatchObject({ ok: false, error: { message: /No application/ } });
    expect(await call(failing, 'app:openLogsFolder', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
