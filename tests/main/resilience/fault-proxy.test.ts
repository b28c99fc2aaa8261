/**
 * The fault proxy is the instrument every other resilience test reads from,
 * so it is checked first: each fault does what its name says (in particular
 * that `drop` never reaches the server and `reset` does), seeds replay, and
 * close() ends everything it holds.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from '../../support/fault-proxy';

let server: TestServer;
const proxies: FaultProxy[] = [];

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
});

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await server.close();
});

async function proxy(opts: Omit<FaultProxyOptions, 'target'> = {}): Promise<FaultProxy> {
  const p = await startFaultProxy({ target: server.baseUrl, ...opts });
  proxies.push(p);
  return p;
}

function get(p: FaultProxy, path: string): Promise<Response> {
  return fetch(`${p.baseUrl}${path}`, { headers: { Authorization: `Token ${server.token}` } });
}

function decide(p: FaultProxy, assignment: { id: number; version: number }, key = randomUUID()): Promise<Response> {
  return fetch(`${p.baseUrl}/assignments/${assignment.id}/decisions/`, {
    method: 'POST',
    headers: { Authorization: `Token ${server.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({
      decision_id: key,
      outcome: 'approve',
      values: { amount: 1 },
      form: { id: 'simple-approval', version: 1 },
      base_version: assignment.version,
      client_submitted_at: '2026-11-21T10:00:00.000Z',
    }),
  });
}

describe('fault proxy', () => {
  it('without faults it is transparent, and the server’s links point back at the proxy', async () => {
    await createAssignments(server, 3);
    const p = await proxy();
    const res = await get(p, '/assignments/?page_size=2');
    expect(res.status).toBe(200);
    const page = (await res.json()) as { count: number; next: string };
    expect(page.count).toBe(3);
    expect(page.next.startsWith(p.origin)).toBe(true);
    expect(p.counts).toMatchObject({ requests: 1, forwarded: 1, drop: 0, reset: 0 });
  });

  it('drop never reaches the server; reset reaches it and loses the answer', async () => {
    const [a, b] = await createAssignments(server, 2);
    const dropping = await proxy({ plan: { rate: 1, weights: { drop: 1 } } });
    await expect(decide(dropping, a!)).rejects.toThrow();
    expect(await server.decisions()).toHaveLength(0);

    const resetting = await proxy({ plan: { rate: 1, weights: { reset: 1 } } });
    await expect(decide(resetting, b!)).rejects.toThrow();
    expect((await server.decisions()).map((d) => d.assignment_id)).toEqual([b!.id]);
    expect(dropping.counts.drop).toBeGreaterThanOrEqual(1);
    expect(resetting.counts.reset).toBeGreaterThanOrEqual(1);
    expect(resetting.counts.forwarded).toBe(resetting.counts.reset);
  });

  it('answers 500 and 429 (Retry-After 0 or 1) itself, and delays then forwards', async () => {
    const [a] = await createAssignments(server, 1);
    const failing = await proxy({ plan: { rate: 1, weights: { error500: 1 } } });
    expect((await decide(failing, a!)).status).toBe(500);
    const limited = await proxy({ plan: { rate: 1, weights: { error429: 1 } } });
    const res = await decide(limited, a!);
    expect(res.status).toBe(429);
    expect(['0', '1']).toContain(res.headers.get('retry-after'));
    expect(await server.decisions()).toHaveLength(0);

    const slow = await proxy({ plan: { rate: 1, weights: { delay: 1 } }, delayMs: { min: 1, max: 20 } });
    expect((await decide(slow, a!)).status).toBe(201);
    expect(slow.counts).toMatchObject({ delay: 1, forwarded: 1 });
  });

  it('a seed replays the same faults, and the share of faults follows the plan', async () => {
    const run = async (seed: number) => {
      const p = await proxy({ seed, plan: { rate: 0.3, weights: { error500: 1, error429: 1 } } });
      for (let i = 0; i < 200; i++) await (await get(p, '/health/')).text();
      return p;
    };
    const first = await run(7);
    const again = await run(7);
    const other = await run(8);
    expect(again.log).toEqual(first.log);
    expect(other.log).not.toEqual(first.log);
    // 200 draws at 30 %: a seeded count, far from both 0 % and 100 %.
    expect(first.log.length).toBeGreaterThan(30);
    expect(first.log.length).toBeLessThan(90);
  });

  it('per-class plans, own answers and truncated bodies', async () => {
    await createAssignments(server, 2);
    const p = await proxy({
      classes: { feed: { rate: 1, weights: { error500: 1 } } },
      respond: (req) => (req.cls === 'batch' ? { status: 404, body: '{"detail":"No such route."}' } : undefined),
    });
    expect((await get(p, '/sync/assignments/')).status).toBe(500);
    expect((await get(p, '/me/')).status).toBe(200);
    const batch = await fetch(`${p.baseUrl}/decisions/batch/`, { method: 'POST', body: '{}' });
    expect(batch.status).toBe(404);
    expect(p.counts.byClass).toMatchObject({ feed: 1, other: 1, batch: 1 });

    p.setRewrite((_req, res) => ({ status: res.status, body: res.body, truncateAt: 10 }));
    const truncated = await get(p, '/assignments/');
    await expect(truncated.text()).rejects.toThrow();
  });

  it('offline resets every connection; online again it forwards', async () => {
    const p = await proxy();
    p.setOffline(true);
    await expect(get(p, '/me/')).rejects.toThrow();
    expect(p.counts.refused).toBeGreaterThanOrEqual(1);
    p.setOffline(false);
    expect((await get(p, '/me/')).status).toBe(200);
  });

  it('close() ends a request it is still delaying instead of waiting for it', async () => {
    // A minute-long delay: were close() to wait for it, the test would time out.
    const p = await proxy({ plan: { rate: 1, weights: { delay: 1 } }, delayMs: { min: 60_000, max: 60_000 } });
    const pending = get(p, '/me/');
    while (p.counts.delay === 0) await new Promise((r) => setImmediate(r));
    await p.close();
    await expect(pending).rejects.toThrow();
  });
});
