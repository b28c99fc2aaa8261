/** Tags a reviewer can put on assignments. */
import type Database from 'better-sqlite3';
import type { Tag } from '../../shared/protocol';

export function createTagsRepo(db: Database.Database) {
  const listStmt = db.prepare<[], Tag>('SELECT id, name, color FROM tags ORDER BY id');
  const insertStmt = db.prepare('INSERT INTO tags (name, color) VALUES (?, ?)');
  return {
    list: (): Tag[] => listStmt.all(),
    insert(name: string, color: string | null): Tag {
      const info = insertStmt.run(name, color);
      return { id: Number(info.lastInsertRowid), name, color };
    },
    /** The ids among `ids` that name no tag. */
    unknown(ids: readonly number[]): number[] {
      const known = new Set(listStmt.all().map((t) => t.id));
      return ids.filter((id) => !known.has(id));
    },
  };
}
export type TagsRepo = ReturnType<typeof createTagsRepo>;
