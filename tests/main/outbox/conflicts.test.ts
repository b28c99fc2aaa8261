import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardRefused, resendParked, resubmitConflict } from '../../../src/main/app/conflicts.service';
import { submitDecision } from '../../../src/main/app/decisions.service';
import { listOutbox } from '../../../src/main/app/outbox.service';
import type { Assignment } from '../../../src/shared/protocol';
import type { TestServer } from '../../support/reference-server';
import { closeAll, syncedClient, type Client } from './harness';

let server: TestServer;
let c: Client;
let ids: number[];

beforeEach(async () => {
  ({ server, client: c, ids } = await syncedClient(3));
});
afterEach(() => closeAll(c, server));

/** A decision made on what the reviewer saw, then the server's data changes under it: a 409 stale. */
async function conflictOn(id: number, values: Record<string, unknown> = { amount: 7, note: 'mine' }): Promise<string> {
  const { decisionId } = submitDecision(c.session, { assignmentId: id, outcome: 'approve', values }, c.time.now);
  await server.admin('PATCH', `/admin/assignments/${id}/`, { data: { order: 1, amount: 99 } });
  await c.engine.syncNow();
  expect(c.cache.decisions.get(decisionId)?.state).toBe('conflict');
  return decisionId;
}

const audit = (id: number) =>
  (c.cache.db.prepare('SELECT action FROM audit_log WHERE assignment_id = ? ORDER BY id').all(id) as { action: string }[]).map(
    (r) => r.action,
  );

describe('conflicts', () => {
  it('outbox:list shows the reviewer’s values beside the server’s current assignment', async () => {
    const old = await conflictOn(ids[0]!);
    const list = listOutbox(c.session, {});
    expect(list.counts).toEqual({ unsent: 0, conflict: 1, parked: 0 });
    expect(list.items).toEqual([
      expect.objectContaining({
        key: old,
        kind: 'decision',
        state: 'conflict',
        assignmentIds: [ids[0]],
        decision: expect.objectContaining({ values: { amount: 7, note: 'mine' }, state: 'conflict' }),
        error: expect.objectContaining({ code: 'stale' }),
        serverAssignment: expect.objectContaining({ id: ids[0], version: 2, data: { order: 1, amount: 99 } }),
        // What the reviewer decided on, kept with the decision in the cache (so a restart keeps it too).
        decidedOn: { version: 1, data: { order: 5500, amount: 10, message: 'Customer message number 0' } },
      }),
    ]);
  });

  it('keeps what a decision was decided on until the server accepts it', async () => {
    const { decisionId } = submitDecision(
      c.session,
      { assignmentId: ids[1]!, outcome: 'approve', values: { amount: 7 } },
      c.time.now,
    );
    expect(c.cache.decisions.get(decisionId)?.decidedOn).toMatchObject({ version: 1, data: { order: 5501 } });
    await c.engine.syncNow();
    expect(c.cache.decisions.get(decisionId)).toMatchObject({ state: 'sent', decidedOn: null });
  });

  it('resubmit records a new decision against the server’s version, and the server records it once', async () => {
    const old = await conflictOn(ids[0]!);
    const r = await resubmitConflict(c.session, { decisionId: old, values: { amount: 99, note: 'checked again' } }, c.time.now);
    expect(r.decisionId).not.toBe(old);
    expect(c.cache.assignments.get(ids[0]!)!.assignment.data).toEqual({ order: 1, amount: 99 }); // the server's version, applied
    const queued = c.cache.decisions.item(r.decisionId);
    expect(queued?.kind === 'decision' && queued.body.base_version).toBe(2);
    await c.engine.syncNow();
    const recorded = await server.decisions(ids[0]!);
    expect(recorded.map((d) => d.decision_id)).toEqual([r.decisionId]);
    expect(c.cache.decisions.get(old)?.storedState).toBe('superseded');
    expect(c.cache.decisions.get(old)?.decidedOn).toBeNull();
    expect(c.cache.decisions.latestFor(ids[0]!)).toMatchObject({
      decisionId: r.decisionId,
      state: 'sent',
      values: { amount: 99, note: 'checked again' },
    });
    expect(c.engine.status().outboxAttention).toBe(0);
    expect(audit(ids[0]!)).toEqual([
      'decision.recorded',
      'decision.conflict',
      'decision.resubmitted',
      'decision.recorded',
      'decision.sent',
    ]);
  });

  it('resubmit checks the values again in main', async () => {
    const old = await conflictOn(ids[0]!);
    await expect(resubmitConflict(c.session, { decisionId: old, values: { amount: 5000 } }, c.time.now)).rejects.toMatchObject({
      code: 'validation',
      fields: { '/amount': [expect.any(String)] },
    });
    expect(c.cache.decisions.get(old)?.state).toBe('conflict');
    expect(c.engine.status().outboxPending).toBe(0);
  });

  it('discard drops the reviewer’s decision and shows the assignment as the server has it now', async () => {
    const old = await conflictOn(ids[0]!);
    await server.admin('PATCH', `/admin/assignments/${ids[0]}/`, { title: 'Changed once more' });
    const r = await discardRefused(c.session, old, c.time.now);
    expect(r).toEqual({ assignmentId: ids[0], removed: false });
    const cached = c.cache.assignments.get(ids[0]!)!;
    expect(cached).toMatchObject({ localState: 'none', assignment: { title: 'Changed once more', version: 3 } });
    expect(c.cache.decisions.latestFor(ids[0]!)).toBeNull();
    expect(listOutbox(c.session, {}).total).toBe(0);
    expect(audit(ids[0]!)).toContain('decision.discarded');
    await c.engine.syncNow();
    expect(await server.decisions(ids[0]!)).toHaveLength(0);
  });

  it('discard offline falls back to the server’s copy from its 409 answer', async () => {
    const old = await conflictOn(ids[0]!);
    c.engine.setOnline(false);
    const before = c.net.calls.length;
    await discardRefused(c.session, old, c.time.now);
    expect(c.net.calls.length).toBe(before);
    expect(c.cache.assignments.get(ids[0]!)!.assignment.data).toEqual({ order: 1, amount: 99 });
  });

  it('an assignment cancelled or reassigned meanwhile cannot be resubmitted; discarding removes it', async () => {
    const { decisionId: onCancelled } = submitDecision(
      c.session,
      { assignmentId: ids[1]!, outcome: 'approve', values: { amount: 1 } },
      c.time.now,
    );
    const { decisionId: onReassigned } = submitDecision(
      c.session,
      { assignmentId: ids[2]!, outcome: 'approve', values: { amount: 1 } },
      c.time.now,
    );
    await server.admin('POST', `/admin/assignments/${ids[1]}/cancel/`);
    const other = await server.admin<{ id: number }>('POST', '/admin/users/', { username: 'someone-else' });
    await server.admin<Assignment>('POST', `/admin/assignments/${ids[2]}/reassign/`, { assignee: other.id });
    await c.engine.syncNow();
    expect(c.cache.assignments.localState(ids[1]!)).toBe('conflict');
    await expect(resubmitConflict(c.session, { decisionId: onCancelled }, c.time.now)).rejects.toThrow(/cancelled/);
    await expect(resubmitConflict(c.session, { decisionId: onReassigned }, c.time.now)).rejects.toThrow(/no longer yours/);
    expect(await discardRefused(c.session, onCancelled, c.time.now)).toEqual({ assignmentId: ids[1], removed: true });
    expect(await discardRefused(c.session, onReassigned, c.time.now)).toEqual({ assignmentId: ids[2], removed: true });
    expect(c.cache.assignments.get(ids[1]!)).toBeNull();
    expect(c.cache.assignments.get(ids[2]!)).toBeNull();
    await expect(discardRefused(c.session, onCancelled, c.time.now)).rejects.toThrow(/discarded/);
  });
});

