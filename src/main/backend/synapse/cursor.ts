/**
 * The sync cursor for a backend without a changes feed. Everything a pull
 * needs to go on is in it, so a restart resumes where the stored cursor says:
 *
 *   syn1.<base64url of JSON>   e.g. {"m":"since","n":"https://…/sdk/assignments/?page=3&…",
 *                                    "p":0,"u":"2026-11-21T09:28:00.000Z","s":1795253400000,
 *                                    "w":1795253520000,"f":1795252800000}
 *
 * - `m` the listing under way: `open` lists the reviewer's open work, one
 *   status after the other (`p` indexes OPEN_STATUSES); `since` lists every
 *   assignment updated at or after `u` (`updated_after`); `idle` between pulls.
 * - `n` the absolute `next` URL Synapse gave for the listing under way (null
 *   before its first page). Pages are never numbered by the client.
 * - `s` the server's clock (its `Date`) at the listing's first page, and `w`
 *   the latest `updated_at` the listing saw (epoch ms, null when unknown).
 *   The next incremental pull asks for `updated_after` = the earlier of the two
 *   minus overlapSeconds: never past the newest change it has seen, nor past
 *   the moment the listing began (a change made while it paged through older
 *   pages is caught next time), and the overlap covers clock skew and commits
 *   that land late. Re-listing an assignment is harmless (an upsert by id).
 * - `f` when (client clock) the last listing from scratch began: once it is
 *   reconcileMinutes old, an idle cursor is answered with 410, so the engine
 *   lists from scratch and drops what is no longer the reviewer's.
 */
import { z } from 'zod';

export type Mode = 'open' | 'since' | 'idle';

export interface Cursor {
  m: Mode;
  n: string | null;
  p: number;
  u: string | null;
  s: number | null;
  w: number | null;
  f: number;
}

const PREFIX = 'syn1.';
const ms = z.number().int().nonnegative();
const CursorSchema = z.object({
  m: z.enum(['open', 'since', 'idle']),
  n: z.string().max(8192).nullable(),
  p: z.number().int().min(0).max(10),
  u: z.string().max(64).nullable(),
  s: ms.nullable(),
  w: ms.nullable(),
  f: ms,
});

export function encodeCursor(c: Cursor): string {
  return PREFIX + Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** Null for anything this version did not write: the caller answers 410 (pull from scratch). */
export function decodeCursor(s: string): Cursor | null {
  if (!s.startsWith(PREFIX)) return null;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(s.slice(PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A listing from scratch of the reviewer's open work, starting now. */
export function fromScratch(nowMs: number): Cursor {
  return { m: 'open', n: null, p: 0, u: null, s: null, w: null, f: nowMs };
}

/** The watermark the next incremental pull starts from (before the overlap), or null when nothing says. */
export function watermark(c: Pick<Cursor, 's' | 'w'>): number | null {
  if (c.s !== null && c.w !== null) return Math.min(c.s, c.w);
  return c.s ?? c.w;
}

/** The listing an idle cursor starts for this pull. */
export function nextListing(c: Cursor, overlapSeconds: number): Cursor {
  const mark = watermark(c);
  // The old mark is carried as "seen": a listing that sees nothing (and no Date) keeps its place.
  const carried = { f: c.f, n: null, p: 0, s: null, w: mark };
  if (mark === null) return { ...carried, m: 'open', u: null };
  return { ...carried, m: 'since', u: new Date(Math.max(0, mark - overlapSeconds * 1000)).toISOString() };
}
