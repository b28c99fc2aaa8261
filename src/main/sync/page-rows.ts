/**
 * A first sync's changes page turned into the writes of its new rows: each
 * change checked (change-parse.ts) and each well-formed upsert made into the
 * statements that insert it (NEW_ROW_SQL), flat, in the bulk writer's format
 * (bulk-writes.ts, SealedBatch). The page worker (page-worker.ts) does this
 * for a whole page off the main thread; the pull does it here, a slice at a
 * time, where there is no worker or no page bytes (pull.ts).
 *
 * Nothing here knows the cache: whether a ready row is really new (not cached,
 * no unsent work) is the pull's to decide, and every change that is not a
 * ready row goes to it as the value it was in the page.
 *
 * Nor zod, which took the page worker a tenth of a second to load, before it
 * could read the first page: a ready row is an upsert the quick check
 * (quick-assignment.ts) vouches for, and anything else (a removal, or a
 * change only zod can judge) is the pull's to check with parseChange.
 */
import { deserialize, serialize } from 'node:v8';
import type { FormRef } from '../../shared/protocol';
import type { PageProblem } from '../backend/adapter';
import { assignmentSpans, splitPage } from '../backend/feed-spans';
import type { PackedRows } from '../db/bulk-writes';
import { newRowWritesOf, type RowWrite } from '../db/new-row';
import { quickAssignment } from './quick-assignment';

export interface PageRows {
  cursor: string;
  hasMore: boolean;
  /** The page's changes, in order. Per change: the assignment id of a ready row (an upsert that passed the checks), else 0. */
  ids: number[];
  /** Per change: where its row's writes sit in `writes` (equal for a change that is not a ready row). */
  starts: number[];
  ends: number[];
  /** Per change that is not a ready row, the change as it came (a removal, or something malformed); null for ready rows. */
  others: unknown[];
  /**
   * The rows' writes, one after the other: statement, number of parameters,
   * parameters. A write whose last parameter is the server's bytes has its
   * statement as -(statement + 1) and, in place of the bytes, their start
   * and end in the page's bytes.
   */
  writes: unknown[];
  /** The forms the ready rows use, each once: the pull fetches those it lacks while the pages come. */
  forms: FormRef[];
  /**
   * From the page worker: `writes`, `starts` and `ends`, v8-serialized
   * (PackedRows), and those three left empty. The pull hands them to the
   * bulk writer as they are (bulk-writes.ts, PagePart); unpackRows() when
   * this thread needs them after all.
   */
  packed?: Uint8Array;
}

/** Moves the rows' writes into `packed` (the page worker, before answering): see PageRows.packed. */
export function packRows(rows: PageRows): Uint8Array {
  const { writes, starts, ends } = rows;
  const buffer = serialize({ writes, starts, ends } satisfies PackedRows);
  // Its own memory, to be transferred rather than copied (a Buffer may be a view of a shared pool).
  const packed = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? buffer : new Uint8Array(buffer);
  rows.writes = [];
  rows.starts = [];
  rows.ends = [];
  rows.packed = packed;
  return packed;
}

/** The rows with their writes, starts and ends in place again (a no-op for rows that were never packed). */
export function unpackRows(rows: PageRows): PageRows {
  if (rows.packed && rows.starts.length === 0 && rows.ids.length > 0) Object.assign(rows, deserialize(rows.packed) as PackedRows);
  return rows;
}

export type PageRead = { ok: true; rows: PageRows } | { ok: false; problem: PageProblem };

export const emptyRows = (cursor: string, hasMore: boolean): PageRows => ({
  cursor,
  hasMore,
  ids: [],
  starts: [],
  ends: [],
  others: [],
  writes: [],
  forms: [],
});

const utf8 = new TextDecoder();

/** A page's JSON checked for the envelope only: its changes are each checked as rows are made. */
export type ParsedPage = { ok: true; changes: unknown[]; cursor: string; hasMore: boolean } | { ok: false; problem: PageProblem };

export function parsePage(text: string): ParsedPage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: { kind: 'not_json' } };
  }
  return checkEnvelope(json);
}

