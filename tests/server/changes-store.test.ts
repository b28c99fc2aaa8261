import { describe, expect, it } from 'vitest';
import { createChangesStore } from '../../src/server/store/changes.store';
import { openDatabase } from '../../src/server/store/open';

function setUp() {
  const db = openDatabase(':memory:');
  const insert = db.prepare(`INSERT INTO assignments
    (id, project, status, assignee, priority_rank, kind, title, due_at, created_at, updated_at, version, content_version, doc)
    VALUES (?, 1, 'pending', 7, 1, 'annotation', 't', NULL, 'c', 'u', 1, 1, ?)`);
  const changes = createChangesStore(db);
  const upsert = (id: number, doc: object = { id, title: `“${id}” → \\ "q"` }) => {
    insert.run(id, JSON.stringify(doc));
    changes.record(7, id, 'upsert', null);
  };
  return { db, changes, upsert };
}

const parse = (b: Buffer) => JSON.parse(b.toString('utf8')) as unknown[];

describe('the change log’s pages', () => {
  it('hands out a viewer’s changes in order, a page at a time, with the docs as stored', () => {
    const { changes, upsert } = setUp();
    for (const id of [5, 3, 9, 1]) upsert(id);
    changes.record(8, 3, 'upsert', null); // someone else's
    changes.record(7, 4, 'remove', 'reassigned');
    const first = changes.page(7, 0, 3);
    expect(parse(first.changes)).toEqual(
      [5, 3, 9].map((id) => ({ op: 'upsert', assignment: { id, title: `“${id}” → \\ "q"` } })),
    );
    expect(first.hasMore).toBe(true);
    const second = changes.page(7, first.lastSeq, 3);
    expect(parse(second.changes)).toEqual([
      { op: 'upsert', assignment: { id: 1, title: '“1” → \\ "q"' } },
      { op: 'remove', id: 4, reason: 'reassigned' },
    ]);
    expect(second.hasMore).toBe(false);
    expect(second.lastSeq).toBe(changes.lastSeq());
  });

  it('says there is no more when exactly a page is left, and answers an empty page after the end', () => {
    const { changes, upsert } = setUp();
    for (const id of [1, 2]) upsert(id);
    const page = changes.page(7, 0, 2);
    expect(parse(page.changes)).toHaveLength(2);
    expect(page.hasMore).toBe(false);
    expect(changes.page(7, page.lastSeq, 2)).toEqual({ changes: Buffer.from('[]'), lastSeq: page.lastSeq, hasMore: false });
  });

  it('reads an upsert whose assignment is gone as its removal', () => {
    const { db, changes, upsert } = setUp();
    upsert(1);
    upsert(2);
    db.prepare('DELETE FROM assignments WHERE id = 1').run();
    expect(parse(changes.page(7, 0, 10).changes)).toEqual([
      { op: 'remove', id: 1, reason: 'deleted' },
      { op: 'upsert', assignment: { id: 2, title: '“2” → \\ "q"' } },
    ]);
  });
});
