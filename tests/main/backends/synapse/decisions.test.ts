/**
 * Decisions to Synapse: the configured route and method, the outcome's tag,
 * the re-read before every send (exactly once in effect with no idempotency
 * keys), conflicts, and the native protocol's answers for each outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendAdapter, PushItem } from '../../../../src/main/backend/adapter';
import { BackendError, type FetchFn } from '../../../../src/main/backend/http-client';
import type { SynapseConfig } from '../../../../src/shared/backends';
import { ChangeSchema, type Assignment, type DecisionBody } from '../../../../src/shared/protocol';
import { startFakeSynapse, type FakeSynapse } from '../../../support/fake-synapse-server';
import { OUTCOME_TAGS, synapseAdapterFor } from '../../../support/drivers/synapse-driver';

let fake: FakeSynapse;
/** What the app's cache would hold: the copies the reviewer decided on. */
let cached: Map<number, Assignment>;
let seq = 0;

beforeEach(async () => {
  fake = await startFakeSynapse();
  cached = new Map();
});
afterEach(async () => {
  await fake.close();
});

function adapterWith(o: { config?: Partial<SynapseConfig>; fetch?: FetchFn } = {}): BackendAdapter {
  return synapseAdapterFor(fake, { ...o, lookup: (id) => cached.get(id) ?? null });
}

/** Pulls everything into `cached`, as a sync would. */
async function pullInto(adapter: BackendAdapter): Promise<Assignment[]> {
  let cursor: string | null = null;
  for (;;) {
    const page = await adapter.changes(cursor, 1000);
    for (const c of page.changes) {
      const parsed = ChangeSchema.safeParse(c);
      if (parsed.success && parsed.data.op === 'upsert') cached.set(parsed.data.assignment.id, parsed.data.assignment);
    }
    cursor = page.cursor;
    if (!page.hasMore) return [...cached.values()];
  }
}

function decision(a: Assignment, outcome = 'approve', values: Record<string, unknown> = {}, attempts = 0): PushItem {
  const body: DecisionBody = {
    decision_id: `d-${++seq}`,
    outcome,
    values,
    form: a.form,
    base_version: a.version,
    client_submitted_at: '2026-11-21T10:00:00.000Z',
  };
  return { assignmentId: a.id, body, attempts };
}

