/** The HITL adapter under the real sync engine and cache: what the reviewer's app does with it. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveSession } from '../../../../src/main/app/session';
import { submitDecision } from '../../../../src/main/app/decisions.service';
import { createHitlAdapter, userIdFor } from '../../../../src/main/backend/hitl';
import { appIdFor } from '../../../../src/main/backend/hitl/ids';
import { openDatabase } from '../../../../src/main/db/connection';
import { recordingLogger } from '../../../../src/main/log';
import { createCache, type Cache } from '../../../../src/main/sync/cache';
import { createSyncEngine } from '../../../../src/main/sync/engine';
import { startFakeHitlServer, type FakeHitlOptions, type FakeHitlServer } from '../../../support/fake-hitl-server';
import { immediateBackoff, manualClock, manualTimers, syncUntilSettled, type Client } from '../../../support/sync-harness';
import { REVIEWER } from './hitl-fixture';

const SECRET = 'sk_live_engineTEST_9876543210';

let server: FakeHitlServer;
let cache: Cache | undefined;
afterEach(async () => {
  cache?.db.close();
  cache = undefined;
  await server?.close();
});

async function app(opts: FakeHitlOptions = {}): Promise<Client> {
  server = await startFakeHitlServer(opts);
  cache = createCache(openDatabase(':memory:'));
  const c = cache;
  const log = recordingLogger();
  const clock = manualClock();
  const backend = createHitlAdapter({
    baseUrl: server.baseUrl,
    token: server.token,
    config: { type: 'hitl', reviewerName: REVIEWER, authScheme: 'Bearer', pageSize: 2, reconcileMinutes: 5 },
    log,
    now: clock.now,
    timeoutMs: 5000,
    lookup: (id) => c.assignments.get(id)?.assignment ?? null,
  });
  const engine = createSyncEngine({
    cache: c,
    backend,
    log,
    now: clock.now,
    timers: manualTimers,
    backoff: immediateBackoff,
    stream: false,
  });
  const session: ActiveSession = {
    account: {
      key: 'hitl',
      backend: 'hitl',
      baseUrl: server.baseUrl,
      userId: userIdFor(REVIEWER),
      username: REVIEWER,
      displayName: REVIEWER,
      demo: false,
    },
    cache: c,
    engine,
    backend,
  };
  return { cache: c, engine, session, log, clock, close: () => {} };
}

describe('HITL adapter under the sync engine', () => {
  it('pulls every open request with its form, skipping malformed records', async () => {
    const client = await app();
    for (let i = 0; i < 3; i++) server.create();
    server.create({ request_type: 'api_key', required_fields: { api_key: 'The key' } });
    server.insertRaw({ title: 'no id at all', status: 'pending' });
    server.insertRaw({ id: 'weird-1', status: 'pending', priority: 'high', title: 'odd', required_fields: 'not a map' });
    server.insertRaw({ id: 'weird-2', status: 'pending', created_at: 'not a time', required_fields: {} });
    server.insertRaw('just a string');
    await syncUntilSettled(client);

    const ids = client.cache.assignments.allIds();
    expect(ids).toHaveLength(6); // 4 made by the fake, 2 odd but usable
    const skipped = client.log.entries.filter((e) => e.msg === 'skipped a malformed change from the server');
    expect(skipped).toHaveLength(2);
    for (const id of ids) {
      const a = client.cache.assignments.get(id)!.assignment;
      expect(client.cache.forms.get(a.form), a.title).toBeTruthy();
    }
  });

  it('sends a decision with a secret once, though the service applied it and the answer was lost', async () => {
    const client = await app({ strictStatus: false });
    const r = server.create({ request_type: 'api_key', required_fields: { api_key: 'The Stripe API key' } });
    await syncUntilSettled(client);
    const id = appIdFor(r.id)!;
    server.interceptNext({ method: 'POST' }, 'apply-then-reset');
    submitDecision(client.session, { assignmentId: id, outcome: 'fulfill', values: { api_key: SECRET } }, client.clock.now);
    await syncUntilSettled(client);

    expect(server.applications()).toMatchObject([
      { requestId: r.id, outcome: 'fulfill', by: REVIEWER, responseData: { api_key: SECRET } },
    ]);
    expect(client.cache.assignments.get(id)?.assignment.status ?? 'gone').not.toBe('pending');
    expect(JSON.stringify(client.log.entries)).not.toContain(SECRET);
  });

  it('drops requests handled elsewhere at the next reconciliation', async () => {
    const client = await app();
    const [a, b, c] = [server.create(), server.create(), server.create()];
    await syncUntilSettled(client);
    expect(client.cache.assignments.allIds()).toHaveLength(3);
    server.cancel(a.id);
    server.fulfillElsewhere(b.id);
    await syncUntilSettled(client);
    expect(client.cache.assignments.allIds()).toHaveLength(3); // a listing cannot tell what left…
    client.clock.advance(6 * 60_000);
    await syncUntilSettled(client);
    expect(client.cache.assignments.allIds()).toEqual([appIdFor(c.id)]); // …until it lists from scratch
  });

  it("turns the reviewer's decision into a conflict when someone else fulfilled the request first", async () => {
    const client = await app();
    const r = server.create();
    await syncUntilSettled(client);
    const id = appIdFor(r.id)!;
    server.fulfillElsewhere(r.id, 'someone-else');
    submitDecision(client.session, { assignmentId: id, outcome: 'fulfill', values: { answer: 'mine' } }, client.clock.now);
    await syncUntilSettled(client);
    expect(client.cache.assignments.get(id)?.localState).toBe('conflict');
    expect(server.applications().map((x) => x.by)).toEqual(['someone-else']);
  });
});
