/**
 * Pulling from Synapse, which has no changes feed: listings of
 * `sdk/assignments/` that follow `next`, incremental pulls by `updated_after`
 * with an overlap window, reconciliation by 410, and the mapping of records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendAdapter, ChangesPage } from '../../../../src/main/backend/adapter';
import { BackendError, type FetchFn } from '../../../../src/main/backend/http-client';
import { recordingLogger } from '../../../../src/main/log';
import { AssignmentSchema, ChangeSchema, type Assignment } from '../../../../src/shared/protocol';
import { startFakeSynapse, type FakeSynapse } from '../../../support/fake-synapse-server';
import { synapseAdapterFor } from '../../../support/drivers/synapse-driver';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');

function clock(start = T0) {
  let t = start;
  return { now: () => t, date: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** Every page until hasMore is false, with the cursor after it. */
async function pullAll(
  adapter: BackendAdapter,
  cursor: string | null,
  limit = 1000,
): Promise<{ pages: ChangesPage[]; cursor: string }> {
  const pages: ChangesPage[] = [];
  let c = cursor;
  for (let i = 0; i < 100; i++) {
    const page = await adapter.changes(c, limit);
    pages.push(page);
    c = page.cursor;
    if (!page.hasMore) return { pages, cursor: c };
  }
  throw new Error('the listing did not end');
}

const upserts = (pages: ChangesPage[]): Assignment[] =>
  pages
    .flatMap((p) => p.changes)
    .flatMap((c) => {
      const parsed = ChangeSchema.safeParse(c);
      return parsed.success && parsed.data.op === 'upsert' ? [parsed.data.assignment] : [];
    });

/** A fetch that keeps each listing's answer, so tests can check the adapter followed `next` as given. */
function recordingFetch(rewrite?: (body: Record<string, unknown>, url: string) => Record<string, unknown>) {
  const answers: { url: string; next: string | null }[] = [];
  const fetchFn: FetchFn = async (input, init) => {
    const res = await fetch(input, init);
    const url = String(input);
    if (!url.includes('/sdk/assignments/') || !res.ok) return res;
    let body = (await res.json()) as Record<string, unknown>;
    if (rewrite) body = rewrite(body, url);
    answers.push({ url, next: (body.next as string | null) ?? null });
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
  return { fetch: fetchFn, answers };
}

let fake: FakeSynapse;
let serverClock: ReturnType<typeof clock>;
beforeEach(async () => {
  serverClock = clock();
  fake = await startFakeSynapse({ now: serverClock.now });
});
afterEach(async () => {
  await fake.close();
});

describe('listing from scratch', () => {
  it('lists the reviewer’s open work, pending then in progress, always following the absolute next URL', async () => {
    const pending = fake.createAssignments(5, (i) => ({ data: { n: i } })).map((r) => r.id);
    const working = fake.createAssignments(2, () => ({ status: 'in_progress', data: {} })).map((r) => r.id);
    fake.createAssignment({ status: 'completed', data: {} });
    fake.createAssignment({ assignee: 999, data: {} });
    const rec = recordingFetch();
    const adapter = synapseAdapterFor(fake, { fetch: rec.fetch, config: { pageSize: 2, project: 1 } });

    const { pages } = await pullAll(adapter, null);
    expect(upserts(pages).map((a) => a.id)).toEqual([...pending, ...working]);
    expect(pages.at(-1)!.hasMore).toBe(false);

    const listings = fake.requests.filter((r) => r.path.startsWith('/sdk/assignments/'));
    const first = (status: string) => `/sdk/assignments/?project=1&assignee=${fake.reviewer.id}&page_size=2&status=${status}`;
    expect(listings.map((r) => r.path)).toEqual([
      first('pending'),
      `${first('pending')}&page=2`,
      `${first('pending')}&page=3`,
      first('in_progress'),
    ]);
    // Each later page was requested at exactly the URL the page before named.
    for (let i = 1; i < 3; i++) expect(rec.answers[i]!.url).toBe(rec.answers[i - 1]!.next);
  });

  it('a next URL on another origin (DRF behind a proxy) is followed on the account’s origin, token and all', async () => {
    fake.createAssignments(3, () => ({ data: {} }));
    const log = recordingLogger();
    const rec = recordingFetch((body) => ({
      ...body,
      next:
        typeof body.next === 'string' ? body.next.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'http://internal.invalid:8000') : null,
    }));
    const adapter = synapseAdapterFor(fake, { fetch: rec.fetch, log, config: { pageSize: 2 } });
    const { pages } = await pullAll(adapter, null);
    expect(upserts(pages)).toHaveLength(3);
    expect(rec.answers[1]!.url.startsWith(fake.baseUrl)).toBe(true);
    expect(log.entries.some((e) => e.msg.includes('another origin'))).toBe(true);
  });

  it('a deployment answering the same page as next does not loop', async () => {
    fake.createAssignments(1, () => ({ data: {} }));
    const rec = recordingFetch((body, url) => (url.includes('status=pending') ? { ...body, next: url } : body));
    const adapter = synapseAdapterFor(fake, { fetch: rec.fetch });
    await pullAll(adapter, null);
    expect(fake.requests.filter((r) => r.path.includes('status=pending'))).toHaveLength(1);
  });
});

