/**
 * Counts per filter value (`queue:facets`) are counted once per query and
 * kept until the cache changes, a minute passes, or another account signs in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createQueueFacets, facetsKey } from '../../src/main/app/queue-facets.service';
import type { ActiveSession } from '../../src/main/app/session';
import { openDatabase } from '../../src/main/db/connection';
import { createCache, type Cache } from '../../src/main/sync/cache';
import { makeAssignment } from '../support/assignment-factory';

const caches: Cache[] = [];
afterEach(() => {
  for (const c of caches.splice(0)) c.db.close();
});

function sessionWith(count: number): { session: ActiveSession; counted: () => number } {
  const cache = createCache(openDatabase(':memory:'));
  caches.push(cache);
  cache.db.transaction(() => {
    for (let i = 1; i <= count; i++) cache.assignments.upsert(makeAssignment(i));
  })();
  let counted = 0;
  const list = cache.assignments.list;
  cache.assignments.list = (q, now) => {
    if (q.facets) counted++;
    return list(q, now);
  };
  return { session: { cache } as unknown as ActiveSession, counted: () => counted };
}

describe('queue facets', () => {
  it('counts once per query and cache version, and again once the cache changed', () => {
    let t = Date.parse('2026-11-21T10:00:00.000Z');
    let version = 0;
    const facets = createQueueFacets({ now: () => new Date(t), dataVersion: () => version });
    const { session, counted } = sessionWith(12);
    const first = facets.get(session, { statuses: ['pending', 'in_progress'] });
    const total = Object.values(first.status).reduce((a, b) => a + (b ?? 0), 0);
    expect(total).toBe(12);
    expect(facets.get(session, { statuses: ['in_progress', 'pending'], ordering: 'due' })).toBe(first);
    expect(counted()).toBe(1);
    version++;
    facets.get(session, { statuses: ['pending', 'in_progress'] });
    expect(counted()).toBe(2);
    // Due counts move with the clock: a minute later they are counted again.
    t += 30_000;
    facets.get(session, { statuses: ['pending', 'in_progress'] });
    expect(counted()).toBe(2);
    t += 31_000;
    facets.get(session, { statuses: ['pending', 'in_progress'] });
    expect(counted()).toBe(3);
  });

  it('keeps counts per query, forgets the least used beyond its room, and forgets everything for another cache', () => {
    const facets = createQueueFacets({ now: () => new Date(), dataVersion: () => 0 });
    const a = sessionWith(3);
    for (let p = 0; p < 20; p++) facets.get(a.session, { projects: [p] });
    expect(a.counted()).toBe(20);
    facets.get(a.session, { projects: [19] });
    expect(a.counted()).toBe(20);
    facets.get(a.session, { projects: [0] });
    expect(a.counted()).toBe(21);
    const b = sessionWith(3);
    facets.get(b.session, { projects: [19] });
    expect(b.counted()).toBe(1);
  });

  it('makes one key of equal filters, whatever the order of values or the ordering', () => {
    expect(facetsKey({ tags: [5, 2], search: ' refund ', ordering: 'age' })).toBe(facetsKey({ search: 'refund', tags: [2, 5] }));
    expect(facetsKey({ tags: [] })).toBe(facetsKey({}));
    expect(facetsKey({ kinds: ['a'] })).not.toBe(facetsKey({ projects: [1] }));
  });
});
