/** GET /assignments/ (pagination, every filter and ordering) and GET /assignments/{id}/. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignmentSchema, type Assignment } from '../../src/shared/protocol';
import { addReviewer, createAssignments, createOne, start, type Api, type TestServer } from './helpers';

let t: TestServer;
let mine: Assignment[];
let other: { id: number; api: Api };
let othersAssignment: Assignment;

beforeAll(async () => {
  t = await start();
  other = await addReviewer(t, 'olga');
  // Twelve assignments with known fields, created one simulated minute apart.
  const specs = [
    {
      project: 1,
      status: 'pending',
      priority: 'low',
      title: 'Refund order 100',
      data: { note: 'blue teapot' },
      due_at: '2026-11-25T00:00:00Z',
    },
    {
      project: 1,
      status: 'in_progress',
      priority: 'critical',
      title: 'Refund order 101',
      data: { note: 'red kettle' },
      due_at: null,
    },
    {
      project: 2,
      status: 'pending',
      priority: 'high',
      title: 'Moderate post 7',
      data: { text: 'spam spam' },
      due_at: '2026-11-22T00:00:00Z',
    },
    {
      project: 2,
      status: 'completed',
      priority: 'medium',
      title: 'Moderate post 8',
      data: { text: 'hello' },
      due_at: '2026-11-23T00:00:00Z',
    },
    {
      project: 3,
      status: 'rejected',
      priority: 'low',
      title: 'Label snippet',
      data: { text: 'The Teapot was great' },
      due_at: null,
    },
    {
      project: 3,
      status: 'pending',
      priority: 'medium',
      title: 'Label snippet 2',
      data: { text: '100% off_sale' },
      due_at: '2026-11-21T12:00:00Z',
    },
  ];
  mine = [];
  for (let round = 0; round < 2; round++) {
    for (const spec of specs) {
      t.clock.advance(60_000);
      mine.push(await createOne(t, { ...spec, title: `${spec.title}${round ? ' (again)' : ''}` }));
    }
  }
  othersAssignment = await createOne(t, { assignee: other.id, title: 'Someone else’s work' });
});
afterAll(() => t.close());

const ids = (res: { body: { results: Assignment[] } }): number[] => res.body.results.map((a) => a.id);

describe('list', () => {
  it('returns the caller’s assignments as a DRF page of valid Assignments', async () => {
    const res = await t.reviewer.get('/assignments/?assignee=me');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(12);
    expect(res.body.next).toBeNull();
    expect(res.body.previous).toBeNull();
    for (const a of res.body.results) expect(AssignmentSchema.parse(a)).toEqual(a);
    expect(ids(res)).toEqual(mine.map((a) => a.id));
  });

  it('a reviewer never sees another reviewer’s assignments', async () => {
    const res = await t.reviewer.get('/assignments/');
    expect(ids(res)).not.toContain(othersAssignment.id);
    const theirs = await other.api.get('/assignments/?assignee=me');
    expect(ids(theirs)).toEqual([othersAssignment.id]);
  });

  it('the admin sees everything and can filter by assignee', async () => {
    const all = await t.admin.get('/assignments/');
    expect(all.body.count).toBe(13);
    const theirs = await t.admin.get(`/assignments/?assignee=${other.id}`);
    expect(ids(theirs)).toEqual([othersAssignment.id]);
  });

  it('pages with absolute next/previous URLs that can be followed', async () => {
    const first = await t.reviewer.get('/assignments/?page_size=5');
    expect(first.body.count).toBe(12);
    expect(first.body.results).toHaveLength(5);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toMatch(new RegExp(`^${t.server.baseUrl}/assignments/\\?`));
    const second = await t.reviewer.get(first.body.next);
    expect(second.body.results).toHaveLength(5);
    expect(second.body.previous).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/assignments\/\?/);
    const third = await t.reviewer.get(second.body.next);
    expect(third.body.results).toHaveLength(2);
    expect(third.body.next).toBeNull();
    const seen = [...ids(first), ...ids(second), ...ids(third)];
    expect(seen).toEqual(mine.map((a) => a.id));
    const back = await t.reviewer.get(third.body.previous);
    expect(ids(back)).toEqual(ids(second));
  });

  it('keeps the other query parameters in next links', async () => {
    const res = await t.reviewer.get('/assignments/?page_size=2&status=pending&ordering=-id');
    const next = new URL(res.body.next);
    expect(next.searchParams.get('status')).toBe('pending');
    expect(next.searchParams.get('ordering')).toBe('-id');
    expect(next.searchParams.get('page')).toBe('2');
  });

  it('404 for a page past the end, 400 for a bad page number', async () => {
    expect((await t.reviewer.get('/assignments/?page=99')).status).toBe(404);
    const bad = await t.reviewer.get('/assignments/?page=zero');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.page).toBeDefined();
  });

  it('caps page_size at 1000', async () => {
    const many = Array.from({ length: 1005 }, (_, i) => ({ title: `bulk ${i}`, project: 9 }));
    await createAssignments(t, many);
    const res = await t.reviewer.get('/assignments/?project=9&page_size=5000');
    expect(res.body.count).toBe(1005);
    expect(res.body.results).toHaveLength(1000);
    expect(new URL(res.body.next).searchParams.get('page')).toBe('2');
    const rest = await t.reviewer.get(res.body.next);
    expect(rest.body.results).toHaveLength(5);
  });
});

describe('filters', () => {
  const titles = (res: { body: { results: Assignment[] } }): string[] => res.body.results.map((a) => a.title);

  it('project', async () => {
    const res = await t.reviewer.get('/assignments/?project=2');
    expect(res.body.count).toBe(4);
    expect(res.body.results.every((a: Assignment) => a.project === 2)).toBe(true);
    const two = await t.reviewer.get('/assignments/?project=1,3');
    expect(two.body.count).toBe(8);
  });

  it('status, single and comma list', async () => {
    const pending = await t.reviewer.get('/assignments/?status=pending&project=1,2,3');
    expect(pending.body.count).toBe(6);
    const open = await t.reviewer.get('/assignments/?status=pending,in_progress&project=1,2,3');
    expect(open.body.count).toBe(8);
    expect(open.body.results.every((a: Assignment) => ['pending', 'in_progress'].includes(a.status))).toBe(true);
    const bad = await t.reviewer.get('/assignments/?status=done');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.status).toBeDefined();
  });

  it('priority', async () => {
    const res = await t.reviewer.get('/assignments/?priority=critical');
    expect(res.body.count).toBe(2);
    expect(res.body.results.every((a: Assignment) => a.priority === 'critical')).toBe(true);
    expect((await t.reviewer.get('/assignments/?priority=urgent')).status).toBe(400);
  });

  it('search matches title and data text, case-insensitively', async () => {
    const byTitle = await t.reviewer.get('/assignments/?search=moderate%20POST');
    expect(byTitle.body.count).toBe(4);
    const byData = await t.reviewer.get('/assignments/?search=teapot');
    expect(titles(byData).sort()).toEqual([
      'Label snippet',
      'Label snippet (again)',
      'Refund order 100',
      'Refund order 100 (again)',
    ]);
  });

  it('search treats % and _ literally', async () => {
    const res = await t.reviewer.get(`/assignments/?search=${encodeURIComponent('100% off_')}`);
    expect(titles(res).sort()).toEqual(['Label snippet 2', 'Label snippet 2 (again)']);
  });

  it('created_after and updated_after (inclusive)', async () => {
    const seventh = mine[6];
    if (!seventh) throw new Error('fixture');
    const created = await t.reviewer.get(`/assignments/?created_after=${encodeURIComponent(seventh.created_at)}&project=1,2,3`);
    expect(ids(created)).toEqual(mine.slice(6).map((a) => a.id));

    t.clock.advance(3_600_000);
    const touched = mine[0];
    if (!touched) throw new Error('fixture');
    const patched = await t.admin.patch(`/admin/assignments/${touched.id}/`, { title: 'Refund order 100 (edited)' });
    const updated = await t.reviewer.get(`/assignments/?updated_after=${encodeURIComponent(patched.body.updated_at)}`);
    expect(ids(updated)).toEqual([touched.id]);
    expect((await t.reviewer.get('/assignments/?updated_after=yesterday')).status).toBe(400);
  });
});

describe('ordering', () => {
  const order = async (ordering: string): Promise<Assignment[]> =>
    (await t.reviewer.get(`/assignments/?project=1,2,3&ordering=${ordering}`)).body.results;
  const rank = { low: 0, medium: 1, high: 2, critical: 3 };

  it('by priority rank, ascending and descending', async () => {
    const asc = (await order('priority')).map((a) => rank[a.priority]);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await order('-priority')).map((a) => a.priority);
    expect(desc.slice(0, 2)).toEqual(['critical', 'critical']);
    expect(desc.at(-1)).toBe('low');
  });

  it('by due_at with undated assignments last, either direction', async () => {
    for (const o of ['due_at', '-due_at']) {
      const dues = (await order(o)).map((a) => a.due_at);
      const dated = dues.filter((d): d is string => d !== null);
      expect(dues.slice(dated.length).every((d) => d === null)).toBe(true);
      const sorted = [...dated].sort();
      expect(dated).toEqual(o === 'due_at' ? sorted : sorted.reverse());
    }
  });

  it('by created_at, updated_at and id', async () => {
    const byCreated = (await order('-created_at')).map((a) => a.id);
    expect(byCreated).toEqual(mine.map((a) => a.id).reverse());
    const byUpdated = await order('-updated_at');
    expect(byUpdated[0]?.title).toBe('Refund order 100 (edited)');
    const byId = (await order('-id')).map((a) => a.id);
    expect(byId).toEqual([...byId].sort((a, b) => b - a));
  });

  it('by several fields', async () => {
    const res = await order('status,-priority');
    const keys = res.map((a) => `${a.status}/${3 - rank[a.priority]}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('400 for an unknown field', async () => {
    const res = await t.reviewer.get('/assignments/?ordering=secret');
    expect(res.status).toBe(400);
    expect(res.body.errors.ordering).toBeDefined();
  });
});

describe('get one', () => {
  it('returns the assignment', async () => {
    const a = mine[1];
    if (!a) throw new Error('fixture');
    const res = await t.reviewer.get(`/assignments/${a.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(a);
  });

  it('404 for a missing id, a non-numeric id, and another reviewer’s assignment', async () => {
    for (const path of ['/assignments/999999/', '/assignments/abc/', `/assignments/${othersAssignment.id}/`]) {
      const res = await t.reviewer.get(path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });
});
