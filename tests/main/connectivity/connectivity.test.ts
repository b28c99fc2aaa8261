import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { makeClient, networkDown, type Client } from '../outbox/harness';

let server: TestServer;
let c: Client | null = null;
let ids: number[];

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  ids = (await createAssignments(server, 3)).map((a) => a.id);
});

afterEach(async () => {
  await c?.close();
  c = null;
  await server.close();
});

const decide = (client: Client, id: number) =>
  submitDecision(client.session, { assignmentId: id, outcome: 'approve', values: { amount: 1 } }, client.time.now);

/** Requests made since `from`, as "METHOD /path". */
const since = (client: Client, from: number) =>
  client.net.calls.slice(from).map((x) => `${x.method} ${x.path.replace(/\?.*/, '')}`);

describe('connectivity', () => {
  it('believes the OS about offline (not one request) and confirms online with /health/ before draining', async () => {
    let os = true;
    c = makeClient(server, { isOnline: () => os });
    c.engine.start();
    await c.engine.idle();
    os = false;
    const from = c.net.calls.length;
    decide(c, ids[0]!);
    c.time.advance(10 * 60_000);
    await c.engine.idle();
    expect(since(c, from)).toEqual([]);
    expect(c.engine.status()).toMatchObject({ phase: 'offline', outboxPending: 1, lastError: { code: 'offline' } });

    // The OS signal has already flipped when the host's "online" event arrives: it still counts.
    os = true;
    c.engine.setOnline(true);
    await c.engine.idle();
    expect(since(c, from)).toEqual(['GET /health/', `POST /assignments/${ids[0]}/decisions/`, 'GET /sync/assignments/']);
    expect(c.engine.status()).toMatchObject({ phase: 'idle', outboxPending: 0, lastError: null });
    expect(await server.decisions()).toHaveLength(1);
  });

  it('a backend that does not answer is probed with /health/ only; on reconnect the outbox drains at once', async () => {
    const hour = 3_600_000;
    c = makeClient(server, { backoff: { delayMs: (_n, retryAfter) => retryAfter ?? hour } });
    c.engine.start();
    await c.engine.idle();
    let down = true;
    c.net.when(() => (down ? networkDown() : undefined));
    decide(c, ids[0]!);
    decide(c, ids[1]!);
    c.time.advance(0);
    await c.engine.idle();
    expect(c.engine.status()).toMatchObject({ phase: 'offline', outboxPending: 2 });

    let from = c.net.calls.length;
    c.time.advance(hour);
    await c.engine.idle();
    expect(since(c, from)).toEqual(['GET /health/']); // no decision thrown at a dead network

    // Back: the OS reports the change; the items' own retry time (an hour away) does not hold them.
    down = false;
    from = c.net.calls.length;
    c.engine.setOnline(false);
    c.engine.setOnline(true);
    await c.engine.idle();
    expect(since(c, from)).toEqual(['GET /health/', 'POST /decisions/batch/', 'GET /sync/assignments/']);
    expect(c.engine.status()).toMatchObject({ phase: 'idle', outboxPending: 0 });
  });

  it('starting while the OS says offline makes no request at all', async () => {
    c = makeClient(server, { isOnline: () => false });
    c.engine.start();
    await c.engine.idle();
    expect(c.net.calls).toEqual([]);
    expect(c.engine.status().phase).toBe('offline');
  });

  it('without the event stream, pulls on the schedule', async () => {
    c = makeClient(server, { intervalMs: 60_000 });
    c.engine.start();
    await c.engine.idle();
    expect(c.engine.status().nextSyncAt).toBe(new Date(c.time.now().getTime() + 60_000).toISOString());
    const [created] = await createAssignments(server, 1, 50);
    c.time.advance(59_999);
    await c.engine.idle();
    expect(c.cache.assignments.get(created!.id)).toBeNull();
    c.time.advance(1);
    await c.engine.idle();
    expect(c.cache.assignments.get(created!.id)).not.toBeNull();
  });
});
