/**
 * The shared adapter suite's driver for HITL request services: the fake
 * service (../fake-hitl-server.ts) and the HITL adapter pointed at it.
 *
 * A service without a changes feed shows requests that left the queue only
 * at the next reconciling pull (every reconcileMinutes: adapter's 410). So
 * that the suite need not wait minutes, taking work away (cancel) and
 * deciding it elsewhere also move the adapter's clock past the next
 * reconciliation, as if that much time had gone by.
 */
import { createHitlAdapter } from '../../../src/main/backend/hitl';
import { appIdFor } from '../../../src/main/backend/hitl/ids';
import type { HitlConfig } from '../../../src/shared/backends';
import type { Assignment } from '../../../src/shared/protocol';
import type { BackendDriver, DecisionValues, RecordedDecision } from '../backend-driver';
import { startFakeHitlServer, type FakeHitlOptions, type FakeHitlServer, type HitlRecord } from '../fake-hitl-server';

export const HITL_REVIEWER = 'reviewer@example.test';

export const HITL_CONFIG: HitlConfig = {
  type: 'hitl',
  reviewerName: HITL_REVIEWER,
  authScheme: 'Bearer',
  pageSize: 100,
  reconcileMinutes: 5,
};

/** What seed() creates, in turn: a secret to supply, an approval, a decision with typed fields. */
const SEEDS: Partial<HitlRecord>[] = [
  {
    request_type: 'api_key',
    title: 'API key for the billing agent',
    required_fields: { api_key: 'The Stripe API key' },
    priority: 'high',
  },
  { request_type: 'approval', title: 'Approve sending the weekly report', required_fields: {}, priority: 'medium' },
  {
    request_type: 'decision',
    title: 'Which supplier should the agent use?',
    required_fields: { supplier: 'Name of the supplier', budget: 'number', urgent: 'boolean' },
    priority: 'critical',
  },
];

function valueFor(name: string, spec: unknown): unknown {
  const t = typeof spec === 'string' ? spec.trim().toLowerCase() : '';
  if (t === 'number' || t === 'float') return 1.5;
  if (t === 'integer' || t === 'int') return 2;
  if (t === 'boolean' || t === 'bool') return true;
  return `value for ${name}`;
}

export async function startHitlDriver(serverOpts: FakeHitlOptions = {}): Promise<BackendDriver & { server: FakeHitlServer }> {
  const server = await startFakeHitlServer(serverOpts);
  let skewMs = 0;
  let seeded = 0;
  const requestId = (id: number): string => {
    const r = server.all().find((x) => appIdFor(x.id) === id);
    if (!r) throw new Error(`hitl driver: no request with app id ${id}`);
    return r.id;
  };
  const passReconciliation = () => {
    skewMs += (HITL_CONFIG.reconcileMinutes + 1) * 60_000;
  };

  return {
    name: 'hitl',
    baseUrl: server.baseUrl,
    token: server.token,
    server,
    adapter(opts) {
      const base = opts.now ?? (() => new Date());
      return createHitlAdapter({
        ...opts,
        token: server.token,
        config: HITL_CONFIG,
        now: () => new Date(base().getTime() + skewMs),
      });
    },
    async seed(n) {
      for (let i = 0; i < n; i++) server.create({ ...SEEDS[seeded++ % SEEDS.length] });
    },
    approval(a: Assignment): DecisionValues {
      const fields = (a.data as { required_fields?: Record<string, unknown> } | null)?.required_fields ?? {};
      return {
        outcome: 'fulfill',
        values: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueFor(k, v)])),
        comment: 'Done from Reviewdesk',
      };
    },
    async editData(id) {
      const r = server.get(requestId(id));
      server.edit(r.id, { description: `${r.description} (edited)`, context: { ...r.context, edited: true } });
    },
    async takeAway(id) {
      server.cancel(requestId(id));
      passReconciliation();
    },
    async decideElsewhere(id) {
      server.fulfillElsewhere(requestId(id), 'someone-else');
      passReconciliation();
    },
    async recorded(): Promise<RecordedDecision[]> {
      return server.applications().map((x) => ({ assignmentId: appIdFor(x.requestId)!, outcome: x.outcome }));
    },
    async openIds() {
      return server
        .all()
        .filter((r) => r.status === 'pending' || r.status === 'in_review')
        .map((r) => appIdFor(r.id)!);
    },
    close: () => server.close(),
  };
}