describe('incremental pulls', () => {
  it('ask for what changed since the last change seen, minus the overlap window', async () => {
    const a = fake.createAssignment({ data: { v: 1 } }).id as number; // updated T0
    const b = fake.createAssignment({ data: { v: 1 } }).id as number; // updated T0 + 1 ms
    serverClock.advance(60_000);
    const adapter = synapseAdapterFor(fake, { config: { overlapSeconds: 120 } });
    let { cursor } = await pullAll(adapter, null);

    serverClock.advance(10 * 60_000);
    fake.editData(a, { v: 2 });
    const second = await pullAll(adapter, cursor);
    cursor = second.cursor;
    const since = fake.requests.at(-1)!.path;
    expect(since).toBe(
      `/sdk/assignments/?assignee=${fake.reviewer.id}&page_size=100&updated_after=${encodeURIComponent(new Date(T0 + 1 - 120_000).toISOString())}`,
    );
    // b lies in the overlap window: listed again, harmlessly.
    expect(upserts(second.pages).map((x) => [x.id, x.data])).toEqual([
      [a, { v: 2 }],
      [b, { v: 1 }],
    ]);

    serverClock.advance(60_000);
    const third = await pullAll(adapter, cursor);
    // The edit (and the second listing's start) at T0 + 11 min: that minus the overlap.
    expect(fake.requests.at(-1)!.path).toContain(
      `updated_after=${encodeURIComponent(new Date(T0 + 11 * 60_000 - 120_000).toISOString())}`,
    );
    expect(upserts(third.pages).map((x) => x.id)).toEqual([a]);
  });

  it('a change made while the listing paged past it is caught by the next pull, however late the later pages are', async () => {
    const [a, , c] = fake.createAssignments(3, (i) => ({ data: { v: i } })).map((r) => r.id as number);
    const adapter = synapseAdapterFor(fake, { config: { pageSize: 1, overlapSeconds: 120 } });
    let { cursor } = await pullAll(adapter, null);

    // An incremental listing, one record a page: a is read, then edited; c is edited much later, before its page.
    serverClock.advance(60 * 60_000);
    fake.touch(a!);
    fake.touch(fake.createAssignment({ data: {} }).id as number); // something new to list
    let page = await adapter.changes(cursor, 1);
    expect(upserts([page]).map((x) => x.id)).toEqual([a]);
    serverClock.advance(10 * 60_000);
    fake.editData(a!, { v: 'edited while paging' });
    serverClock.advance(20 * 60_000);
    fake.editData(c!, { v: 'edited later still' });
    while (page.hasMore) page = await adapter.changes(page.cursor, 1);
    cursor = page.cursor;

    const next = await pullAll(adapter, cursor, 1);
    expect(upserts(next.pages).find((x) => x.id === a)?.data).toEqual({ v: 'edited while paging' });
  });

  it('completed work shows as such; cancelled work and work given to someone else leave the queue', async () => {
    const [done, cancelled, kept] = fake.createAssignments(3, () => ({ data: {} })).map((r) => r.id as number);
    const adapter = synapseAdapterFor(fake);
    const { cursor } = await pullAll(adapter, null);
    fake.setStatus(done!, 'completed');
    fake.setStatus(cancelled!, 'canceled');
    fake.touch(kept!);
    // A deployment that ignores the assignee filter lists the others' assignments too.
    const other = fake.createAssignment({ assignee: 999, data: {} }).id as number;
    const { pages } = await pullAll(adapter, cursor);
    const changes = pages.flatMap((p) => p.changes);
    expect(changes).toContainEqual({ op: 'remove', id: cancelled, reason: 'cancelled' });
    expect(upserts(pages).find((x) => x.id === done)?.status).toBe('completed');
    expect(changes.some((x) => (x as { id?: number }).id === other)).toBe(false);

    const ignoring: FetchFn = (input, init) => fetch(String(input).replace(/assignee=\d+&?/, ''), init);
    const loose = synapseAdapterFor(fake, { fetch: ignoring });
    const all = (await pullAll(loose, null)).pages.flatMap((p) => p.changes);
    expect(all).toContainEqual({ op: 'remove', id: other, reason: 'reassigned' });
  });
});

