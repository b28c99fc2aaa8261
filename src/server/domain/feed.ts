/**
 * `GET /sync/assignments/`: one page of the caller's change log after a
 * cursor, as UTF-8 JSON assembled by SQLite from the stored docs (no parse, no
 * re-encode, no string: this is the hot path of a full sync).
 */
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';

export const DEFAULT_FEED_LIMIT = 500;
export const MAX_FEED_LIMIT = 1000;

function expired(detail: string): HttpError {
  return new HttpError(410, 'cursor_expired', detail);
}

/** The seq to read after, or 410 when the server no longer honours the cursor. */
export function resolveCursor(ctx: ServerContext, since: string | null): number {
  if (since === null || since === '') return 0;
  const seq = ctx.cursors.decode(since);
  if (seq === undefined) throw expired('Unknown cursor: pull again without `since`.');
  const last = ctx.store.changes.lastSeq();
  if (seq > last) throw expired('Cursor is ahead of this server: pull again without `since`.');
  if (ctx.changeRetention !== undefined && seq < last - ctx.changeRetention) {
    throw expired('Cursor is too old: pull again without `since`.');
  }
  return seq;
}

export function feedPage(ctx: ServerContext, userId: number, since: string | null, limit: number): Buffer {
  const after = resolveCursor(ctx, since);
  const page = ctx.store.changes.page(userId, after, limit);
  // On the last page the cursor jumps to the head of the whole log: every row
  // of this caller up to there has just been read (better-sqlite3 is
  // synchronous, nothing lands in between), and later reads skip other users' rows.
  const cursorSeq = page.hasMore ? page.lastSeq : Math.max(after, ctx.store.changes.lastSeq());
  return Buffer.concat([
    PAGE_OPEN,
    page.changes,
    Buffer.from(`,"cursor":${JSON.stringify(ctx.cursors.encode(cursorSeq))},"has_more":${page.hasMore}}`),
  ]);
}

const PAGE_OPEN = Buffer.from('{"changes":');
