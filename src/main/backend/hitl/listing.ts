/**
 * Pulls from a service with no changes feed and no `updated_after`: each
 * pull lists every open request again (pending, then in_review), one
 * limit/offset page per changes() call, as upserts. A listing only says
 * what is open, never what left, so every reconcileMinutes a cursor is
 * answered with 410: the engine then pulls from scratch and drops what the
 * listing no longer holds (adapter.ts).
 *
 * Offsets shift under a pager when requests are handled meanwhile: a full
 * page's successor starts a few records early (duplicates are harmless
 * upserts), so a request is not skipped (and then dropped by a reconciling
 * pull) because others before it went. A status ends at an empty page, not
 * a short one, for services that cap `limit` below what was asked; a page
 * that starts with the same request as the one before means the service
 * ignores `offset`, which ends that status too.
 */
import { z } from 'zod';
import type { ChangesPage } from '../adapter';
import { BackendError, type HttpClient } from '../http-client';
import { decodeCursor, encodeCursor, type Cursor } from './cursor';
import { OPEN_STATUSES, type MappedRequest } from './records';

/** Records a full page's successor reads again, at most (a quarter of the page for small pages). */
const OVERLAP = 10;
/** Past this offset a listing is taken as runaway (a service repeating itself) and ends. */
const MAX_OFFSET = 1_000_000;
/** A cursor's full-listing time this far in the future means the clock moved back: reconcile. */
const CLOCK_SLACK_MS = 5 * 60_000;

const ListAnswer = z.array(z.unknown());

export interface ListingDeps {
  http: HttpClient;
  pageSize: number;
  reconcileMs: number;
  now(): Date;
  map(raw: unknown): MappedRequest;
}

function expired(detail: string): BackendError {
  return new BackendError('not_found', detail, 410, { detail, code: 'cursor_expired' });
}

function nextPhase(c: Cursor): Cursor {
  const phase = c.phase === 'done' ? 0 : c.phase + 1;
  if (phase >= OPEN_STATUSES.length) return { phase: 'done', offset: 0, firstId: 0, fullAt: c.fullAt };
  return { phase, offset: 0, firstId: 0, fullAt: c.fullAt };
}

/** Where a pull from `since` starts, or a 410 when it must start from scratch. */
function startOf(deps: ListingDeps, since: string | null): Cursor {
  const now = deps.now().getTime();
  if (since === null) return { phase: 0, offset: 0, firstId: 0, fullAt: now };
  const c = decodeCursor(since);
  if (!c) throw expired('The sync cursor is not one this backend wrote: pulling everything again');
  if (c.phase !== 'done') return c; // paging: finish the listing under way
  const age = now - c.fullAt;
  if (age >= deps.reconcileMs || age < -CLOCK_SLACK_MS)
    throw expired('Time to list every open request again, to notice those handled elsewhere');
  return nextPhase(c);
}

export interface ListedPage {
  records: MappedRequest[];
  next: Cursor;
}

/** One page of the listing at `c`, and where the listing goes next. */
export async function listPage(deps: ListingDeps, c: Cursor, limit: number): Promise<ListedPage> {
  if (c.phase === 'done') return { records: [], next: c };
  const pageLimit = Math.max(1, Math.min(limit, deps.pageSize));
  const qs = new URLSearchParams({ status: OPEN_STATUSES[c.phase]!, limit: String(pageLimit), offset: String(c.offset) });
  const raw = await deps.http.request('GET', `/hitl/requests?${qs}`, { schema: ListAnswer, timeoutMs: 60_000 });
  const records = raw.map((r) => deps.map(r));
  const first = records[0]?.appId ?? 0;
  const repeated = c.offset > 0 && first !== 0 && first === c.firstId;
  if (records.length === 0 || repeated || c.offset > MAX_OFFSET) return { records: repeated ? [] : records, next: nextPhase(c) };
  const overlap = records.length >= pageLimit ? Math.min(OVERLAP, Math.floor(records.length / 4)) : 0;
  return { records, next: { ...c, offset: c.offset + records.length - overlap, firstId: first } };
}

export async function changes(deps: ListingDeps, since: string | null, limit: number): Promise<ChangesPage> {
  const start = startOf(deps, since);
  const { records, next } = await listPage(deps, start, limit);
  return {
    changes: records.map((r) => ({ op: 'upsert', assignment: r.assignment })),
    cursor: encodeCursor(next),
    hasMore: next.phase !== 'done',
  };
}

/** Every open request, for what the service cannot answer itself (statistics, a form not seen yet). */
export async function listOpen(deps: ListingDeps, maxPages = 50): Promise<MappedRequest[]> {
  const out = new Map<string, MappedRequest>();
  let c: Cursor = { phase: 0, offset: 0, firstId: 0, fullAt: 0 };
  for (let i = 0; i < maxPages && c.phase !== 'done'; i++) {
    const page = await listPage(deps, c, deps.pageSize);
    for (const r of page.records) if (r.requestId !== null) out.set(r.requestId, r);
    c = page.next;
  }
  return [...out.values()];
}
