/**
 * A first sync's writes of new rows, handed in batches to the bulk-load
 * worker (bulk-load.ts), which writes each batch in one transaction on its
 * own connection.
 *
 * Writing 100,000 new assignments on the main thread, 200 to a transaction so
 * that the event loop stayed free, was most of what a first sync cost: every
 * commit wrote the same half-full pages and a new full-text segment again
 * (some 400 MB through the WAL), and the thread that parses the next page
 * was the one writing this one. The worker writes a thousand rows a commit
 * while this thread fetches and parses.
 *
 * The writes are plain statements with parameters (RowWrite over the
 * repository's NEW_ROW_SQL, or SET_STATE for the cursor): the worker knows
 * no rules of the cache, and this module can write a batch itself, the same
 * way, when the worker cannot.
 *
 * A parameter may be bytes (the server's JSON of an assignment, a view of the
 * page it came in). A batch carries such bytes copied into one buffer, the
 * write naming its place in it (SealedBatch): posting a view would copy its
 * whole page with every row, and a string made of them (decoded here, encoded
 * again by the worker's bind) cost a fifth of this thread's part of a first
 * sync. The worker binds a view of the batch's buffer; SQL turns it into text.
 *
 * Only writes this thread has decided on go here (new rows, in feed order,
 * and the cursor after its page); anything that needs to read what was
 * written (an update, a removal, an assignment with unsent work) waits for
 * `drain()` and is written on the main connection.
 */
import { deserialize } from 'node:v8';
import { AppFailure } from '../../shared/result';
import type { Form } from '../../shared/protocol';
import type { Logger } from '../log';
import { PUT_FORM_SQL } from './forms.repo';
import { readPageRows } from '../sync/page-rows';
import { NEW_ROW_COUNT, NEW_ROW_SQL } from './new-row';

/** Every statement a batch may use: the repository's new-row writes, then the sync state's, then a form's. */
export const BULK_SQL = [
  ...NEW_ROW_SQL,
  'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  PUT_FORM_SQL,
] as const;
export const SET_STATE = NEW_ROW_SQL.length;
export const PUT_FORM = SET_STATE + 1;

/** Rows per worker transaction: its commit is worth it, and the write lock is held some tens of ms. */
const BATCH_ROWS = 1000;
/** Batches queued before the pull waits for the worker: memory stays bounded if the disk is slow. */
const MAX_QUEUED_BATCHES = 1;
/**
 * Batches handed to the worker at once: the next one waits in the worker
 * while it writes this one. With one at a time the worker sat idle between
 * batches until this thread, busy parsing a page, got round to its answer and
 * sent the next: a fifth of a first sync's write phase on two cores.
 */
const MAX_IN_FLIGHT = 2;

/**
 * The new rows of a page the page worker read, as it made them: their writes
 * (PackedRows) serialized there once, with the page's bytes they point into,
 * handed to the bulk-load worker as they are. This thread never takes them
 * apart: doing so, and cloning them again for the worker, was most of its
 * part of a first sync, and of the garbage it collected.
 */
export interface PagePart {
  /** v8.serialize(PackedRows), in a buffer of its own: moved to the worker with the batch (and back, as `bytes`). */
  packed: Uint8Array;
  /**
   * The page's bytes, which the packed writes point into: moved to the
   * worker with `packed`, and moved back with it should the worker refuse
   * the batch, for this thread to write it (writesOf). Kept here, a
   * megabyte a page waited for this thread's next full collection.
   */
  bytes: Uint8Array;
  /** Changes of the page not to write (not new after all); every other ready row is written. */
  skip: number[];
}

/** A page's rows' writes as the page worker makes them (page-rows.ts, PageRows). */
export interface PackedRows {
  writes: unknown[];
  starts: number[];
  ends: number[];
}

interface Batch {
  /** The writes, flat (SealedBatch). */
  writes: unknown[];
  pages: PagePart[];
  rows: number;
  /** Rows added per status, written at the end of the batch. */
  counts: Map<string, number>;
  /** The byte parameters of the writes, in order, and their total length. */
  chunks: Uint8Array[];
  size: number;
}

/**
 * What the worker (or this thread, in its place) is handed: the writes, one
 * after the other in one flat array, each as its statement, its number of
 * parameters and those; and the bytes they name. Flat: postMessage clones
 * one array of plain values, and the worker binds a slice of it per write
 * (an array binds as the statement's parameters) instead of taking apart a
 * thousand rows' small arrays, each cloned, sliced and spread.
 *
 * A write whose last parameter was bytes has its statement as
 * -(statement + 1), and in place of the bytes their start and end in the
 * batch's buffer.
 */
export interface SealedBatch {
  writes: unknown[];
  bytes: Uint8Array | null;
  /** Pages' rows, written before `writes`: the worker sums their status counts as this thread does. */
  pages?: PagePart[];
}

