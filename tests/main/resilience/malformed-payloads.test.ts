/**
 * Malformed server payloads, injected by a rewriting proxy between the real
 * client and the reference server: wrong types, missing fields, huge
 * strings, invalid JSON and truncated bodies, on the changes feed, on forms
 * and on decision answers. The client must not crash, must log what it
 * refused, must keep what is valid, and must never take a garbled answer to
 * a decision as proof that the server recorded it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions, type RequestClass } from '../../support/fault-proxy';
import { createClient, expectNoDuplicates, localDecisions, type Client } from '../../support/sync-harness';

let server: TestServer;
let proxy: FaultProxy;
let client: Client;

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  proxy = await startFaultProxy({ target: server.baseUrl });
  client = createClient({ baseUrl: proxy.baseUrl, token: server.token, userId: server.reviewerId });
});

afterEach(async () => {
  client.close();
  await proxy.close();
  await server.close();
});

type Json = Record<string, unknown>;

/** Rewrites the JSON answers of one class of request. */
function rewriteJson(cls: RequestClass, fn: (body: Json) => unknown): FaultProxyOptions['rewrite'] {
  return (req, res) => {
    if (req.cls !== cls) return undefined;
    const body = fn(JSON.parse(res.body.toString('utf8')) as Json);
    return { status: res.status, body: typeof body === 'string' ? body : JSON.stringify(body) };
  };
}

const warnings = () => client.log.entries.filter((e) => e.level !== 'info');
const changesOf = (body: Json) => body.changes as { op?: unknown; id?: unknown; assignment?: Json }[];

async function decideAll(): Promise<string[]> {
  await client.engine.syncNow();
  return client.cache.assignments
    .allIds()
    .map(
      (id) =>
        submitDecision(client.session, { assignmentId: id, outcome: 'approve', values: { amount: 1 } }, client.clock.now)
          .decisionId,
    );
}

describe('the changes feed', () => {
  it('skips records with wrong types or missing fields, logs each by id, and applies the rest', async () => {
    const created = await createAssignments(server, 6);
    proxy.setRewrite(
      rewriteJson('feed', (body) => {
        const c = changesOf(body);
        c[0]!.assignment!.title = 42;
        c[1]!.assignment!.status = 'exploded';
        delete c[2]!.assignment!.version;
        c[3]!.assignment!.id = 'seven';
        delete c[4]!.op;
        return body;
      }),
    );
    const status = await client.engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(client.cache.assignments.allIds()).toEqual([created[5]!.id]);
    const skipped = warnings().filter((e) => e.msg.includes('malformed change'));
    expect(skipped).toHaveLength(5);
    expect(skipped.map((e) => e.extra?.id)).toEqual(expect.arrayContaining([created[0]!.id, created[1]!.id, created[2]!.id]));
    // The good record's page went in whole, cursor included: the next sync has nothing left to apply.
    proxy.setRewrite(undefined);
    expect((await client.engine.syncNow()).pulled).toBe(0);
  });

  it('skips a 5 MB title with a log entry, and keeps a 5 MB string inside data usable', async () => {
    const [a, b] = await createAssignments(server, 3);
    const huge = 'x'.repeat(5 * 1024 * 1024);
    proxy.setRewrite(
      rewriteJson('feed', (body) => {
        for (const c of changesOf(body)) {
          if (c.assignment?.id === a!.id) c.assignment.title = huge;
          if (c.assignment?.id === b!.id) c.assignment.data = { note: `needle ${huge}` };
        }
        return body;
      }),
    );
    const status = await client.engine.syncNow();
    expect(status.phase).toBe('idle');
    expect(client.cache.assignments.get(a!.id)).toBeNull();
    expect(warnings().some((e) => e.msg.includes('malformed change') && e.extra?.id === a!.id)).toBe(true);
    expect(client.cache.assignments.count()).toBe(2);
    expect(client.cache.assignments.list({ search: 'needle', limit: 10, offset: 0 }).items.map((i) => i.id)).toEqual([b!.id]);
  });

  it('invalid JSON, a page without its cursor, or a truncated body: the sync fails cleanly and the cache stays as it was', async () => {
    await createAssignments(server, 3);
    expect((await client.engine.syncNow()).phase).toBe('idle');
    await createAssignments(server, 2, 3);
    const cursor = client.cache.syncState.get('cursor');

    const spoilers: FaultProxyOptions['rewrite'][] = [
      rewriteJson('feed', () => '{"changes": [{"op": "upsert", "assign'),
      rewriteJson('feed', (body) => ({ ...body, cursor: undefined })),
      rewriteJson('feed', (body) => ({ ...body, has_more: 'perhaps' })),
      (req, res) =>
        req.cls === 'feed' ? { status: res.status, body: res.body, truncateAt: Math.floor(res.body.length / 2) } : undefined,
    ];
    for (const spoil of spoilers) {
      proxy.setRewrite(spoil);
      const status = await client.engine.syncNow();
      expect(['error', 'offline']).toContain(status.phase);
      expect(status.lastError?.message).toBeTruthy();
      expect(client.cache.assignments.count()).toBe(3);
      expect(client.cache.syncState.get('cursor')).toBe(cursor);
    }
    expect(warnings().filter((e) => e.msg === 'sync failed')).toHaveLength(spoilers.length);
    proxy.setRewrite(undefined);
    expect((await client.engine.syncNow()).phase).toBe('idle');
    expect(client.cache.assignments.count()).toBe(5);
  });

  it('a broken feed does not hold up the outbox: decisions still go, and stay once-only', async () => {
    await createAssignments(server, 3);
    const keys = await decideAll();
    proxy.setRewrite(rewriteJson('feed', () => 'not json at all'));
    const status = await client.engine.syncNow();
    expect(status.phase).toBe('error');
    expect(client.cache.decisions.pendingCount()).toBe(0);
    const recorded = await server.decisions();
    expectNoDuplicates(recorded);
    expect(recorded.map((d) => d.decision_id).sort()).toEqual([...keys].sort());
  });
});

