import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { listOutbox } from '../../../src/main/app/outbox.service';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { json, makeClient, type Call, type Client } from './harness';

let server: TestServer;
let c: Client;
let ids: number[];

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  ids = (await createAssignments(server, 4)).map((a) => a.id);
  c = makeClient(server);
  c.engine.start();
  await c.engine.idle();
});

afterEach(async () => {
  await c.close();
  await server.close();
});

const decide = (id: number, amount = 5) =>
  submitDecision(c.session, { assignmentId: id, outcome: 'approve', values: { amount } }, c.time.now).decisionId;

/** A decision main would refuse, as an older client (or a validator that disagrees with the server's) might have queued it. */
function queueInvalid(id: number): string {
  const a = c.cache.assignments.get(id)!.assignment;
  const key = `invalid-${id}`;
  c.cache.db.transaction(() => {
    c.cache.decisions.record(
      {
        decision_id: key,
        outcome: 'approve',
        values: { amount: 5000 },
        form: a.form,
        base_version: a.version,
        client_submitted_at: c.time.now().toISOString(),
      },
      id,
      c.time.now().toISOString(),
    );
    c.cache.assignments.setLocalState(id, 'unsent');
  })();
  return key;
}

/** Runs what the engine's own timers start, then waits for it. */
async function tick(ms: number): Promise<void> {
  c.time.advance(ms);
  await c.engine.idle();
}

const decisionPosts = () => c.net.paths('POST').filter((p) => p.includes('decisions'));
const keysIn = (call: Call): string[] => {
  const b = call.body as { decision_id?: string; decisions?: { decision_id: string }[] };
  return b.decisions ? b.decisions.map((d) => d.decision_id) : [b.decision_id!];
};
const recorded = async () => (await server.decisions()).map((d) => d.decision_id).sort();

describe('retries', () => {
  it('a 5xx is retried by the timer with backoff, not by the next local write', async () => {
    let fail = true;
    c.net.when((x) => (fail && x.method === 'POST' && x.path.includes('decisions') ? json(503, { detail: 'busy' }) : undefined));
    const a = decide(ids[0]!);
    await tick(0);
    expect(c.cache.decisions.nextAttemptAt()).toBe(new Date(c.time.now().getTime() + 1000).toISOString());
    expect(c.engine.status().nextSyncAt).toBe(c.cache.decisions.nextAttemptAt());

    fail = false;
    c.net.calls.length = 0;
    const b = decide(ids[1]!);
    await tick(0);
    expect(c.net.calls.filter((x) => x.method === 'POST').flatMap(keysIn)).toEqual([b]); // the write sent only itself
    await tick(998);
    expect(await recorded()).toEqual([b]);
    await tick(2);
    expect(await recorded()).toEqual([a, b].sort());
    expect(c.engine.status()).toMatchObject({ phase: 'idle', outboxPending: 0 });
  });

  it('a 429 waits exactly as long as Retry-After says', async () => {
    let limited = true;
    c.net.when((x) =>
      limited && x.path.includes('/decisions/batch/')
        ? json(429, { detail: 'slow down', code: 'rate_limited' }, { 'Retry-After': '7' })
        : undefined,
    );
    decide(ids[0]!);
    decide(ids[1]!);
    await tick(0);
    expect(c.engine.status()).toMatchObject({ outboxPending: 2, lastError: { code: 'rate_limited' } });
    limited = false;
    c.net.calls.length = 0;
    await tick(6999);
    expect(decisionPosts()).toEqual([]);
    await tick(1);
    expect(decisionPosts()).toEqual(['POST /decisions/batch/']);
    expect(await server.decisions()).toHaveLength(2);
  });

  it('a 422 on one item of a batch parks it with the field errors; the others are recorded', async () => {
    c.engine.stop();
    const good = [decide(ids[0]!), decide(ids[1]!)];
    const bad = queueInvalid(ids[2]!);
    await c.engine.syncNow();
    expect(decisionPosts()).toEqual(['POST /decisions/batch/']);
    expect(await recorded()).toEqual(good.sort());
    const list = listOutbox(c.session, null);
    expect(list.counts).toEqual({ unsent: 0, conflict: 0, parked: 1 });
    expect(list.items[0]).toMatchObject({
      key: bad,
      state: 'parked',
      error: { code: 'validation', fields: { amount: ['Must be at most 1000.'] } },
      decision: { values: { amount: 5000 } },
    });
    expect(c.cache.assignments.localState(ids[2]!)).toBe('parked');
    expect(c.refusals).toEqual([expect.objectContaining({ key: bad, outcome: 'parked', status: 422 })]);
  });

  it('a batch refused as a whole falls back to one request per decision, so the good ones still go', async () => {
    c.engine.stop();
    c.net.when((x) =>
      x.path.includes('/decisions/batch/') ? json(400, { detail: 'Malformed batch', code: 'validation' }) : undefined,
    );
    const good = [decide(ids[0]!), decide(ids[1]!)];
    const bad = queueInvalid(ids[2]!);
    await c.engine.syncNow();
    expect(decisionPosts()).toEqual([
      'POST /decisions/batch/',
      `POST /assignments/${ids[0]}/decisions/`,
      `POST /assignments/${ids[1]}/decisions/`,
      `POST /assignments/${ids[2]}/decisions/`,
    ]);
    expect(await recorded()).toEqual(good.sort());
    expect(c.cache.decisions.get(bad)?.state).toBe('parked');
  });

  it('an item that makes the server fail every batch ends up alone, and the others are recorded', async () => {
    c.engine.stop();
    const poison = decide(ids[0]!);
    const others = [decide(ids[1]!), decide(ids[2]!)];
    c.net.when((x) => (x.method === 'POST' && keysIn(x).includes(poison) ? json(500, { detail: 'boom' }) : undefined));
    for (let i = 0; i < 2; i++) {
      expect((await c.engine.syncNow()).phase).toBe('error');
      c.time.advance(60_000);
    }
    expect(await server.decisions()).toHaveLength(0);
    const third = await c.engine.syncNow();
    expect(await recorded()).toEqual(others.sort());
    expect(third.outboxPending).toBe(1);
    expect(c.cache.decisions.item(poison)?.attempts).toBe(3);
  });
});
