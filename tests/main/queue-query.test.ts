import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection';
import { createCache, type Cache } from '../../src/main/sync/cache';
import type { QueueQuery } from '../../src/shared/contract';
import { makeAssignment } from '../support/assignment-factory';

const NOW = new Date(Date.UTC(2026, 10, 21, 12));
let cache: Cache;
const all = Array.from({ length: 400 }, (_, i) => makeAssignment(i, NOW.getTime()));

beforeAll(() => {
  cache = createCache(openDatabase(':memory:'));
  cache.db.transaction(() => all.forEach((a) => cache.assignments.upsert(a)))();
  cache.assignments.setLocalState(5, 'unsent');
  cache.assignments.setLocalState(6, 'conflict');
  cache.db.exec('ANALYZE');
});

const list = (q: QueueQuery) => cache.assignments.list({ limit: 1000, offset: 0, ...q }, NOW);

describe('queue filters', () => {
  it('filters by each dimension and ANDs them', () => {
    expect(list({ statuses: ['pending'] }).total).toBe(all.filter((a) => a.status === 'pending').length);
    expect(list({ priorities: ['high', 'critical'] }).total).toBe(
      all.filter((a) => ['high', 'critical'].includes(a.priority)).length,
    );
    expect(list({ projects: [2] }).total).toBe(all.filter((a) => a.project === 2).length);
    expect(list({ kinds: ['api_key'] }).total).toBe(all.filter((a) => a.kind === 'api_key').length);
    expect(list({ tags: [1] }).total).toBe(all.filter((a) => a.tags.includes(1)).length);
    expect(
      list({ local: ['unsent', 'conflict'] })
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([5, 6]);
    const both = list({ statuses: ['pending'], projects: [2] });
    expect(both.total).toBe(all.filter((a) => a.status === 'pending' && a.project === 2).length);
    expect(both.items.every((i) => i.status === 'pending' && i.project === 2)).toBe(true);
  });

  it('knows overdue, due today and undated', () => {
    const overdue = list({ due: ['overdue'] });
    expect(overdue.total).toBe(all.filter((a) => a.due_at !== null && a.due_at < NOW.toISOString()).length);
    expect(overdue.items.every((i) => i.dueAt !== null && i.dueAt < NOW.toISOString())).toBe(true);
    expect(list({ due: ['none'] }).items.every((i) => i.dueAt === null)).toBe(true);
    const today = list({ due: ['today'] });
    expect(today.items.every((i) => i.dueAt !== null && i.dueAt >= NOW.toISOString())).toBe(true);
    expect(list({ due: ['overdue', 'none'] }).total).toBe(overdue.total + list({ due: ['none'] }).total);
  });

  it('searches titles and data by word prefixes, ignoring FTS syntax', () => {
    const r = list({ search: 'invoic 1007' });
    expect(r.items.map((i) => i.id)).toEqual([8]);
    expect(list({ search: '"unbalanced AND (' }).total).toBe(0);
    expect(list({ search: 'refund' }).total).toBe(all.filter((a) => a.title.includes('refund')).length);
  });

  it('orders by priority then due date with undated last, and by due, age and update', () => {
    const byPriority = list({ ordering: 'priority' }).items;
    const ranks = byPriority.map((i) => ['critical', 'high', 'medium', 'low'].indexOf(i.priority));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const critical = byPriority.filter((i) => i.priority === 'critical');
    const firstUndated = critical.findIndex((i) => i.dueAt === null);
    expect(firstUndated).toBeGreaterThan(0);
    expect(critical.slice(firstUndated).every((i) => i.dueAt === null)).toBe(true);
    const due = list({ ordering: 'due' }).items.map((i) => i.dueAt ?? '9999');
    expect(due).toEqual([...due].sort());
    const age = list({ ordering: 'age' }).items.map((i) => i.id);
    expect(age[0]).toBe(400); // created longest ago
    const updated = list({ ordering: 'updated' }).items.map((i) => i.id);
    expect(updated[0]).toBe(1);
  });

  it('pages with limit and offset without losing or repeating rows', () => {
    const seen = new Set<number>();
    for (let off = 0; off < 400; off += 150)
      for (const i of cache.assignments.list({ limit: 150, offset: off }, NOW).items) seen.add(i.id);
    expect(seen.size).toBe(400);
  });

  it('counts facets with every filter but their own', () => {
    const r = list({ statuses: ['pending'], priorities: ['high'], facets: true });
    const f = r.facets!;
    // The status facet ignores the status filter but honours the priority filter.
    expect(f.status.completed ?? 0).toBe(all.filter((a) => a.status === 'completed' && a.priority === 'high').length);
    expect(f.priority.low ?? 0).toBe(all.filter((a) => a.priority === 'low' && a.status === 'pending').length);
    expect(f.tag['2'] ?? 0).toBe(all.filter((a) => a.tags.includes(2) && a.status === 'pending' && a.priority === 'high').length);
    const undated = all.filter((a) => a.due_at === null && a.status === 'pending' && a.priority === 'high').length;
    expect(f.due.none).toBe(undated);
    expect(r.countsByStatus).toEqual(f.status);
    expect(list({ facets: true }).facets!.local).toEqual({ unsent: 1, conflict: 1 });
  });

  it('re-indexes words only when they change, and search follows every change', () => {
    const a = all[20]!;
    cache.assignments.upsert({ ...a, status: 'completed', version: 2 }); // same words: no re-index needed
    expect(list({ search: 'invoice 1020' }).items.map((i) => i.id)).toEqual([a.id]);
    cache.assignments.upsert({ ...a, title: 'Zebra crossing', data: { text: 'quagga' }, version: 3 });
    expect(list({ search: 'zebra' }).items.map((i) => i.id)).toEqual([a.id]);
    expect(list({ search: 'quagga' }).items.map((i) => i.id)).toEqual([a.id]);
    expect(list({ search: 'invoice 1020' }).total).toBe(0);
    cache.assignments.upsert(a);
    expect(list({ search: 'zebra' }).total).toBe(0);
  });

  it('keeps the counts per status with every write, and counts a search per status', () => {
    const byGroup = () =>
      Object.fromEntries(
        (
          cache.db.prepare('SELECT status, count(*) AS n FROM assignments GROUP BY status').all() as {
            status: string;
            n: number;
          }[]
        ).map((r) => [r.status, r.n]),
      );
    const a = all[30]!;
    expect(cache.assignments.countsByStatus()).toEqual(byGroup());
    cache.assignments.upsert({ ...a, status: 'cancelled', version: 5 });
    expect(cache.assignments.countsByStatus()).toEqual(byGroup());
    expect(cache.assignments.countsByStatus().cancelled).toBe(1);
    cache.assignments.remove(a.id);
    expect(cache.assignments.countsByStatus()).toEqual(byGroup());
    cache.assignments.upsert(a);
    expect(cache.assignments.countsByStatus()).toEqual(byGroup());
    // A write rolled back leaves neither the counts nor a search's counts behind.
    expect(() =>
      cache.db.transaction(() => {
        cache.assignments.upsert({ ...a, status: 'cancelled', version: 6 });
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(cache.assignments.countsByStatus()).toEqual(byGroup());
    const refunds = all.filter((x) => x.title.includes('refund'));
    const expected: Record<string, number> = {};
    for (const x of refunds) expected[x.status] = (expected[x.status] ?? 0) + 1;
    expect(cache.assignments.countsByStatus('refund')).toEqual(expected);
    expect(list({ search: 'refund', statuses: ['pending', 'rejected'] }).total).toBe(
      refunds.filter((x) => x.status === 'pending' || x.status === 'rejected').length,
    );
  });

  it('pages a search along the ordering (a short page) or from its hits (a long one) with the same answers', () => {
    for (const ordering of ['priority', 'due', 'age', 'updated'] as const) {
      const short = list({ search: 'refund', ordering, limit: 20, offset: 10 }); // 200 hits of 400: walked
      const long = list({ search: 'refund', ordering, limit: 1000 }); // looked up and sorted
      expect(short.total).toBe(all.filter((x) => x.title.includes('refund')).length);
      expect(long.total).toBe(short.total);
      expect(short.items).toEqual(long.items.slice(10, 30));
    }
  });

  it('keeps tags searchable after an update replaces them', () => {
    const a = all[10]!;
    cache.assignments.upsert({ ...a, tags: [9] });
    expect(list({ tags: [9] }).items.map((i) => i.id)).toEqual([a.id]);
    cache.assignments.upsert(a);
    expect(list({ tags: [9] }).total).toBe(0);
  });
});

describe('query plans', () => {
  const plan = (q: QueueQuery) => cache.assignments.explain({ limit: 200, offset: 0, ...q }, NOW).join(' | ');
  const usesIndex = (p: string) => !/\bSCAN a\b(?! USING)/.test(p) && /INDEX|PRIMARY KEY/.test(p);

  it.each([['priority'], ['due'], ['age'], ['updated']] as const)(
    'ordering by %s walks an index, with no sort step',
    (ordering) => {
      const p = plan({ ordering });
      expect(p).toMatch(/USING (COVERING )?INDEX/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    },
  );

  it.each<[string, QueueQuery]>([
    ['status', { statuses: ['pending'] }],
    ['priority', { priorities: ['high'] }],
    ['project', { projects: [1] }],
    ['kind', { kinds: ['approval'] }],
    ['tag', { tags: [2] }],
    ['due', { due: ['overdue'] }],
    ['local state', { local: ['unsent'] }],
    ['search', { search: 'refund' }],
  ])('the %s filter never scans the table without an index', (_name, q) => {
    expect(usesIndex(plan(q))).toBe(true);
  });
});
