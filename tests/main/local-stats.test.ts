/**
 * "Done today / this week" from the reviewer's decisions in the local cache,
 * by the reviewer's local clock: days begin at local midnight, weeks on Monday.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveSession } from '../../src/main/app/session';
import { localStats, startOfLocalDay, startOfLocalWeek } from '../../src/main/app/stats.service';
import { openDatabase } from '../../src/main/db/connection';
import { createCache, type Cache } from '../../src/main/sync/cache';
import type { DecisionBody } from '../../src/shared/protocol';

let cache: Cache;
afterEach(() => cache?.db.close());

/** Local wall-clock times (whatever the machine's zone), as the reviewer lives them. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

let n = 0;
function decide(at: Date, settle?: 'sent' | 'conflict'): string {
  const id = `d-${++n}`;
  const body: DecisionBody = {
    decision_id: id,
    outcome: 'approve',
    values: {},
    form: { id: 'f', version: 1 },
    base_version: 1,
    client_submitted_at: at.toISOString(),
  };
  cache.decisions.record(body, n, at.toISOString());
  if (settle) cache.decisions.settle(id, settle, at.toISOString(), null, null);
  return id;
}

describe('local statistics', () => {
  it('starts the week on Monday at local midnight, Sunday included in the week before', () => {
    // 2026-11-23 is a Monday.
    expect(startOfLocalWeek(local(2026, 11, 23, 0, 0))).toEqual(local(2026, 11, 23));
    expect(startOfLocalWeek(local(2026, 11, 25, 15, 30))).toEqual(local(2026, 11, 23));
    expect(startOfLocalWeek(local(2026, 11, 29, 23, 59))).toEqual(local(2026, 11, 23));
    expect(startOfLocalWeek(local(2026, 11, 30, 0, 1))).toEqual(local(2026, 11, 30));
    // Across a month and a year.
    expect(startOfLocalWeek(local(2027, 1, 2, 12))).toEqual(local(2026, 12, 28));
    expect(startOfLocalDay(local(2026, 11, 25, 15, 30))).toEqual(local(2026, 11, 25));
  });

  it('counts decisions done today and this week, not refused or undone ones', () => {
    cache = createCache(openDatabase(':memory:'));
    const s = { cache } as unknown as ActiveSession;
    decide(local(2026, 11, 22, 23, 59)); // Sunday: last week
    decide(local(2026, 11, 23, 0, 0), 'sent'); // Monday midnight: this week
    decide(local(2026, 11, 24, 9)); // Tuesday
    decide(local(2026, 11, 25, 8), 'sent'); // Wednesday, today
    decide(local(2026, 11, 25, 9)); // today, still unsent
    decide(local(2026, 11, 25, 10), 'conflict'); // refused: not done
    const undone = decide(local(2026, 11, 25, 11));
    cache.decisions.withdraw(undone); // taken back: gone
    const replaced = decide(local(2026, 11, 24, 12), 'conflict');
    cache.decisions.resolve(replaced, 'superseded', local(2026, 11, 25, 12).toISOString());
    decide(local(2026, 11, 25, 12)); // its replacement

    const stats = localStats(s, local(2026, 11, 25, 18));
    expect(stats).toEqual({ today: 3, week: 5, weekStart: local(2026, 11, 23).toISOString() });
    // On Monday morning of the next week, last week's work no longer counts.
    expect(localStats(s, local(2026, 11, 30, 7))).toMatchObject({ today: 0, week: 0 });
  });
});