describe('forms', () => {
  it('a form with wrong types, invalid JSON or a truncated body is not cached; the assignments are, and the form comes later', async () => {
    const [a] = await createAssignments(server, 2);
    const spoilers: FaultProxyOptions['rewrite'][] = [
      rewriteJson('form', (form) => ({ ...form, schema: 'not a schema', outcomes: 'approve' })),
      rewriteJson('form', () => '<html>Sign in to the hotel wifi</html>'),
      (req, res) => (req.cls === 'form' ? { status: res.status, body: res.body, truncateAt: 20 } : undefined),
    ];
    for (const spoil of spoilers) {
      proxy.setRewrite(spoil);
      await client.engine.syncNow();
      expect(client.cache.assignments.count()).toBe(2);
      expect(client.cache.forms.get({ id: 'simple-approval', version: 1 })).toBeNull();
      // Without its form a decision cannot be checked, so it is refused before anything is stored.
      expect(() =>
        submitDecision(client.session, { assignmentId: a!.id, outcome: 'approve', values: { amount: 1 } }, client.clock.now),
      ).toThrow(/form/i);
    }
    expect(warnings().filter((e) => e.msg.includes('form')).length).toBeGreaterThanOrEqual(2);
    expect(client.cache.decisions.pendingCount()).toBe(0);
    proxy.setRewrite(undefined);
    expect((await client.engine.syncNow()).phase).toBe('idle');
    expect(client.cache.forms.get({ id: 'simple-approval', version: 1 })?.title).toBe('Simple approval');
  });
});