/**
 * The writes of a sealed batch as statements and parameters, packed bytes
 * as views of the batch's buffer. The worker reads them the same way
 * (bulk-load.ts, WORKER_SOURCE).
 */
export function writesOf(batch: SealedBatch): [statement: number, params: unknown[]][] {
  const out: [number, unknown[]][] = [];
  const counts = new Map<string, number>();
  for (const part of batch.pages ?? []) {
    const { writes, starts, ends } = unpackPart(part);
    const skip = new Set(part.skip);
    for (let k = 0; k < starts.length; k++) {
      if (skip.has(k)) continue;
      for (const [statement, params] of flatWrites(writes, starts[k]!, ends[k]!, part.bytes)) {
        if (statement === NEW_ROW_COUNT)
          counts.set(params[0] as string, (counts.get(params[0] as string) ?? 0) + (params[1] as number));
        else out.push([statement, params]);
      }
    }
  }
  for (const [status, n] of counts) out.push([NEW_ROW_COUNT, [status, n]]);
  out.push(...flatWrites(batch.writes, 0, batch.writes.length, batch.bytes));
  return out;
}

/**
 * What the worker answers for a batch: 'ok', or why not, with the batch's
 * pages moved back when it still had them (a worker that died took them along).
 */
export type WriteAnswer = string | { refused: string; pages: Pick<PagePart, 'packed' | 'bytes'>[] };

/** The buffers a batch's pages move to the worker with (each page's own: bytes in a shared buffer are copied first). */
export function movedBuffers(batch: SealedBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const part of batch.pages ?? []) {
    const { bytes } = part;
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) part.bytes = bytes.slice();
    out.push(part.packed.buffer as ArrayBuffer, part.bytes.buffer as ArrayBuffer);
  }
  return out;
}

/** Thrown when a batch's pages went with a worker that stopped: the pull fails, and its next attempt fetches them again. */
export const PAGES_LOST =
  'The first sync lost pages it had handed to its background writer, which stopped; they are fetched again on the next attempt';

/**
 * A page part's rows: from its packed writes, or, once those went to a worker
 * that could not write them (moved, so empty here), from the page read again.
 */
function unpackPart(part: PagePart): PackedRows {
  if (part.bytes.byteLength === 0) throw new AppFailure('internal', PAGES_LOST);
  if (part.packed.byteLength > 0) return deserialize(part.packed) as PackedRows;
  const read = readPageRows(part.bytes);
  if (!read.ok) throw new Error('a page read before could not be read again');
  return read.rows;
}

/** writes[from, to) as statements and parameters, packed bytes as views of `bytes`. */
function flatWrites(writes: readonly unknown[], from: number, to: number, bytes: Uint8Array | null): [number, unknown[]][] {
  const out: [number, unknown[]][] = [];
  for (let i = from; i < to;) {
    const code = writes[i] as number;
    const n = writes[i + 1] as number;
    const params = writes.slice(i + 2, i + 2 + n);
    i += 2 + n;
    if (code >= 0) out.push([code, params]);
    else {
      const end = params.pop() as number;
      const start = params.pop() as number;
      params.push(bytes!.subarray(start, end));
      out.push([-code - 1, params]);
    }
  }
  return out;
}

export interface BulkWrites {
  /**
   * Queues the writes of one new row, given flat as a SealedBatch holds them:
   * writes[from, to), their packed bytes' places being in `bytes` (page-rows.ts).
   */
  rowWrites(id: number, writes: readonly unknown[], from: number, to: number, bytes: Uint8Array | null): void;
  /** Queues the new rows of a page the page worker read (PagePart); `ids`: theirs. */
  pageRows(ids: readonly number[], part: PagePart): void;
  /** Whether a row with this id was queued in this load (written or not yet). */
  queued(id: number): boolean;
  /** Queues a sync-state write: it commits with the rows queued before it, never before them. */
  state(key: string, value: string): void;
  /**
   * Queues a form for the cache: written by the worker with the next batch,
   * where a write on the main connection would wait for the worker's commit.
   */
  form(form: Form): void;
  /** Hands a batch to the worker when one is full (or `all` that is queued) and the worker is free. */
  flush(all?: boolean): void;
  /** Resolves when the queue is short enough to add to; rejects when the writes could not be made. */
  room(): Promise<void>;
  /** Resolves when everything queued is committed; rejects when it could not be. */
  drain(): Promise<void>;
}

