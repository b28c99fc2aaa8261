/**
 * The unchanged sync engine over the Synapse adapter and the fake server:
 * pull into the cache, an offline decision whose first answer is lost (sent
 * once all the same), a reassignment noticed at reconciliation, and a
 * decision elsewhere that makes the reviewer's a conflict.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision } from '../../../../src/main/app/decisions.service';
import type { ActiveSession } from '../../../../src/main/app/session';
import { openDatabase } from '../../../../src/main/db/connection';
import { recordingLogger } from '../../../../src/main/log';
import { createCache, type Cache } from '../../../../src/main/sync/cache';
import { createSyncEngine, type SyncEngine } from '../../../../src/main/sync/engine';
import { startFakeSynapse, type FakeSynapse } from '../../../support/fake-synapse-server';
import { OUTCOME_TAGS, synapseAdapterFor } from '../../../support/drivers/synapse-driver';

let fake: FakeSynapse;
let cache: Cache;
let engine: SyncEngine;
let session: ActiveSession;
let t: number;
const now = () => new Date(t);

beforeEach(async () => {
  t = Date.parse('2026-11-21T10:00:00.000Z');
  fake = await startFakeSynapse();
  cache = createCache(openDatabase(':memory:'));
  const backend = synapseAdapterFor(fake, {
    now,
    lookup: (id) => cache.assignments.get(id)?.assignment ?? null,
    config: { reconcileMinutes: 5 },
  });
  engine = createSyncEngine({
    cache,
    backend,
    log: recordingLogger(),
    now,
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    backoff: { delayMs: () => 0 },
    stream: false,
  });
  session = {
    account: {
      key: 'synapse-test',
      backend: 'synapse',
      baseUrl: fake.baseUrl,
      userId: fake.reviewer.id,
      username: 'reviewer',
      displayName: 'Reviewer',
      demo: false,
    },
    cache,
    engine,
    backend,
  } as ActiveSession;
});

afterEach(async () => {
  engine.stop();
  await engine.idle();
  cache.db.close();
  await fake.close();
});

const decide = (id: number, values: Record<string, unknown> = {}) =>
  submitDecision(session, { assignmentId: id, outcome: 'approve', values }, now);

describe('the sync engine over Synapse', () => {
  it('pulls the queue and its forms, and sends an offline decision exactly once though its first answer was lost', async () => {
    const ids = fake.createAssignments(3, (i) => ({ data: { summary: `s${i}`, score: i } })).map((r) => r.id as number);
    await engine.syncNow();
    expect(cache.assignments.allIds().sort()).toEqual(ids);
    const a = cache.assignments.get(ids[0]!)!.assignment;
    expect(cache.forms.get(a.form)).not.toBeNull();

    decide(a.id, { score: 10 });
    fake.once('PUT', /annotate_task_data/, 'lose-answer');
    await engine.syncNow();
    expect(fake.applied()).toHaveLength(1);
    expect(cache.decisions.latestFor(a.id)!.state).toBe('unsent');

    t += 1000;
    const status = await engine.syncNow();
    expect(status.outboxPending).toBe(0);
    expect(cache.decisions.latestFor(a.id)!.state).toBe('sent');
    expect(fake.applied()).toHaveLength(1);
    expect(fake.applied()[0]!.data).toEqual({ summary: 's0', score: 10 });
    expect(cache.assignments.get(a.id)!.assignment).toMatchObject({ status: 'completed', tags: [OUTCOME_TAGS.approve] });
  });

  it('an assignment given to someone else leaves the cache at the next reconciliation', async () => {
    const [kept, taken] = fake.createAssignments(2, () => ({ data: { x: 1 } })).map((r) => r.id as number);
    await engine.syncNow();
    fake.reassign(taken!, 999);
    await engine.syncNow(); // incremental: Synapse lists only the reviewer's, so it cannot say
    expect(cache.assignments.allIds().sort()).toEqual([kept, taken]);
    t += 5 * 60_000;
    await engine.syncNow();
    expect(cache.assignments.allIds()).toEqual([kept]);
  });

  it('a decision elsewhere makes the reviewer’s a conflict, with nothing sent', async () => {
    const [id] = fake.createAssignments(1, () => ({ data: { x: 1 } })).map((r) => r.id as number);
    await engine.syncNow();
    decide(id!);
    fake.decideElsewhere(id!, { tags: [OUTCOME_TAGS.reject] });
    await engine.syncNow();
    expect(cache.decisions.latestFor(id!)!.state).toBe('conflict');
    expect(fake.applied().map((x) => x.userId)).not.toContain(fake.reviewer.id);
  });
});
