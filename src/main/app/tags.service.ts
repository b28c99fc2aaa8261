/**
 * The server's tags (GET /tags/), kept in the cache's sync_state table so the
 * reviewer can tag offline from the last list known. Asked again at most
 * every few minutes unless the caller wants it fresh; every record is
 * validated, and one that fails is logged and skipped.
 */
import type { TagList } from '../../shared/contract';
import { TagSchema, type Tag } from '../../shared/protocol';
import type { Db } from '../db/connection';
import type { Logger } from '../log';
import type { ActiveSession } from './session';

const KEY = 'tags';
const FRESH_MS = 10 * 60_000;

interface StoredTags {
  tags: Tag[];
  fetchedAt: string;
}

/** Read and write one sync_state row; kept here because only tags use it. */
function tagsRow(db: Db) {
  return {
    get(): StoredTags | null {
      const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(KEY) as { value: string | null } | undefined;
      if (!row?.value) return null;
      try {
        return JSON.parse(row.value) as StoredTags;
      } catch {
        return null;
      }
    },
    set(v: StoredTags): void {
      db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        KEY,
        JSON.stringify(v),
      );
    },
  };
}

/** Tag ids from the last list known, or null when none was ever fetched. */
export function knownTagIds(s: ActiveSession): Set<number> | null {
  const stored = tagsRow(s.cache.db).get();
  return stored ? new Set(stored.tags.map((t) => t.id)) : null;
}

export async function listTags(s: ActiveSession, refresh: boolean, now: () => Date, log: Logger): Promise<TagList> {
  const row = tagsRow(s.cache.db);
  const stored = row.get();
  const age = stored ? now().getTime() - Date.parse(stored.fetchedAt) : Infinity;
  if (stored && !refresh && age >= 0 && age < FRESH_MS) return { ...stored, stale: false };
  const fallback = (): TagList => (stored ? { ...stored, stale: true } : { tags: [], fetchedAt: null, stale: true });
  if (!s.engine.mayRequest()) return fallback();
  let raw: unknown[];
  try {
    raw = await s.backend.tags();
  } catch (e) {
    log.warn('could not fetch the tags; using the last list known', { error: (e as Error).message });
    return fallback();
  }
  const tags: Tag[] = [];
  for (const r of raw) {
    const parsed = TagSchema.safeParse(r);
    if (parsed.success) tags.push(parsed.data);
    else log.warn('skipped a malformed tag from the server', { problem: parsed.error.issues[0]?.message });
  }
  const fresh = { tags, fetchedAt: now().toISOString() };
  row.set(fresh);
  return { ...fresh, stale: false };
}