/** ChangesPageSchema's check, by hand (see above): an object with `changes`, `cursor` and `has_more`. */
function checkEnvelope(json: unknown): ParsedPage {
  const shape = (detail: string): ParsedPage => ({ ok: false, problem: { kind: 'shape', detail } });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return shape('the page is not a JSON object');
  const { changes, cursor, has_more: hasMore } = json as Record<string, unknown>;
  if (!Array.isArray(changes)) return shape('changes: expected an array');
  if (typeof cursor !== 'string') return shape('cursor: expected a string');
  if (typeof hasMore !== 'boolean') return shape('has_more: expected true or false');
  return { ok: true, changes, cursor, hasMore };
}

/**
 * A page from its bytes: the page worker's whole job. Parsed in pieces where
 * it has the server's compact form (splitPage), else whole and scanned for
 * its assignments' bytes.
 */
export function readPageRows(bytes: Uint8Array): PageRead {
  const split = splitPage(bytes);
  const page = split ? checkEnvelope(split.json) : parsePage(utf8.decode(bytes));
  if (!page.ok) return page;
  const rows = emptyRows(page.cursor, page.hasMore);
  const spans = split ? split.spans : assignmentSpans(bytes, page.changes.length);
  appendRows(rows, page.changes, 0, page.changes.length, spans, bytes);
  return { ok: true, rows };
}

/**
 * Appends changes[from, to) to `rows`. `spans`: each change's assignment as
 * the server's bytes, views of `bytes` (assignmentSpans), stored as they are;
 * without them the checked assignment is encoded again.
 */
export function appendRows(
  rows: PageRows,
  changes: readonly unknown[],
  from: number,
  to: number,
  spans: readonly (Uint8Array | null)[] | null,
  bytes: Uint8Array | null,
): void {
  const { ids, starts, ends, others, writes, forms } = rows;
  /** The versions of each form in `forms`. */
  const versions = new Map<string, number[]>();
  for (const f of forms) versions.set(f.id, [...(versions.get(f.id) ?? []), f.version]);
  for (let k = from; k < to; k++) {
    const raw = changes[k];
    const a = readyAssignment(raw);
    starts.push(writes.length);
    if (!a) {
      ids.push(0);
      ends.push(writes.length);
      others.push(raw);
      continue;
    }
    pushWrites(writes, newRowWritesOf(a, bytes ? (spans?.[k] ?? null) : null), bytes);
    let known = versions.get(a.form.id);
    if (!known) versions.set(a.form.id, (known = []));
    if (!known.includes(a.form.version)) {
      known.push(a.form.version);
      forms.push(a.form);
    }
    ids.push(a.id);
    ends.push(writes.length);
    others.push(null);
  }
}

/** The assignment of an upsert the quick check vouches for; null for anything else. */
function readyAssignment(raw: unknown) {
  if (typeof raw !== 'object' || raw === null || (raw as { op?: unknown }).op !== 'upsert') return null;
  return quickAssignment((raw as { assignment?: unknown }).assignment);
}

/** Appends writes to `out` in the flat form (PageRows.writes); a byte parameter must be a view of `bytes`. */
export function pushWrites(out: unknown[], writes: readonly RowWrite[], bytes: Uint8Array | null): void {
  for (const w of writes) {
    const n = w.length - 1;
    const last = w[n];
    if (last instanceof Uint8Array) {
      out.push(-w[0] - 1, n + 1);
      for (let i = 1; i < n; i++) out.push(w[i]);
      const at = last.byteOffset - bytes!.byteOffset;
      out.push(at, at + last.length);
    } else {
      out.push(w[0], n);
      for (let i = 1; i <= n; i++) out.push(w[i]);
    }
  }
}

/**
 * The assignment of ready row `k` as JSON (the server's own, or encoded
 * again), from its body write: for a row the pull finds is not new after all.
 */
export function assignmentJsonOf(rows: PageRows, k: number, bytes: Uint8Array | null): string {
  const { writes } = unpackRows(rows);
  let i = rows.starts[k]!;
  i += 2 + (writes[i + 1] as number); // the narrow row; the body comes next (newRowWritesOf)
  const code = writes[i] as number;
  const end = i + 2 + (writes[i + 1] as number);
  if (code >= 0) return writes[end - 1] as string;
  return utf8.decode(bytes!.subarray(writes[end - 2] as number, writes[end - 1] as number));
}
