/**
 * The shared adapter suite's driver for Synapse: the fake Synapse server
 * (tests/support/fake-synapse-server.ts) and the adapter an account with
 * these settings gets. Ids are Synapse's assignment ids, which the adapter
 * keeps as the app's.
 *
 * Synapse has no changes feed: a removal (takeAway reassigns) reaches the
 * app with the next listing from scratch, which the adapter forces once
 * `reconcileMinutes` (1 here, the least the settings allow) have passed on
 * the clock the suite gives it (`now`). Outcomes travel as tags
 * (approve 11, needs_review 12, reject 13), so `recorded()` names each
 * application by the outcome tag its assignment carries.
 */
import type { AdapterOptions, BackendAdapter } from '../../../src/main/backend/adapter';
import { createSynapseAdapter } from '../../../src/main/backend/synapse';
import { SynapseBackendSchema, type SynapseConfig } from '../../../src/shared/backends';
import type { Assignment } from '../../../src/shared/protocol';
import type { BackendDriver, DecisionValues, RecordedDecision } from '../backend-driver';
import { startFakeSynapse, type FakeSynapse, type FakeSynapseOptions } from '../fake-synapse-server';

export const OUTCOME_TAGS = { approve: 11, needs_review: 12, reject: 13 } as const;

export function synapseDriverConfig(overrides: Partial<SynapseConfig> = {}): SynapseConfig {
  return SynapseBackendSchema.parse({
    type: 'synapse',
    tenant: 'acme',
    reconcileMinutes: 1,
    outcomeTags: OUTCOME_TAGS,
    ...overrides,
  });
}

/** An adapter for the fake's reviewer, as an account with `config` (over the driver's defaults) gets one. */
export function synapseAdapterFor(
  fake: FakeSynapse,
  o: Partial<Omit<AdapterOptions<SynapseConfig>, 'config'>> & { config?: Partial<SynapseConfig> } = {},
): BackendAdapter {
  const { config, ...rest } = o;
  return createSynapseAdapter({
    baseUrl: fake.baseUrl,
    token: fake.token,
    ...rest,
    config: synapseDriverConfig({ tenant: fake.tenant ?? undefined, ...config }),
  });
}

export interface SynapseDriver extends BackendDriver {
  readonly fake: FakeSynapse;
}

export async function startSynapseDriver(
  opts: { fake?: FakeSynapseOptions; config?: Partial<SynapseConfig> } = {},
): Promise<SynapseDriver> {
  const fake = await startFakeSynapse({ tenant: 'acme', ...opts.fake });
  const config = synapseDriverConfig({ tenant: fake.tenant ?? undefined, ...opts.config });
  let seeded = 0;
  const outcomeOf = (id: number): string => {
    const tags = (fake.record(id).tags as number[] | undefined) ?? [];
    const hit = Object.entries(OUTCOME_TAGS).find(([, tag]) => tags.includes(tag));
    return hit ? hit[0] : 'unknown';
  };

  return {
    name: 'synapse',
    fake,
    baseUrl: fake.baseUrl,
    token: fake.token,
    adapter: (o): BackendAdapter => createSynapseAdapter({ ...o, token: fake.token, config }),
    async seed(n) {
      fake.createAssignments(n, () => {
        seeded++;
        return {
          project: 1,
          title: `Check the summary of document ${seeded}`,
          priority: (['low', 'medium', 'high', 'critical'] as const)[seeded % 4],
          data: { summary: `Summary number ${seeded}`, score: seeded, flagged: seeded % 2 === 0 },
        };
      });
    },
    approval(_a: Assignment): DecisionValues {
      // The derived form's fields are corrections: none needed to approve the data as it is.
      return { outcome: 'approve', values: {} };
    },
    async editData(id) {
      fake.editData(id, { summary: `Edited on the server at ${Date.now()}` });
    },
    async takeAway(id) {
      fake.reassign(id, fake.addUser(`other-${id}`).id);
    },
    async decideElsewhere(id) {
      fake.decideElsewhere(id, { tags: [OUTCOME_TAGS.reject] });
    },
    async recorded(): Promise<RecordedDecision[]> {
      return fake.applied().flatMap((app) => app.assignmentIds.map((id) => ({ assignmentId: id, outcome: outcomeOf(id) })));
    },
    async openIds() {
      return fake
        .all()
        .filter((r) => r.assignee === fake.reviewer.id && (r.status === 'pending' || r.status === 'in_progress'))
        .map((r) => r.id as number);
    },
    close: () => fake.close(),
  };
}
