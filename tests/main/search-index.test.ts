import { describe, expect, it } from 'vitest';
import { NEW_ROW_SQL, newRowWritesOf } from '../../src/main/db/assignments.repo';
import { openDatabase } from '../../src/main/db/connection';
import { createCache } from '../../src/main/sync/cache';
import { makeAssignment } from '../support/assignment-factory';

const NOW = Date.UTC(2026, 10, 21, 12);

function setup(n = 30) {
  const cache = createCache(openDatabase(':memory:'));
  const all = Array.from({ length: n }, (_, i) => makeAssignment(i, NOW));
  cache.db.transaction(() => all.forEach((a) => cache.assignments.upsert(a)))();
  const hits = (search: string) =>
    cache.assignments
      .list({ search, limit: 1000, offset: 0 })
      .items.map((i) => i.id)
      .sort((a, b) => a - b);
  /** What the index itself answers, with no join against the cached rows to hide stale words. */
  const raw = (word: string) =>
    (
      cache.db.prepare('SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH ?').pluck().all(`"${word}"`) as number[]
    ).sort((a, b) => a - b);
  return { cache, all, hits, raw };
}

describe('the full-text index', () => {
  it('takes a removed assignment’s words out of the index itself', () => {
    const { cache, all, raw } = setup();
    const a = all[3]!;
    cache.assignments.upsert({ ...a, title: 'Okapi sighting', version: 2 });
    expect(raw('okapi')).toEqual([a.id]);
    cache.db.transaction(() => cache.assignments.remove(a.id))();
    expect(raw('okapi')).toEqual([]);
  });

  it('replaces a row’s words when its body is the server’s own JSON (a first sync’s rows)', () => {
    const { cache, raw } = setup(0);
    const a = { ...makeAssignment(40, NOW), title: 'Narwhal report', data: { note: 'tusk', extra: [1, 'fjord'] } };
    // As a first sync stores it: the server's bytes, with a key the app does not know.
    const json = JSON.stringify({ ...a, unknown_key: 'ignored' });
    const prepared = NEW_ROW_SQL.map((s) => cache.db.prepare(s));
    cache.db.transaction(() => {
      for (const w of newRowWritesOf(a, json)) prepared[w[0]]!.run(...w.slice(1));
    })();
    expect(cache.assignments.get(a.id)!.assignment).toEqual(a); // read back in the app's shape
    expect(raw('fjord')).toEqual([a.id]);
    cache.assignments.upsert({ ...a, data: { note: 'walrus' }, version: 2 });
    expect(raw('fjord')).toEqual([]);
    expect(raw('tusk')).toEqual([]);
    expect(raw('walrus')).toEqual([a.id]);
  });

  it('builds the whole index again when a row’s indexed words cannot be told from its body', () => {
    const { cache, all, hits, raw } = setup();
    const a = all[5]!;
    cache.assignments.upsert({ ...a, title: 'Quokka census', version: 2 });
    // The stored body no longer gives the words that were indexed (damage, or an older app's text rules).
    cache.db.prepare('UPDATE assignment_bodies SET json = ? WHERE id = ?').run('{"data":"something else"}', a.id);
    cache.assignments.upsert({ ...a, title: 'Wombat census', version: 3 });
    expect(raw('quokka')).toEqual([]);
    expect(hits('wombat')).toEqual([a.id]);
    // Every other row is still found by its words.
    for (const b of all.filter((x) => x.id !== a.id)) expect(hits(b.title)).toContain(b.id);
  });
});
