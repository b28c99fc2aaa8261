import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEngine } from '../../../src/main/sync/engine';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { fixedBackoff, json, makeClient, networkDown, until, type Client, type ScriptedFetch } from '../outbox/harness';

let server: TestServer;
let c: Client | null = null;

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 2);
});

afterEach(async () => {
  await c?.close();
  c = null;
  await server.close();
});

/** Fails the test if `p` has not settled in `ms` of real time (a deadline, not a sleep). */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The event stream answered by the test itself, one controllable stream per connection. */
function scriptedEvents(net: ScriptedFetch) {
  const enc = new TextEncoder();
  const streams: { send(text: string): void; drop(): void }[] = [];
  let refuse: (() => Response | Error) | null = null;
  net.when((x) => {
    if (!x.path.startsWith('/events/')) return undefined;
    if (refuse) return refuse();
    let ctl!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (k) => void (ctl = k) });
    const fail = (why: string) => {
      try {
        ctl.error(new Error(why));
      } catch {
        /* already closed */
      }
    };
    x.signal?.addEventListener('abort', () => fail('aborted'));
    streams.push({ send: (t) => ctl.enqueue(enc.encode(t)), drop: () => fail('connection reset') });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  });
  return {
    streams,
    refuseWith(fn: (() => Response | Error) | null) {
      refuse = fn;
    },
  };
}

const has = (client: Client, id: number) => (): boolean => client.cache.assignments.get(id) !== null;
const live = (engine: SyncEngine) => until(engine, (s) => s.live === true && s.phase === 'idle');
const pulls = (client: Client) => client.net.paths('/sync/assignments/').length;

describe('the server’s event stream', () => {
  it('brings an assignment created on the server into the cache within a couple of seconds, without syncNow', async () => {
    c = makeClient(server, { stream: true });
    c.engine.start();
    await within(2000, live(c.engine));
    await c.engine.idle();
    const client = c;
    const [created] = await createAssignments(server, 1, 10);
    await within(2000, until(client.engine, has(client, created!.id)));
    expect(client.net.paths('GET /events/')).toHaveLength(1);
  });

  it('reconnects with backoff after a drop and catches up on what changed meanwhile', async () => {
    c = makeClient(server, { stream: true, streamBackoff: fixedBackoff });
    const client = c;
    const ev = scriptedEvents(client.net);
    client.engine.start();
    await live(client.engine);
    await client.engine.idle();
    ev.streams[0]!.send('retry: 500\n: connected\n\n');

    const [a] = await createAssignments(server, 1, 20);
    ev.streams[0]!.send('event: changes\ndata: {"cursor":"x"}\n\n');
    await until(client.engine, has(client, a!.id));

    ev.streams[0]!.drop();
    await until(client.engine, (s) => s.live === false);
    const [b] = await createAssignments(server, 1, 21);
    expect(client.time.pending()).toContain(1000); // the first retry: 1 s (more than the server's 500 ms advice)
    client.time.advance(1000);
    await until(client.engine, (s) => s.live === true);
    await until(client.engine, has(client, b!.id)); // reconnecting pulls at once
    expect(ev.streams).toHaveLength(2);

    ev.streams[1]!.drop();
    await until(client.engine, (s) => s.live === false);
    expect(client.time.pending()).toContain(2000); // the connection did not last: the backoff grows
  });

  it('change events arriving while a sync runs are coalesced into one more sync', async () => {
    c = makeClient(server, { stream: true });
    const client = c;
    const ev = scriptedEvents(client.net);
    client.engine.start();
    await live(client.engine);
    await client.engine.idle();
    const before = pulls(client);
    ev.streams[0]!.send('event: changes\ndata: {"cursor":"a"}\n\n'.repeat(6));
    await until(client.engine, (s) => s.phase === 'syncing');
    await client.engine.idle();
    expect(pulls(client)).toBe(before + 2);
  });

  it('a stream that goes quiet past the keepalive promise is taken for dead and reopened', async () => {
    c = makeClient(server, { stream: true, streamBackoff: fixedBackoff, streamIdleTimeoutMs: 45_000 });
    const client = c;
    const ev = scriptedEvents(client.net);
    client.engine.start();
    await live(client.engine);
    await client.engine.idle();
    ev.streams[0]!.send(': connected\n\n');
    await until(client.engine, () => true);
    client.time.advance(44_999);
    expect(client.engine.status().live).toBe(true);
    client.time.advance(1);
    await until(client.engine, (s) => s.live === false);
    client.time.advance(1000);
    await until(client.engine, (s) => s.live === true);
    expect(ev.streams).toHaveLength(2);
  });

  it('while connected there is no scheduled pull; while it is down, the schedule is back', async () => {
    c = makeClient(server, {
      stream: true,
      intervalMs: 60_000,
      streamIdleTimeoutMs: 3_600_000,
      streamBackoff: { delayMs: () => 5 * 60_000 },
    });
    const client = c;
    const ev = scriptedEvents(client.net);
    client.engine.start();
    await live(client.engine);
    await client.engine.idle();
    expect(client.engine.status().nextSyncAt).toBeNull();
    const before = pulls(client);
    client.time.advance(10 * 60_000);
    await client.engine.idle();
    expect(pulls(client)).toBe(before);

    ev.refuseWith(() => networkDown());
    ev.streams[0]!.drop();
    await until(client.engine, (s) => s.live === false);
    client.time.advance(60_000);
    await client.engine.idle();
    expect(pulls(client)).toBe(before + 1);
  });

  it('a refused token on the stream pauses everything', async () => {
    c = makeClient(server, { stream: true });
    const client = c;
    scriptedEvents(client.net).refuseWith(() => json(401, { detail: 'Invalid token.', code: 'unauthenticated' }));
    client.engine.start();
    await until(client.engine, (s) => s.lastError?.code === 'unauthorized');
    await client.engine.idle();
    expect(client.engine.status()).toMatchObject({ phase: 'error', live: false });
    const asked = client.net.calls.length;
    client.time.advance(3_600_000);
    client.engine.notifyLocalChange();
    await client.engine.syncNow();
    expect(client.net.calls.length).toBe(asked);
  });
});
