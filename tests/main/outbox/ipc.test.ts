import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../src/main/app/app-services';
import { memorySecretStore } from '../../../src/main/desktop/secret-store';
import { dispatch } from '../../../src/main/ipc/dispatch';
import { recordingLogger } from '../../../src/main/log';
import type { Events, OutboxList } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { tempDir } from '../../support/temp-dir';
import { fakeTime, scriptedFetch } from './harness';

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let app: AppServices;
let ids: number[];
let events: { event: keyof Events; payload: unknown }[];
const log = recordingLogger();
const time = fakeTime();

const call = (channel: string, input?: unknown): Promise<Result<unknown>> => dispatch(app.handlers, channel, input, log);
const value = async <T>(channel: string, input?: unknown): Promise<T> => {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const engine = () => app.session.active()!.engine;
/** Fires what the engine scheduled "now" (a local write asks for a sync at 0 ms) and waits for it. */
const drain = async () => {
  time.advance(0);
  await engine().idle();
};

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  ids = (await createAssignments(server, 3)).map((a) => a.id);
  dir = tempDir();
  app = createAppServices({
    dataDir: dir.path,
    secrets: memorySecretStore(),
    log,
    fetch: scriptedFetch().fetch,
    now: time.now,
    timers: time.timers,
    syncStream: false,
    startDemoServer: () => Promise.reject(new Error('no demo here')),
  });
  events = [];
  app.subscribe((event, payload) => events.push({ event, payload }));
  await value('session:connect', { url: server.baseUrl, token: server.token });
  await engine().idle();
});

afterEach(async () => {
  await app.dispose();
  await server.close();
  dir.remove();
});

describe('outbox channels', () => {
  it('tags:list, tags:set and assignment:release record locally, tell the queue, and drain', async () => {
    const tags = await value<{ tags: { id: number; name: string }[]; stale: boolean }>('tags:list');
    expect(tags.stale).toBe(false);
    const urgent = tags.tags.find((t) => t.name === 'urgent')!.id;
    events = [];
    expect(await value('tags:set', { ids: [ids[0]], tags: [urgent], action: 'add' })).toEqual({
      key: expect.any(String),
      state: 'unsent',
    });
    expect(await value('assignment:release', { id: ids[1] })).toEqual({ key: expect.any(String), state: 'unsent' });
    expect(events.filter((e) => e.event === 'queue:changed').map((e) => e.payload)).toEqual([
      { reason: 'outbox' },
      { reason: 'outbox' },
    ]);
    const list = await value<OutboxList>('outbox:list');
    expect(list.items.map((i) => [i.kind, i.state, i.assignmentIds])).toEqual([
      ['set_tags', 'unsent', [ids[0]]],
      ['release', 'unsent', [ids[1]]],
    ]);
    await drain();
    expect((await value<OutboxList>('outbox:list')).total).toBe(0);
    expect((await server.asReviewer<{ tags: number[] }>('GET', `/assignments/${ids[0]}/`)).body.tags).toEqual([urgent]);
    expect((await server.asReviewer('GET', `/assignments/${ids[1]}/`)).status).toBe(404);
  });

  it('refusals reach the renderer as outbox:refused; conflicts are resolved over IPC', async () => {
    const { decisionId } = await value<{ decisionId: string }>('decision:submit', {
      assignmentId: ids[2],
      outcome: 'approve',
      values: { amount: 2 },
    });
    await server.admin('PATCH', `/admin/assignments/${ids[2]}/`, { data: { changed: true } });
    await drain();
    expect(events.find((e) => e.event === 'outbox:refused')?.payload).toMatchObject({
      key: decisionId,
      kind: 'decision',
      outcome: 'conflict',
      status: 409,
      code: 'stale',
    });
    const again = await value<{ decisionId: string }>('conflict:resubmit', { decisionId, comment: 'looked again' });
    await drain();
    expect((await server.decisions(ids[2])).map((d) => d.decision_id)).toEqual([again.decisionId]);
    expect(await call('conflict:discard', { decisionId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('decision:resend', { decisionId: 'no-such-decision' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('validates inputs at the edge', async () => {
    expect(await call('tags:set', { ids: [], tags: [1], action: 'add' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('tags:set', { ids: [1], tags: [1], action: 'toggle' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('assignment:release', { id: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('connectivity:set', { online: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('outbox:list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await call('outbox:list', null)).ok).toBe(true);
  });

  it('connectivity:set carries the page’s word to the engine, and to the next session', async () => {
    expect(await value('connectivity:set', { online: false })).toMatchObject({
      phase: 'offline',
      lastError: { code: 'offline' },
    });
    await value('session:signOut');
    await value('session:connect', { url: server.baseUrl, token: server.token });
    await engine().idle();
    expect(engine().status().phase).toBe('offline');
    await value('connectivity:set', { online: true }); // a sync starts: /health/ first, then the rest
    await engine().idle();
    expect(engine().status().phase).toBe('idle');
  });
});
