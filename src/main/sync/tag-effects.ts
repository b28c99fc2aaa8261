/**
 * Tag changes show in the cache the moment the reviewer makes them, long
 * before the server hears of them. A pull may bring an assignment's server
 * state back over such a change while it still waits in the outbox, so the
 * waiting changes are laid over again after every pull; a change the server
 * refuses is undone exactly, leaving tags that other changes touched alone.
 */
import type { TagChange } from '../../shared/contract';
import type { TagsBody } from '../db/decisions.repo';
import type { Cache } from './cache';

function changed(a: readonly number[], b: readonly number[]): boolean {
  return a.length !== b.length || a.some((t, i) => t !== b[i]);
}

function writeTags(cache: Cache, id: number, next: Set<number>): void {
  const cached = cache.assignments.get(id);
  if (!cached) return;
  const sorted = [...next].sort((x, y) => x - y);
  if (changed(cached.assignment.tags, sorted)) cache.assignments.upsert({ ...cached.assignment, tags: sorted });
}

/** Applies a change to the cached assignments; returns each one's tags from before. The caller owns the transaction. */
export function applyTagChange(cache: Cache, change: TagChange): Record<string, number[]> {
  const before: Record<string, number[]> = {};
  for (const id of new Set(change.ids)) {
    const cached = cache.assignments.get(id);
    if (!cached) continue;
    before[String(id)] = cached.assignment.tags;
    const tags = new Set(cached.assignment.tags);
    for (const t of change.tags) {
      if (change.action === 'add') tags.add(t);
      else tags.delete(t);
    }
    writeTags(cache, id, tags);
  }
  return before;
}

/** Takes back what a refused change did: only the tags it added or removed, as they were before it. */
export function undoTagChange(cache: Cache, body: TagsBody): void {
  for (const [key, prior] of Object.entries(body.before)) {
    const id = Number(key);
    const cached = cache.assignments.get(id);
    if (!cached) continue;
    const had = new Set(prior);
    const tags = new Set(cached.assignment.tags);
    for (const t of body.tags) {
      if (body.action === 'add' && !had.has(t)) tags.delete(t);
      if (body.action === 'remove' && had.has(t)) tags.add(t);
    }
    writeTags(cache, id, tags);
  }
}

/** Lays every waiting tag change over the cache again, oldest first (after a pull). */
export function reapplyPendingTags(cache: Cache): void {
  const pending = cache.decisions.pendingTagChanges();
  if (pending.length === 0) return;
  cache.db.transaction(() => {
    for (const item of pending) if (item.kind === 'set_tags') applyTagChange(cache, item.body);
  })();
}