describe('parked decisions', () => {
  it('are fixed and resent under a new decision id, checked again in main', async () => {
    const a = c.cache.assignments.get(ids[0]!)!.assignment;
    const at = c.time.now().toISOString();
    c.cache.db.transaction(() => {
      c.cache.decisions.record(
        {
          decision_id: 'refused-one',
          outcome: 'approve',
          values: { amount: 5000 },
          comment: 'first try',
          form: a.form,
          base_version: a.version,
          client_submitted_at: at,
        },
        a.id,
        at,
      );
      c.cache.assignments.setLocalState(a.id, 'unsent');
    })();
    await c.engine.syncNow();
    expect(c.cache.decisions.get('refused-one')).toMatchObject({ state: 'parked', error: { code: 'validation' } });

    await expect(resendParked(c.session, { decisionId: 'refused-one' }, c.time.now)).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(resubmitConflict(c.session, { decisionId: 'refused-one' }, c.time.now)).rejects.toThrow(/nothing to re-review/);
    const r = await resendParked(c.session, { decisionId: 'refused-one', values: { amount: 500 } }, c.time.now);
    expect(r.decisionId).not.toBe('refused-one');
    await c.engine.syncNow();
    const recorded = await server.decisions(a.id);
    expect(recorded.map((d) => d.decision_id)).toEqual([r.decisionId]);
    expect(c.cache.decisions.latestFor(a.id)).toMatchObject({ state: 'sent', values: { amount: 500 }, comment: 'first try' });
    expect(c.engine.status().outboxAttention).toBe(0);
  });
});