const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('the decision route', () => {
  it('by default PUTs the data with the reviewer’s corrections to tasks/{task}/annotate_task_data/, then tags the outcome', async () => {
    const raw = fake.createAssignment({ data: { summary: 'A sumary', score: 3, meta: { lang: 'en', words: 2 }, list: [1] } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    const [r] = await adapter.pushDecisions([decision(a!, 'approve', { summary: 'A summary', meta: { words: 3 } })]);

    expect(r!.status).toBe(201);
    const after = (r!.body as { assignment: Assignment }).assignment;
    expect(after).toMatchObject({ id: a!.id, status: 'completed', tags: [OUTCOME_TAGS.approve] });
    const sent = { summary: 'A summary', score: 3, meta: { lang: 'en', words: 3 }, list: [1] };
    expect(after.data).toEqual(sent);
    expect(fake.applied()).toMatchObject([{ taskId: raw.task, assignmentIds: [a!.id], method: 'PUT', data: sent }]);
    expect(fake.requests.map((x) => `${x.method} ${x.path}`)).toEqual([
      'GET /users/me/',
      expect.stringMatching(/^GET \/sdk\/assignments\/\?.*status=pending/),
      expect.stringMatching(/^GET \/sdk\/assignments\/\?.*status=in_progress/),
      `GET /assignments/${a!.id}/`,
      `PUT /tasks/${raw.task}/annotate_task_data/`,
      'POST /assignments/set_tags/',
      `GET /assignments/${a!.id}/`,
    ]);
    expect(fake.requests.find((x) => x.method === 'POST')!.body).toEqual({
      ids: [a!.id],
      tags: [OUTCOME_TAGS.approve],
      action: 'add',
    });
  });

  it('uses the configured method and route template, and sends a configured form’s values as they are', async () => {
    const raw = fake.createAssignment({ project: 4, data: { text: 'x' } });
    const adapter = adapterWith({
      config: {
        decision: { method: 'POST', path: '/tasks/{task}/annotate_task_data/?project={project}&assignment={assignment}' },
        forms: { '4': { schema: { type: 'object', properties: { verdict: { type: 'string' } } } } },
      },
    });
    const [a] = await pullInto(adapter);
    expect(a!.form.id).toBe('synapse-project-4');
    const [r] = await adapter.pushDecisions([decision(a!, 'reject', { verdict: 'wrong' })]);
    expect(r!.status).toBe(201);
    const post = fake.requests.find((x) => x.path.includes('annotate_task_data'))!;
    expect([post.method, post.path, post.body]).toEqual([
      'POST',
      `/tasks/${raw.task}/annotate_task_data/?project=4&assignment=${a!.id}`,
      { verdict: 'wrong' },
    ]);
    expect(fake.record(a!.id).tags).toEqual([OUTCOME_TAGS.reject]);
  });

  it('adds no tag for an outcome that has none configured', async () => {
    fake.createAssignment({ data: { x: 1 } });
    const adapter = adapterWith({ config: { outcomeTags: { reject: 13 } } });
    const [a] = await pullInto(adapter);
    const [r] = await adapter.pushDecisions([decision(a!)]);
    expect(r!.status).toBe(201);
    expect(writes()).toEqual([`PUT /tasks/${a!.metadata.synapse_task}/annotate_task_data/`]);
  });

  it('takes the task id from the cached copy when Synapse’s record cannot be read', async () => {
    const raw = fake.createAssignment({ data: { x: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.once('GET', /^\/assignments\/\d+\/$/, { status: 200, body: { id: a!.id, status: '???' } });
    const [r] = await adapter.pushDecisions([decision(a!)]);
    expect(r!.status).toBe(201);
    expect(writes()[0]).toBe(`PUT /tasks/${raw.task}/annotate_task_data/`);
  });
});

describe('exactly once without idempotency keys', () => {
  it('an answer lost after Synapse applied the decision: the retry re-reads, finds it applied, and does not send it again', async () => {
    fake.createAssignment({ data: { summary: 's', score: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.once('PUT', /annotate_task_data/, 'lose-answer');
    const item = decision(a!, 'approve', { score: 2 });

    const e = await adapter.pushDecisions([item]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).retryable).toBe(true);
    expect(fake.applied()).toHaveLength(1); // applied, but the client never heard
    expect(writes().filter((w) => w.startsWith('PUT'))).toHaveLength(1); // and the HTTP client did not resend it by itself

    const [r] = await adapter.pushDecisions([{ ...item, attempts: 1 }]);
    expect(r!.status).toBe(200);
    expect((r!.body as { assignment: Assignment }).assignment).toMatchObject({
      status: 'completed',
      data: { summary: 's', score: 2 },
    });
    expect(fake.applied()).toHaveLength(1);
    expect(writes().filter((w) => w.startsWith('PUT'))).toHaveLength(1);
    expect(fake.record(a!.id).tags).toEqual([OUTCOME_TAGS.approve]); // the tag the lost attempt never got to add
  });

  it('also after a crash that left no attempt counted', async () => {
    fake.createAssignment({ data: { score: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.once('PUT', /annotate_task_data/, 'lose-answer');
    const item = decision(a!, 'approve', { score: 5 });
    await adapter.pushDecisions([item]).catch(() => {});
    const [r] = await adapter.pushDecisions([item]); // attempts still 0
    expect(r!.status).toBe(200);
    expect(fake.applied()).toHaveLength(1);
  });

  it('a tag step that fails after the send: retried later without sending the decision again', async () => {
    fake.createAssignment({ data: { score: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.once('POST', /set_tags/, { status: 503, body: { detail: 'busy' } });
    const item = decision(a!);
    const [first] = await adapter.pushDecisions([item]);
    expect(first!.status).toBe(0); // no settled answer: the engine retries it
    const [second] = await adapter.pushDecisions([{ ...item, attempts: 1 }]);
    expect(second!.status).toBe(200);
    expect(fake.applied()).toHaveLength(1);
    expect(fake.record(a!.id).tags).toEqual([OUTCOME_TAGS.approve]);
  });

  it('someone else deciding the same assignment is a conflict, not "already applied"', async () => {
    fake.createAssignment({ data: { score: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.decideElsewhere(a!.id, { data: { score: 1, decided_by: 'someone' } });
    const [r] = await adapter.pushDecisions([decision(a!, 'approve', {}, 3)]);
    expect(r!.status).toBe(409);
    expect(r!.body).toMatchObject({ code: 'already_decided', assignment: { id: a!.id, status: 'completed' } });
    expect(fake.applied()).toHaveLength(1);
  });

  it('identical data decided elsewhere with another outcome’s tag is a conflict too', async () => {
    fake.createAssignment({ data: { score: 1 } });
    const adapter = adapterWith();
    const [a] = await pullInto(adapter);
    fake.decideElsewhere(a!.id, { data: { score: 1 }, tags: [OUTCOME_TAGS.reject] });
    const [r] = await adapter.pushDecisions([decision(a!, 'approve', {}, 1)]);
    expect(r!.body).toMatchObject({ code: 'already_decided' });
  });
});

describe('conflicts and refusals', () => {
  let adapter: BackendAdapter;
  let a: Assignment;
  beforeEach(async () => {
    fake.createAssignment({ data: { score: 1 } });
    adapter = adapterWith();
    [a] = (await pullInto(adapter)) as [Assignment];
  });

  it.each([
    ['given to someone else', 'not_assignee', 'pending', () => fake.reassign(a.id, 999)],
    ['cancelled', 'cancelled', 'cancelled', () => fake.setStatus(a.id, 'canceled')],
    ['edited on Synapse after the reviewer saw it', 'stale', 'pending', () => fake.editData(a.id, { score: 9 })],
  ])('%s → 409 %s with the current assignment, nothing sent', async (_what, code, status, change) => {
    change();
    const [r] = await adapter.pushDecisions([decision(a)]);
    expect(r!.status).toBe(409);
    expect(r!.body).toMatchObject({ code, assignment: { id: a.id, status } });
    expect(writes()).toEqual([]);
  });

  it('an assignment Synapse no longer has → 404', async () => {
    const [r] = await adapter.pushDecisions([decision({ ...a, id: 424242 })]);
    expect(r).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('400 from the decision route → 422 validation with the field errors', async () => {
    fake.once('PUT', /annotate_task_data/, { status: 400, body: { score: ['A valid integer is required.'] } });
    const [r] = await adapter.pushDecisions([decision(a, 'approve', { score: 'many' })]);
    expect(r).toEqual({
      decisionId: expect.any(String),
      status: 422,
      body: {
        code: 'validation',
        detail: 'score: A valid integer is required.',
        errors: { '/score': ['A valid integer is required.'] },
      },
    });
    expect(fake.applied()).toHaveLength(0);
  });

  it('409 from the decision route → 409 with the assignment as Synapse has it now', async () => {
    fake.once('PUT', /annotate_task_data/, { status: 409, body: { detail: 'Locked.' } });
    const [r] = await adapter.pushDecisions([decision(a)]);
    expect(r!.status).toBe(409);
    expect(r!.body).toMatchObject({ detail: 'Locked.', assignment: { id: a.id } });
  });

  it('403 from the decision route is that decision’s answer', async () => {
    fake.once('PUT', /annotate_task_data/, {
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
    const [r] = await adapter.pushDecisions([decision(a)]);
    expect(r).toMatchObject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
  });
});

describe('one by one, like the native adapter’s single sends', () => {
  let adapter: BackendAdapter;
  let list: Assignment[];
  beforeEach(async () => {
    fake.createAssignments(3, (i) => ({ data: { n: i } }));
    adapter = adapterWith();
    list = await pullInto(adapter);
  });

  it('a 5xx is one decision’s answer (retried later); the others still go', async () => {
    fake.once('PUT', /annotate_task_data/, { status: 500, body: { detail: 'A server error occurred.' } });
    const results = await adapter.pushDecisions(list.map((a) => decision(a)));
    expect(results.map((r) => r.status)).toEqual([500, 201, 201]);
    expect(fake.applied()).toHaveLength(2);
  });

  it('no network: nothing answered rejects (the engine retries all); answers so far count otherwise', async () => {
    const down = new Set<number>();
    const flaky: FetchFn = (input, init) => {
      const url = String(input);
      if ([...down].some((id) => url.includes(`/assignments/${id}/`))) {
        return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
      }
      return fetch(input, init);
    };
    const a2 = adapterWith({ fetch: flaky });
    down.add(list[0]!.id);
    const e = await a2.pushDecisions(list.map((a) => decision(a))).catch((x: unknown) => x);
    expect((e as BackendError).code).toBe('offline');
    expect(fake.applied()).toHaveLength(0);

    down.clear();
    down.add(list[1]!.id);
    const results = await a2.pushDecisions(list.map((a) => decision(a)));
    expect(results.map((r) => r.status)).toEqual([201]);
  });

  it('429 and a refused token stop the run', async () => {
    fake.once('GET', /^\/assignments\/\d+\/$/, {
      status: 429,
      body: { detail: 'Request was throttled.' },
      headers: { 'Retry-After': '3' },
    });
    const e = await adapter.pushDecisions(list.map((a) => decision(a))).catch((x: unknown) => x);
    expect([(e as BackendError).code, (e as BackendError).retryAfterMs]).toEqual(['rate_limited', 3000]);

    let calls = 0;
    fake.intercept((r) =>
      r.method === 'PUT' && ++calls === 2 ? { status: 401, body: { detail: 'Invalid token.' } } : undefined,
    );
    const results = await adapter.pushDecisions(list.map((a) => decision(a)));
    expect(results.map((r) => r.status)).toEqual([201]);
  });

  it('an answer that is not Synapse’s (a captive portal) settles nothing: status 0, the others still go', async () => {
    fake.once('PUT', /annotate_task_data/, { status: 200, body: undefined, headers: { 'Content-Type': 'text/html' } });
    const portal: FetchFn = async (input, init) => {
      const res = await fetch(input, init);
      return String(input).includes('annotate_task_data') && (await res.clone().text()) === ''
        ? new Response('<html>Sign in to the Wi-Fi</html>', { status: 200 })
        : res;
    };
    const a2 = adapterWith({ fetch: portal });
    const results = await a2.pushDecisions(list.map((a) => decision(a)));
    expect(results.map((r) => r.status)).toEqual([0, 201, 201]);
  });
});
