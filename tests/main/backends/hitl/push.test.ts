import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/main/backend/http-client';
import { AssignmentSchema } from '../../../../src/shared/protocol';
import { hitlFixture, item, logText, REVIEWER, type Fixture } from './hitl-fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

const SECRET = 'sk_live_51HtopSECRETvalue';

async function oneRequest(serverOpts = {}, fields: Record<string, string> = { api_key: 'The Stripe API key' }) {
  f = await hitlFixture(serverOpts);
  const r = f.server.create({ request_type: 'api_key', required_fields: fields });
  const { assignments } = await f.pullAll();
  return { r, a: assignments[0]! };
}

const posts = () => f.server.requests().filter((x) => x.method === 'POST');

describe('HITL adapter: pushing decisions', () => {
  it('fulfils with {fulfilled_by, response_data, notes} and answers 201 with the completed assignment', async () => {
    const { r, a } = await oneRequest();
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET }, 'Restricted key')]);
    expect(res!.status).toBe(201);
    expect(posts().map((p) => [p.path, p.body])).toEqual([
      [`/hitl/requests/${r.id}/fulfill`, { fulfilled_by: REVIEWER, response_data: { api_key: SECRET }, notes: 'Restricted key' }],
    ]);
    const current = AssignmentSchema.parse((res!.body as { assignment: unknown }).assignment);
    expect(current).toMatchObject({ id: a.id, status: 'completed', assignee: a.assignee });
    expect(current.version).toBeGreaterThan(a.version);
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(f.server.applications()).toMatchObject([
      { requestId: r.id, outcome: 'fulfill', by: REVIEWER, responseData: { api_key: SECRET } },
    ]);
  });

  it('sends an empty note when there is no comment', async () => {
    const { a } = await oneRequest();
    await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(posts()[0]!.body).toMatchObject({ notes: '' });
  });

  it('rejects with {rejected_by, reason} and never sends the values', async () => {
    const { r, a } = await oneRequest();
    const [res] = await f.adapter.pushDecisions([item(a, 'reject', { api_key: SECRET }, 'Ask the finance team')]);
    expect(res!.status).toBe(201);
    expect(posts().map((p) => [p.path, p.body])).toEqual([
      [`/hitl/requests/${r.id}/reject`, { rejected_by: REVIEWER, reason: 'Ask the finance team' }],
    ]);
    expect((res!.body as { assignment: { status: string } }).assignment.status).toBe('rejected');
  });

  it('refuses outcomes the service has no route for', async () => {
    const { a } = await oneRequest();
    const [res] = await f.adapter.pushDecisions([item(a, 'approve', {})]);
    expect(res!.status).toBe(422);
    expect(posts()).toHaveLength(0);
  });

  it('applies once when the answer was lost after the service applied it (re-read before resend)', async () => {
    // A naive service that would apply a second fulfil: only the adapter's re-read stands between.
    const { r, a } = await oneRequest({ strictStatus: false });
    f.server.interceptNext({ method: 'POST' }, 'apply-then-reset');
    const first = item(a, 'fulfill', { api_key: SECRET });
    const e = await f.adapter.pushDecisions([first]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).code).toBe('offline');
    expect(posts()).toHaveLength(1); // the client did not resend the reset write at once
    expect(f.server.applications()).toHaveLength(1);

    const [res] = await f.adapter.pushDecisions([{ ...first, attempts: 1 }]);
    expect(res).toMatchObject({ decisionId: first.body.decision_id, status: 200 });
    expect((res!.body as { assignment: { status: string } }).assignment.status).toBe('completed');
    expect(posts()).toHaveLength(1);
    expect(f.server.applications()).toHaveLength(1);
    expect(f.server.get(r.id).fulfilled_by).toBe(REVIEWER);
    expect(logText(f.log)).not.toContain(SECRET);
  });

  it('the naive fake does apply twice when sent twice (what the re-read prevents)', async () => {
    const { a } = await oneRequest({ strictStatus: false });
    await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(f.server.applications()).toHaveLength(2);
  });

  it('sends a retried decision whose first send never reached the service', async () => {
    const { a } = await oneRequest();
    f.server.interceptNext({ method: 'POST' }, 'drop');
    const d = item(a, 'fulfill', { api_key: SECRET });
    await expect(f.adapter.pushDecisions([d])).rejects.toBeInstanceOf(BackendError);
    expect(f.server.applications()).toHaveLength(0);
    const [res] = await f.adapter.pushDecisions([{ ...d, attempts: 1 }]);
    expect(res!.status).toBe(201);
    expect(f.server.applications()).toHaveLength(1);
  });

  it('a retry finding the request decided by someone else, or cancelled, is a 409 with the current assignment', async () => {
    f = await hitlFixture();
    const r1 = f.server.create();
    const r2 = f.server.create();
    const r3 = f.server.create();
    const { assignments } = await f.pullAll();
    const byRequest = new Map(assignments.map((x) => [x.metadata.request_id, x]));
    f.server.fulfillElsewhere(r1.id, 'someone-else');
    f.server.cancel(r2.id);
    f.server.rejectElsewhere(r3.id, REVIEWER, 'no');
    const results = await f.adapter.pushDecisions([
      item(byRequest.get(r1.id)!, 'fulfill', { answer: 'x' }, undefined, 2),
      item(byRequest.get(r2.id)!, 'fulfill', { answer: 'x' }, undefined, 1),
      // Our own reject, applied by an attempt whose answer was lost, asked again as a reject: applied.
      item(byRequest.get(r3.id)!, 'reject', {}, 'no', 1),
    ]);
    expect(results.map((x) => [x.status, (x.body as { code?: string }).code])).toEqual([
      [409, 'already_decided'],
      [409, 'cancelled'],
      [200, undefined],
    ]);
    expect((results[0]!.body as { assignment: { status: string } }).assignment.status).toBe('completed');
    expect((results[1]!.body as { assignment: { status: string } }).assignment.status).toBe('cancelled');
    expect(posts()).toHaveLength(0);
    expect(f.server.applications().filter((x) => x.by === REVIEWER && x.outcome === 'fulfill')).toHaveLength(0);
  });

  it('a first send refused as no longer pending is a 409 with the current assignment', async () => {
    const { r, a } = await oneRequest();
    f.server.fulfillElsewhere(r.id, 'someone-else');
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(res!.status).toBe(409);
    const body = res!.body as { code: string; assignment: unknown };
    expect(body.code).toBe('already_decided');
    expect(AssignmentSchema.parse(body.assignment)).toMatchObject({ id: a.id, status: 'completed' });
    expect(JSON.stringify(res)).not.toContain('elsewhere-api_key'); // the other side's response_data stays out too
  });

  it('a 409 from the service is read as a conflict too', async () => {
    const { r, a } = await oneRequest();
    f.server.cancel(r.id);
    f.server.interceptNext({ method: 'POST' }, { status: 409, body: { detail: 'Request already processed' } });
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(res).toMatchObject({ status: 409, body: { code: 'cancelled' } });
  });

  it('a 400 while the request still waits is a refusal of the values (422)', async () => {
    const { a } = await oneRequest();
    f.server.interceptNext({ method: 'POST' }, { status: 400, body: { detail: 'Key format not recognised' } });
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(res).toMatchObject({ status: 422, body: { detail: 'Key format not recognised', code: 'validation' } });
  });

  it("a 422 lists the fields, without the values the service echoed (FastAPI's input)", async () => {
    const { a } = await oneRequest({}, { api_key: 'The key', account: 'Account id' });
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(res!.status).toBe(422);
    expect(res!.body).toMatchObject({ code: 'validation', errors: { '/account': ['Field required'] } });
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(f.server.requests().some((x) => String(JSON.stringify(x.body)).includes(SECRET))).toBe(true); // it was sent
  });

  it('scrubs the values from any message the service repeats them in', async () => {
    const { a } = await oneRequest();
    f.server.interceptNext({ method: 'POST' }, { status: 422, body: { detail: `Invalid key ${SECRET} for this account` } });
    const [res] = await f.adapter.pushDecisions([item(a, 'fulfill', { api_key: SECRET })]);
    expect(res!.status).toBe(422);
    expect((res!.body as { detail: string }).detail).toBe('Invalid key [redacted] for this account');
  });

  it('maps 404, 403 and 5xx to per-decision answers and goes on with the next one', async () => {
    f = await hitlFixture();
    const reqs = [f.server.create(), f.server.create(), f.server.create(), f.server.create()];
    const { assignments } = await f.pullAll();
    const by = new Map(assignments.map((x) => [x.metadata.request_id, x]));
    f.server.interceptNext({ path: new RegExp(reqs[0]!.id) }, { status: 404, body: { detail: 'HITL request not found' } });
    f.server.interceptNext({ path: new RegExp(reqs[1]!.id) }, { status: 403, body: { detail: 'Not your team' } });
    f.server.interceptNext({ path: new RegExp(reqs[2]!.id) }, { status: 503, body: { detail: 'Try later' } });
    const results = await f.adapter.pushDecisions(reqs.map((r) => item(by.get(r.id)!, 'fulfill', { answer: 'x' })));
    expect(results.map((x) => x.status)).toEqual([404, 403, 503, 201]);
    expect(results[0]!.body).toMatchObject({ code: 'not_found' });
  });

  it('stops the run at a 429, a refused token or a lost network, keeping the answers so far', async () => {
    f = await hitlFixture();
    const reqs = [f.server.create(), f.server.create()];
    const { assignments } = await f.pullAll();
    const items = reqs.map((r) =>
      item(
        assignments.find((x) => x.metadata.request_id === r.id)!,
        'fulfill',
        { answer: 'x' },
      ),
    );

    f.server.interceptNext({ method: 'POST' }, { status: 429, body: { detail: 'Slow down' }, headers: { 'Retry-After': '7' } });
    const e = await f.adapter.pushDecisions(items).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });

    f.server.interceptNext({ method: 'POST', path: new RegExp(reqs[1]!.id) }, { status: 401, body: { detail: 'Token expired' } });
    const partial = await f.adapter.pushDecisions(items);
    expect(partial.map((x) => x.status)).toEqual([201]);

    f.server.interceptNext({ method: 'POST' }, { status: 401, body: { detail: 'Token expired' } });
    await expect(f.adapter.pushDecisions([items[1]!])).rejects.toMatchObject({ code: 'unauthorized', status: 401 });

    const down = f.newAdapter(undefined, async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    });
    await expect(down.pushDecisions([items[1]!])).rejects.toMatchObject({ code: 'offline', status: null });
    expect(f.server.applications()).toHaveLength(1);
  });

  it('never writes form values into log records', async () => {
    const { a } = await oneRequest({ strictStatus: false });
    f.server.interceptNext({ method: 'POST' }, 'apply-then-reset');
    const d = item(a, 'fulfill', { api_key: SECRET });
    await f.adapter.pushDecisions([d]).catch(() => {});
    await f.adapter.pushDecisions([{ ...d, attempts: 1 }]);
    f.server.interceptNext(
      { method: 'POST' },
      { status: 422, body: { detail: [{ loc: ['body', 'response_data', 'api_key'], msg: `bad ${SECRET}`, input: SECRET }] } },
    );
    const b = await oneMore();
    await f.adapter.pushDecisions([item(b, 'fulfill', { api_key: SECRET })]);
    expect(f.log.entries.length).toBeGreaterThan(0);
    expect(logText(f.log)).not.toContain(SECRET);
  });
});

async function oneMore() {
  f.server.create({ request_type: 'api_key', required_fields: { api_key: 'The key' } });
  const { assignments } = await f.pullAll();
  return assignments.find((x) => x.status === 'pending')!;
}
