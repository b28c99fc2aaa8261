/** The suite's HITL driver does what backend-driver.ts promises (the shared suite then runs on it). */
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendDriver } from '../../../support/backend-driver';
import { startHitlDriver } from '../../../support/drivers/hitl-driver';
import { checkDecision } from '../../../../src/shared/forms';
import { AssignmentSchema, type Assignment } from '../../../../src/shared/protocol';

let driver: BackendDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

async function pull(d: BackendDriver, cached: Map<number, Assignment>) {
  const adapter = d.adapter({ baseUrl: d.baseUrl, lookup: (id) => cached.get(id) ?? null });
  let cursor: string | null = null;
  for (;;) {
    const page = await adapter.changes(cursor, 1000);
    for (const c of page.changes) {
      const a = AssignmentSchema.parse((c as { assignment: unknown }).assignment);
      cached.set(a.id, a);
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return adapter;
}

describe('HITL driver', () => {
  it('seeds requests whose approvals satisfy their forms, and records what the adapter applies', async () => {
    driver = await startHitlDriver();
    await driver.seed(6);
    const cached = new Map<number, Assignment>();
    const adapter = await pull(driver, cached);
    expect([...cached.keys()].sort()).toEqual((await driver.openIds()).sort());

    const items = [];
    for (const a of cached.values()) {
      const form = await adapter.form(a.form);
      const v = driver.approval(a);
      expect(checkDecision(form, v.outcome, v.values, v.comment).ok, a.title).toBe(true);
      items.push({
        assignmentId: a.id,
        attempts: 0,
        body: {
          decision_id: `d-${a.id}`,
          ...v,
          form: a.form,
          base_version: a.version,
          client_submitted_at: '2026-11-21T10:00:00.000Z',
        },
      });
    }
    const results = await adapter.pushDecisions(items);
    expect(results.every((r) => r.status === 201)).toBe(true);
    const recorded = await driver.recorded();
    expect(recorded.map((r) => r.assignmentId).sort()).toEqual([...cached.keys()].sort());
    expect(new Set(recorded.map((r) => r.outcome))).toEqual(new Set(['fulfill']));
    expect(await driver.openIds()).toEqual([]);
  });

  it('takes work away, edits it and decides it elsewhere, by app id', async () => {
    driver = await startHitlDriver();
    await driver.seed(3);
    const cached = new Map<number, Assignment>();
    await pull(driver, cached);
    const [a, b, c] = [...cached.keys()];
    const before = cached.get(c!)!;
    await driver.takeAway(a!);
    await driver.decideElsewhere(b!);
    await driver.editData(c!);
    expect(await driver.openIds()).toEqual([c]);
    expect(await driver.recorded()).toEqual([{ assignmentId: b, outcome: 'fulfill' }]);
    await pull(driver, cached);
    expect(cached.get(c!)!.version).toBeGreaterThan(before.version);
  });
});