describe('reconciliation', () => {
  it('answers 410 once reconcileMinutes have passed since the last listing from scratch, so the engine lists everything again', async () => {
    fake.createAssignment({ data: {} });
    const client = clock();
    const adapter = synapseAdapterFor(fake, { now: client.date, config: { reconcileMinutes: 30 } });
    const { cursor } = await pullAll(adapter, null);
    client.advance(29 * 60_000);
    const { cursor: later } = await pullAll(adapter, cursor); // incremental, no 410
    client.advance(60_000);
    const e = await adapter.changes(later, 1000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect([(e as BackendError).status, (e as BackendError).code]).toEqual([410, 'not_found']);
    // From scratch resets the reconciliation clock.
    const { cursor: fresh } = await pullAll(adapter, null);
    client.advance(60_000);
    await expect(adapter.changes(fresh, 1000)).resolves.toBeTruthy();
  });

  it('a cursor it did not write (another backend’s, a damaged one) is answered with 410', async () => {
    const adapter = synapseAdapterFor(fake);
    for (const bad of ['abc', 'syn1.!!!', `syn1.${Buffer.from('{"m":"idle"}').toString('base64url')}`]) {
      const e = await adapter.changes(bad, 10).catch((x: unknown) => x);
      expect((e as BackendError).status).toBe(410);
    }
  });
});

describe('mapping', () => {
  it('maps a Synapse record onto the app’s Assignment', async () => {
    const raw = fake.createAssignment({
      priority: 3,
      data: { text: 'Is this summary right?', score: 4, ok: true, tags: ['x'] },
      files: {
        image: { url: 'https://cdn.example/a.png?X-Amz-Signature=abc', mime_type: 'image/png', size: 10 },
        doc: '/media/d.pdf',
      },
      tags: [3, { id: 4 } as unknown as number],
      metadata: { confidence: 0.5 },
      due_at: '2026-11-22T12:00:00+09:00',
    });
    const adapter = synapseAdapterFor(fake);
    const [a] = upserts((await pullAll(adapter, null)).pages);
    const updated = Date.parse(raw.updated_at as string);
    expect(a).toEqual({
      id: raw.id,
      project: 1,
      status: 'pending',
      assignee: fake.reviewer.id,
      priority: 'high',
      kind: 'annotation',
      title: `Task ${raw.task}`,
      data: { text: 'Is this summary right?', score: 4, ok: true, tags: ['x'] },
      files: {
        image: { url: 'https://cdn.example/a.png?X-Amz-Signature=abc', mime: 'image/png', size: 10 },
        doc: { url: `${new URL(fake.baseUrl).origin}/media/d.pdf` },
      },
      form: { id: 'synapse-auto-1', version: expect.any(Number) },
      tags: [3, 4],
      metadata: { confidence: 0.5, synapse_task: raw.task },
      due_at: '2026-11-22T03:00:00.000Z',
      created_at: new Date(Date.parse(raw.created_at as string)).toISOString(),
      updated_at: new Date(updated).toISOString(),
      version: updated,
    });
    expect(raw.updated_at).toMatch(/\.\d{6}\+09:00$/);
    expect(AssignmentSchema.safeParse(a).success).toBe(true);
    expect(await adapter.assignment(raw.id as number)).toEqual(a);
  });

  it('versions grow with updated_at, so a later state always wins', async () => {
    const id = fake.createAssignment({ data: { v: 1 } }).id as number;
    const adapter = synapseAdapterFor(fake);
    const before = await adapter.assignment(id);
    serverClock.advance(1);
    fake.editData(id, { v: 2 });
    const after = await adapter.assignment(id);
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('skips records it cannot read, says why, and keeps the rest of the page', async () => {
    fake.createAssignment({ data: {} });
    fake.injectRaw({ id: 900, project: 1, status: 'pending', assignee: fake.reviewer.id, updated_at: 'yesterday' });
    fake.injectRaw({ id: 901, project: 1, status: 'exploded', assignee: fake.reviewer.id, updated_at: '2026-11-21T10:00:00Z' });
    fake.injectRaw({ id: 902, project: 'one', status: 'pending', updated_at: '2026-11-21T10:00:00Z' });
    const log = recordingLogger();
    const adapter = synapseAdapterFor(fake, { log });
    const { pages } = await pullAll(adapter, null);
    const changes = pages.flatMap((p) => p.changes);
    expect(upserts(pages)).toHaveLength(1);
    // The others reach the engine as changes it refuses (and counts as skipped).
    expect(changes.filter((c) => !ChangeSchema.safeParse(c).success)).toHaveLength(6); // listed once per status phase
    const problems = log.entries.filter((e) => e.msg.includes('cannot be read')).map((e) => [e.extra?.id, e.extra?.problem]);
    expect(problems).toContainEqual([900, 'updated_at: not a time ("yesterday")']);
    expect(problems).toContainEqual([901, 'status: unknown status "exploded"']);
    expect(problems.some(([id, p]) => id === 902 && String(p).startsWith('project'))).toBe(true);
  });
});