export function createBulkWrites(
  /** Writes a batch in the worker; resolves with 'ok' or what went wrong (WriteAnswer). */
  send: (batch: SealedBatch) => Promise<WriteAnswer>,
  /** Writes a batch on the main connection, in one transaction; throws when it cannot. */
  inPlace: (batch: SealedBatch) => void,
  log: Logger,
): BulkWrites {
  /**
   * Batches waiting, each a list of writes; the last one is being filled. The
   * counts per status are summed per batch and written once at its end: one
   * write of a tiny table per row was a tenth of the worker's time.
   */
  const batches: Batch[] = [];
  const newBatch = (): Batch => ({ writes: [], pages: [], rows: 0, counts: new Map(), chunks: [], size: 0 });
  const sealed = (b: Batch): SealedBatch => {
    for (const [status, n] of b.counts) b.writes.push(NEW_ROW_COUNT, 2, status, n);
    b.counts.clear();
    const pages = b.pages.length > 0 ? b.pages : undefined;
    if (b.chunks.length === 0) return { writes: b.writes, bytes: null, pages };
    const bytes = new Uint8Array(b.size);
    let at = 0;
    for (const c of b.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    b.chunks = [];
    return { writes: b.writes, bytes, pages };
  };
  /** The worker's answers still to come, in the order of the batches. */
  const inFlight: Promise<void>[] = [];
  let worker: typeof send | null = send;
  let failure: Error | null = null;
  const ids = new Set<number>();

  /**
   * Adds a write to batch `b`: statement `code` with the parameters
   * src[from, to), then `view` packed into the batch's bytes if given. A
   * status count is summed into the batch's instead.
   */
  const put = (b: Batch, code: number, src: readonly unknown[], from: number, to: number, view: Uint8Array | null) => {
    if (code === NEW_ROW_COUNT) {
      const status = src[from] as string;
      b.counts.set(status, (b.counts.get(status) ?? 0) + (src[from + 1] as number));
      return;
    }
    const flat = b.writes;
    flat.push(view ? -code - 1 : code, to - from + (view ? 2 : 0));
    for (let k = from; k < to; k++) flat.push(src[k]);
    if (view) {
      flat.push(b.size, b.size + view.length);
      b.chunks.push(view);
      b.size += view.length;
    }
  };

  const isEmpty = (b: Batch) => b.writes.length === 0 && b.pages.length === 0;

  const tail = () => {
    let b = batches[batches.length - 1];
    if (!b) batches.push((b = newBatch()));
    return b;
  };

  const writeHere = (batch: SealedBatch) => {
    try {
      inPlace(batch);
    } catch (e) {
      failure = e as Error;
    }
  };

  function post(all: boolean): void {
    while (!failure && inFlight.length < MAX_IN_FLIGHT) {
      // Written here only once every batch handed to the worker is answered for: the batches
      // commit in their order, so a cursor never lands before the rows of its page.
      if (!worker && inFlight.length > 0) return;
      const first = batches[0];
      if (!first || isEmpty(first) || (!all && batches.length === 1 && first.rows < BATCH_ROWS)) return;
      batches.shift();
      const batch = sealed(first);
      if (!worker) {
        writeHere(batch);
        continue;
      }
      const answered: Promise<void> = worker(batch).then((answer) => {
        inFlight.splice(inFlight.indexOf(answered), 1);
        let result: string;
        if (typeof answer === 'string') result = answer;
        else {
          // Refused, its pages moved back: written here from them.
          result = answer.refused;
          answer.pages.forEach((back, i) => Object.assign(batch.pages![i]!, back));
        }
        if (result !== 'ok') {
          // The worker writes nothing after its first failure (bulk-load.ts): this batch and
          // those sent after it are written here, each as its answer comes, in order.
          if (worker) log.warn('the first sync could not write in the background; writing here', { result });
          worker = null;
          writeHere(batch);
        }
        post(all);
      });
      inFlight.push(answered);
    }
  }

  const settled = async (until: () => boolean) => {
    for (;;) {
      if (failure) throw failure;
      if (until()) return;
      post(true);
      if (inFlight.length === 0) {
        if (failure) throw failure;
        if (until()) return;
        continue;
      }
      await inFlight[0];
    }
  };

  return {
    rowWrites(id, writes, from, to, bytes) {
      ids.add(id);
      const b = tail();
      for (let i = from; i < to;) {
        const code = writes[i] as number;
        const n = writes[i + 1] as number;
        if (code >= 0) put(b, code, writes, i + 2, i + 2 + n, null);
        else put(b, -code - 1, writes, i + 2, i + n, bytes!.subarray(writes[i + n] as number, writes[i + n + 1] as number));
        i += 2 + n;
      }
      if (++b.rows >= BATCH_ROWS) batches.push(newBatch());
    },
    pageRows(rowIds, part) {
      for (const id of rowIds) ids.add(id);
      const b = tail();
      b.pages.push(part);
      b.rows += rowIds.length;
      if (b.rows >= BATCH_ROWS) batches.push(newBatch());
    },
    queued: (id) => ids.has(id),
    state(key, value) {
      tail().writes.push(SET_STATE, 2, key, value);
    },
    form(form) {
      tail().writes.push(PUT_FORM, 3, form.id, form.version, JSON.stringify(form));
    },
    flush(all = false) {
      post(all);
    },
    room: () => settled(() => batches.length <= MAX_QUEUED_BATCHES),
    drain: () => settled(() => inFlight.length === 0 && batches.every(isEmpty)),
  };
}
