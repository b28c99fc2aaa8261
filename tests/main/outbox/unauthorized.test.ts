import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../src/main/app/app-services';
import { memorySecretStore } from '../../../src/main/desktop/secret-store';
import { dispatch } from '../../../src/main/ipc/dispatch';
import { recordingLogger } from '../../../src/main/log';
import type { SyncStatus } from '../../../src/shared/contract';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { tempDir } from '../../support/temp-dir';
import { fakeTime, scriptedFetch } from './harness';

const FIRST = 'first-token-0001';
const SECOND = 'second-token-0002';

let serverDir: ReturnType<typeof tempDir>;
let dataDir: ReturnType<typeof tempDir>;
let server: TestServer;
let app: AppServices;
const log = recordingLogger();
const time = fakeTime();
const net = scriptedFetch();
const call = async <T>(channel: string, input?: unknown): Promise<T> => {
  const r = await dispatch(app.handlers, channel, input, log);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};

beforeEach(async () => {
  serverDir = tempDir();
  dataDir = tempDir();
  server = await startTestServer({ db: join(serverDir.path, 'server.db'), token: FIRST });
  await publishSimpleForm(server);
  app = createAppServices({
    dataDir: dataDir.path,
    secrets: memorySecretStore(),
    log,
    fetch: net.fetch,
    now: time.now,
    timers: time.timers,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo here')),
  });
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  serverDir.remove();
  dataDir.remove();
});

describe('a token the server stops accepting', () => {
  it('pauses every request, keeps all the work, and a new sign-in to the same account sends it', async () => {
    const ids = (await createAssignments(server, 3)).map((a) => a.id);
    await call('session:connect', { url: server.baseUrl, token: FIRST });
    await app.session.active()!.engine.idle();

    // The token is rotated on the server: restarted on the same port (same account, same URL) with a new one.
    const port = server.port;
    await server.close();
    server = await startTestServer({ db: join(serverDir.path, 'server.db'), token: SECOND, port });

    await call('decision:submit', { assignmentId: ids[0], outcome: 'approve', values: { amount: 1 } });
    time.advance(0);
    await app.session.active()!.engine.idle();
    const paused = await call<SyncStatus>('sync:status');
    expect(paused).toMatchObject({ phase: 'error', lastError: { code: 'unauthorized' }, outboxPending: 1 });

    // Nothing makes it ask again: not a new decision, not "sync now", not the network coming back, not time.
    const asked = net.calls.length;
    await call('decision:submit', { assignmentId: ids[1], outcome: 'approve', values: { amount: 2 } });
    await call('sync:now');
    await call('connectivity:set', { online: false });
    await call('connectivity:set', { online: true });
    time.advance(3_600_000);
    await app.session.active()!.engine.idle();
    expect(net.calls.length).toBe(asked);
    expect(await call<SyncStatus>('sync:status')).toMatchObject({
      phase: 'error',
      lastError: { code: 'unauthorized' },
      outboxPending: 2,
    });
    expect(await server.decisions()).toHaveLength(0);

    const state = await call<{ status: string }>('session:connect', { url: server.baseUrl, token: SECOND });
    expect(state.status).toBe('signed_in');
    const engine = app.session.active()!.engine;
    await engine.idle();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null, outboxPending: 0 });
    expect((await server.decisions()).map((d) => d.assignment_id).sort()).toEqual([ids[0], ids[1]].sort());
  });
});