describe('answers to decisions', () => {
  it('a garbled batch answer (invalid JSON, wrong types) is not taken as "sent": each decision is settled by a real answer, once', async () => {
    await createAssignments(server, 4);
    const keys = await decideAll();
    // The server records the batch; its answer comes back broken.
    proxy.setRewrite(rewriteJson('batch', () => '{"results": [{"decision_id": '));
    await client.engine.syncNow();
    proxy.setRewrite(
      rewriteJson('batch', (body) => ({ results: (body.results as Json[]).map((r) => ({ ...r, status: 'fine' })) })),
    );
    await client.engine.syncNow();
    proxy.setRewrite(undefined);
    await client.engine.syncNow();
    expect(client.cache.decisions.pendingCount()).toBe(0);
    expect(localDecisions(client.cache).map((d) => d.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const recorded = await server.decisions();
    expectNoDuplicates(recorded);
    expect(recorded.map((d) => d.decision_id).sort()).toEqual([...keys].sort());
  });

  it('a garbled batch answer leaves a log entry saying so', async () => {
    await createAssignments(server, 2);
    await decideAll();
    proxy.setRewrite(rewriteJson('batch', () => '<html>502 Bad Gateway</html>'));
    await client.engine.syncNow();
    // Sending one by one hides the symptom from the reviewer; whoever runs the backend needs to hear of it.
    expect(
      warnings().map((e) => `${e.msg} ${JSON.stringify(e.extra ?? {})}`),
      'a warning about the unusable batch answer',
    ).toEqual(expect.arrayContaining([expect.stringMatching(/batch/i)]));
  });

  it('a batch answer that leaves decisions out keeps those in the outbox until they are answered', async () => {
    await createAssignments(server, 4);
    const keys = await decideAll();
    proxy.setRewrite(rewriteJson('batch', (body) => ({ results: (body.results as Json[]).slice(0, 2) })));
    await client.engine.syncNow();
    expect(client.cache.decisions.pendingCount()).toBe(2);
    proxy.setRewrite(undefined);
    client.clock.advance(3600_000);
    await client.engine.syncNow();
    expect(client.cache.decisions.pendingCount()).toBe(0);
    const recorded = await server.decisions();
    expectNoDuplicates(recorded);
    expect(recorded.map((d) => d.decision_id).sort()).toEqual([...keys].sort());
  });

  it('a truncated answer to a single decision leaves it in the outbox; the resend is recorded once', async () => {
    const [a] = await createAssignments(server, 1);
    const [key] = await decideAll();
    proxy.setRewrite((req, res) => (req.cls === 'decision' ? { status: res.status, body: res.body, truncateAt: 10 } : undefined));
    const status = await client.engine.syncNow();
    expect(status.phase).toBe('offline');
    expect(client.cache.decisions.pendingCount()).toBe(1);
    expect(warnings().some((e) => e.msg === 'sync failed')).toBe(true);
    proxy.setRewrite(undefined);
    await client.engine.syncNow();
    expect(client.cache.decisions.latestFor(a!.id)?.state).toBe('sent');
    expect((await server.decisions()).map((d) => d.decision_id)).toEqual([key]);
  });

  it('a 409 whose assignment is malformed still becomes a conflict holding the reviewer’s values', async () => {
    const [a] = await createAssignments(server, 1);
    await decideAll();
    await server.admin('PATCH', `/admin/assignments/${a!.id}/`, { data: { order: 1, amount: 99 } });
    proxy.setRewrite(rewriteJson('decision', (body) => ({ ...body, assignment: { id: 'who knows' } })));
    await client.engine.syncNow();
    const d = client.cache.decisions.latestFor(a!.id);
    expect(d?.state).toBe('conflict');
    expect(d?.values).toEqual({ amount: 1 });
    expect(client.cache.assignments.localState(a!.id)).toBe('conflict');
    expect(warnings().some((e) => e.msg.includes('refused a decision'))).toBe(true);
  });

  // A captive portal (hotel wifi, an expired VPN login) answers every request with 200 and a
  // login page. Nothing reached the server, so nothing may leave the outbox as "sent".
  it.each<RequestClass>(['decision', 'batch'])(
    'a 200 that is not JSON from the %s route is no proof of delivery: the decisions stay in the outbox',
    async (cls) => {
      const n = cls === 'batch' ? 3 : 1;
      await createAssignments(server, n);
      const keys = await decideAll();
      proxy.setRespond((req) =>
        req.cls === 'batch' || req.cls === 'decision'
          ? { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Sign in to continue</body></html>' }
          : undefined,
      );
      await client.engine.syncNow();
      expect(await server.decisions()).toEqual([]);
      expect(
        localDecisions(client.cache)
          .filter((d) => d.state === 'sent')
          .map((d) => d.decision_id),
        'marked sent though the server never saw them',
      ).toEqual([]);
      expect(client.cache.decisions.pendingCount()).toBe(n);
      proxy.setRespond(undefined);
      client.clock.advance(3600_000);
      await client.engine.syncNow();
      expect((await server.decisions()).map((d) => d.decision_id).sort()).toEqual([...keys].sort());
    },
  );
});
