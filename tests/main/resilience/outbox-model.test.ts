/**
 * Model-based tests of the outbox and conflict rules (fast-check commands):
 * random stories of deciding, re-reviewing conflicts, the server editing,
 * reassigning and cancelling, the network coming and going, and syncs, run
 * against the real client and reference server and checked after every
 * step against tests/support/outbox-model.ts.
 *
 * Two networks: whole (online or offline), and partial (the feed answers
 * while the decision routes do not, or answers are lost after the server
 * committed), where a pull meets assignments whose decision is still unsent.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { publishSimpleForm } from '../../support/fixtures';
import {
  Decide,
  Resubmit,
  ServerCancel,
  ServerEdit,
  ServerReassign,
  SetNet,
  SLOTS,
  Sync,
  setup,
  type Net,
} from '../../support/outbox-model';

let server: TestServer;
let otherId: number;

beforeAll(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  otherId = (await server.admin<{ id: number }>('POST', '/admin/users/', { username: 'someone-else' })).id;
});

afterAll(async () => {
  await server.close();
});

/** Weighted by repetition: deciding and syncing often, cancelling (which cannot be undone) seldom. */
function commands(nets: Net[]) {
  const slot = fc.nat(SLOTS - 1);
  const decide = fc
    .tuple(slot, fc.constantFrom('approve' as const, 'reject' as const), fc.integer({ min: 0, max: 1000 }))
    .map(([s, o, a]) => new Decide(s, o, a));
  const edit = fc.tuple(slot, fc.boolean()).map(([s, content]) => new ServerEdit(s, content));
  const net = fc.constantFrom(...nets).map((n) => new SetNet(n));
  const sync = fc.constant(new Sync());
  return fc.commands(
    [
      decide,
      decide,
      decide,
      slot.map((s) => new Resubmit(s)),
      edit,
      edit,
      slot.map((s) => new ServerReassign(s)),
      slot.map((s) => new ServerCancel(s)),
      net,
      net,
      sync,
      sync,
      sync,
    ],
    { maxCommands: 30, size: 'medium' },
  );
}

async function property(nets: Net[], seed: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(commands(nets), async (cmds) => {
      const { model, real } = await setup(server, otherId);
      try {
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      } finally {
        real.client.close();
      }
    }),
    { numRuns: 50, seed },
  );
}

describe('outbox and conflicts against a model of the server', () => {
  it('online and offline: each decision recorded once, conflicts keep the values, removals only without local work', async () => {
    await property(['online', 'offline'], 3101);
  }, 120_000);

  // Fails on the current code (see the report of issue 3's resilience suite): a pull that meets an
  // assignment whose decision is still unsent skips it and moves the cursor on, so once the outbox
  // has answered, nothing brings the cache up to the server's version, or removes what the server removed.
  it('with a partial network (feed up, decisions down; answers lost after commit) the cache still ends as the server has it', async () => {
    await property(['online', 'offline', 'decisionsDown', 'lostResponse'], 3103);
  }, 120_000);
});
