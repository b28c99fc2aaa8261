/**
 * The same scenarios for every backend adapter (issue: "the same suite the
 * native adapter passes"): pull, removal, offline decisions, retries under
 * faults, exactly-once, conflicts. Each backend brings a driver
 * (tests/support/backend-driver.ts) over its server — the reference server
 * for the native protocol, fake servers written from the other backends'
 * contracts for Synapse and HITL services. The real sync engine, outbox and
 * cache run in between, through the fault proxy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../src/main/app/decisions.service';
import type { BackendDriver, StartDriver } from '../../support/backend-driver';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy';
import { createClient, syncUntilSettled, type Client } from '../../support/sync-harness';

export function describeAdapterSuite(start: StartDriver, opts: { faultSeed?: number } = {}): void {
  let driver: BackendDriver;
  let proxy: FaultProxy;
  let client: Client;

  beforeEach(async () => {
    driver = await start();
    proxy = await startFaultProxy({ target: driver.baseUrl, seed: opts.faultSeed ?? 7, delayMs: { min: 0, max: 30 } });
    client = createClient({ baseUrl: proxy.baseUrl, token: driver.token, adapter: driver.adapter });
    // Conflict rules compare the assignee with the signed-in user: ask the backend who that is, as sign-in does.
    client.session.account.userId = (await client.session.backend.me()).id;
  });

  afterEach(async () => {
    client?.close();
    await proxy?.close();
    await driver?.close();
  });

  const cachedIds = () => client.cache.assignments.allIds().sort((a, b) => a - b);
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
  const decide = (id: number) => {
    const a = client.cache.assignments.get(id)!.assignment;
    return submitDecision(client.session, { assignmentId: id, ...driver.approval(a) }, client.clock.now);
  };
  const recordedFor = async (id: number) => (await driver.recorded()).filter((d) => d.assignmentId === id);

  describe('against its backend, through the fault proxy', () => {
    it('pulls the reviewer’s open work into the cache, with the forms to decide it', async () => {
      await driver.seed(25);
      const status = await client.engine.syncNow();
      expect(status.phase).toBe('idle');
      expect(cachedIds()).toEqual(sorted(await driver.openIds()));
      expect(cachedIds()).toHaveLength(25);
      for (const id of cachedIds()) {
        const { assignment } = client.cache.assignments.get(id)!;
        expect(client.cache.forms.get(assignment.form), `form of ${id}`).not.toBeNull();
      }
    });

    it('picks up a change made on the server', async () => {
      await driver.seed(5);
      await client.engine.syncNow();
      const id = cachedIds()[2]!;
      const before = client.cache.assignments.get(id)!.assignment;
      await driver.editData(id);
      client.clock.advance(60 * 60_000); // past any backend's overlap or reconcile window
      await syncUntilSettled(client);
      const after = client.cache.assignments.get(id)!.assignment;
      expect(after.version).toBeGreaterThan(before.version);
      expect(after.data).not.toEqual(before.data);
    });

    it('drops an assignment that left the reviewer’s queue, but keeps one with unsent work as a conflict', async () => {
      await driver.seed(6);
      await client.engine.syncNow();
      const [gone, mine] = cachedIds();
      proxy.setOffline(true);
      decide(mine!);
      await driver.takeAway(gone!);
      await driver.takeAway(mine!);
      proxy.setOffline(false);
      client.clock.advance(24 * 60 * 60_000); // past any reconcile interval
      await syncUntilSettled(client);
      expect(cachedIds()).not.toContain(gone);
      expect(client.cache.assignments.localState(mine!)).toBe('conflict');
      expect(await recordedFor(mine!)).toEqual([]);
    });

    it('keeps decisions made offline and sends each exactly once when the backend is back', async () => {
      await driver.seed(20);
      await client.engine.syncNow();
      const ids = cachedIds();
      proxy.setOffline(true);
      for (const id of ids) decide(id);
      expect((await client.engine.syncNow()).phase).toBe('offline');
      expect(await driver.recorded()).toEqual([]);
      proxy.setOffline(false);
      await syncUntilSettled(client);
      const recorded = await driver.recorded();
      expect(sorted(recorded.map((d) => d.assignmentId))).toEqual(ids);
      expect(recorded.every((d) => d.outcome === recorded[0]!.outcome)).toBe(true);
      expect(client.cache.decisions.pendingCount()).toBe(0);
    });

    it('records every decision exactly once through a network that drops, resets and fails 30 % of requests', async () => {
      await driver.seed(40);
      await client.engine.syncNow();
      const ids = cachedIds();
      proxy.setOffline(true);
      for (const id of ids) decide(id);
      proxy.setOffline(false);
      proxy.setPlan({ rate: 0.3 });
      // The case that tempts a client into applying twice: the backend applied it, the answer was lost.
      proxy.forceNext('decision', 'reset', 'reset');
      proxy.forceNext('batch', 'reset');
      await syncUntilSettled(client, 1000);
      proxy.setPlan({ rate: 0 });
      const recorded = await driver.recorded();
      const perAssignment = new Map<number, number>();
      for (const d of recorded) perAssignment.set(d.assignmentId, (perAssignment.get(d.assignmentId) ?? 0) + 1);
      expect(
        [...perAssignment].filter(([, n]) => n !== 1),
        'assignments applied more than once',
      ).toEqual([]);
      expect(sorted([...perAssignment.keys()])).toEqual(ids);
      expect(proxy.counts.reset + proxy.counts.drop + proxy.counts.error500 + proxy.counts.error429).toBeGreaterThan(0);
      expect(client.cache.decisions.pendingCount()).toBe(0);
    });

    it('turns a decision the backend no longer takes (decided elsewhere) into a conflict holding the reviewer’s values', async () => {
      await driver.seed(3);
      await client.engine.syncNow();
      const id = cachedIds()[0]!;
      proxy.setOffline(true);
      const made = decide(id);
      await driver.decideElsewhere(id);
      proxy.setOffline(false);
      await syncUntilSettled(client);
      expect(client.cache.assignments.localState(id)).toBe('conflict');
      const stored = client.cache.decisions.get(made.decisionId)!;
      expect(stored.storedState).toBe('conflict');
      expect(stored.values).toEqual(driver.approval(client.cache.assignments.get(id)!.assignment).values);
      expect(await recordedFor(id)).toHaveLength(1); // the other reviewer's, not ours on top
    });
  });
}
