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
let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let app: AppServices;
const log = recordingLogger();

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  dir = tempDir();
  app = createAppServices({
    dataDir: dir.path,
    secrets: memorySecretStore(),
    log,
    timers: manualTimers,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo')),
  });
  await app.session.connect(server.baseUrl, server.token);
  await app.session.active()!.engine.syncNow();
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  dir.remove();
});

const call = (channel: string, input?: unknown) => dispatch(app.handlers, channel, input, log);

describe('undo of the last decision', () => {
  it('takes back a decision that never left the machine and gives the values back as a draft', async () => {
    const [a] = await createAssignments(server, 1, 0);
    await app.session.active()!.engine.syncNow();
    app.session.active()!.engine.setOnline(false);
    const sub = await call('decision:submit', { assignmentId: a!.id, outcome: 'approve', values: { amount: 3 }, comment: 'ok' });
    expect(sub.ok).toBe(true);
    const decisionId = sub.ok ? (sub.value as { decisionId: string }).decisionId : '';
    const undo = await call('decision:undo', { decisionId });
    expect(undo).toMatchObject({ ok: true, value: { assignmentId: a!.id, draft: { values: { amount: 3 }, comment: 'ok' } } });
    const view = await call('assignment:get', { id: a!.id });
    expect(view).toMatchObject({ ok: true, value: { decision: null, draft: { values: { amount: 3 } } } });
    app.session.active()!.engine.setOnline(true);
    await app.session.active()!.engine.syncNow();
    expect(await server.decisions(a!.id)).toHaveLength(0);
  });

  it('refuses once a request may have carried the decision to the server', async () => {
    const [a] = await createAssignments(server, 1, 0);
    await app.session.active()!.engine.syncNow();
    const sub = await call('decision:submit', { assignmentId: a!.id, outcome: 'approve', values: { amount: 3 } });
    const decisionId = sub.ok ? (sub.value as { decisionId: string }).decisionId : '';
    await app.session.active()!.engine.syncNow(); // sent and recorded
    const undo = await call('decision:undo', { decisionId });
    expect(undo).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await server.decisions(a!.id)).toHaveLength(1);
  });
});
