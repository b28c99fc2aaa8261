/**
 * Batches of decisions pipelined (push.ts): the next batch goes out while the
 * answer to the last one is settled, and a batch stays "in flight" until it
 * is settled, not merely answered: the reviewer cannot undo a decision the
 * server has recorded in that moment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision, undoDecision } from '../../../src/main/app/decisions.service';
import { AppFailure } from '../../../src/shared/result';
import type { TestServer } from '../../support/reference-server';
import { closeAll, syncedClient, type Call, type Client } from './harness';

let server: TestServer;
let c: Client;
let ids: number[];

beforeEach(async () => {
  // One more than a batch (push.ts, BATCH): two batches, the second sent while the first is settled.
  ({ server, client: c, ids } = await syncedClient(501));
});

afterEach(() => closeAll(c, server));

const keysIn = (call: Call): string[] => {
  const b = call.body as { decision_id?: string; decisions?: { decision_id: string }[] };
  return b.decisions ? b.decisions.map((d) => d.decision_id) : [b.decision_id!];
};

describe('pipelined batches', () => {
  it('send the next batch before the last one is settled, and keep the last one undoable by no one until it is', async () => {
    const keys = ids.map(
      (id) => submitDecision(c.session, { assignmentId: id, outcome: 'approve', values: { amount: 5 } }, c.time.now).decisionId,
    );
    const firstKey = keys[0]!;
    let settledWhenSecondLeft: boolean | null = null;
    let undo: string | null = null;
    c.net.when((call) => {
      if (call.method !== 'POST' || !keysIn(call).includes(keys[500]!)) return undefined;
      // The second batch is on its way: the first one's answer is in, not yet settled.
      settledWhenSecondLeft = c.cache.decisions.get(firstKey)?.state !== 'unsent';
      // An undo in the turn that follows, while the first batch's answer waits to be settled.
      setTimeout(() => {
        try {
          undoDecision(c.session, firstKey, c.time.now);
          undo = 'undone';
        } catch (e) {
          undo = e instanceof AppFailure ? e.code : String(e);
        }
      }, 0);
      return undefined;
    });

    await c.engine.syncNow();

    expect(settledWhenSecondLeft).toBe(false);
    expect(undo).toBe('conflict');
    // Every decision recorded once on the server, and settled here.
    const recorded = (await server.decisions()).map((d) => d.decision_id).sort();
    expect(recorded).toEqual([...keys].sort());
    expect(keys.every((k) => c.cache.decisions.get(k)?.state === 'sent')).toBe(true);
    expect(c.cache.inFlight.size).toBe(0);
  });
});
