/**
 * The operations the sync engine and services need from a review backend.
 * The native protocol is one implementation; Synapse and HITL request
 * services are others (synapse/, hitl/). Each maps its backend onto these
 * operations and the native shapes (shared/protocol.ts): the engine, the
 * services and the UI never learn which backend they talk to.
 *
 * Rules every adapter keeps:
 * - errors are BackendError with the protocol page's codes (401 unauthorized,
 *   403 forbidden, 404 not_found, 400/422 validation, 409 conflict with the
 *   current assignment in `body.assignment`, 429 with retryAfterMs, 5xx and
 *   network failures retryable, 410 from changes() = "pull from scratch");
 * - changes() returns raw records (validated by the engine one by one);
 * - a backend without a changes feed forces a full listing now and then by
 *   answering changes(cursor) with 410: the engine then pulls from scratch
 *   and drops what the backend no longer lists (keeping unsent work as conflicts).
 */
import type { TagChange } from '../../shared/contract';
import type { Assignment, DecisionBody, Form, FormRef, Me, Statistics } from '../../shared/protocol';
import type { Logger } from '../log';
import type { BodyFetcher, HeldBody } from './held-body';
import type { FetchFn } from './http-client';

export interface ChangesPage {
  /** Raw changes: the engine validates each one, so one bad record does not sink the page. */
  changes: unknown[];
  cursor: string;
  hasMore: boolean;
  /**
   * Where the adapter has them: for each change, its assignment's JSON as the
   * server sent it (UTF-8), null for a change without one, or null for the
   * page when they cannot be told. Worked out when first asked (a scan of the
   * page, kept out of the turn of the event loop that parses it). A first
   * sync stores these rather than encoding the checked assignment again;
   * readers of the cache check what they read in any case.
   */
  assignmentJson?: () => (Uint8Array | null)[] | null;
}

/** What can be wrong with a page's bytes: not JSON at all, or JSON that is not a changes page. */
export type PageProblem = { kind: 'not_json' } | { kind: 'shape'; detail: string };

export type RawChangesPage = (
  | { bytes: Uint8Array; held?: undefined }
  /** Fetched and kept by the page worker (`via`), for it to read. */
  | { bytes?: undefined; held: HeldBody }
) & {
  badResponse(problem: PageProblem): Error;
};

/** One decision's outcome as the backend reported it (protocol: single-decision semantics). */
export interface PushResult {
  decisionId: string;
  status: number;
  body: unknown;
}

export interface PushOptions {
  /** False: send one request per decision even where a batch route exists (isolates an item the server chokes on). */
  batch?: boolean;
}

/** One decision to send. */
export interface PushItem {
  assignmentId: number;
  body: DecisionBody;
  /**
   * Earlier sends of this decision that ended without a known outcome (no
   * answer, a reset, a 5xx). A backend without idempotency keys re-reads the
   * assignment before sending again when this is above 0, so a retry never
   * applies a decision twice.
   */
  attempts: number;
}

/** What every adapter is built from; `config` holds its backend type's own settings. */
export interface AdapterOptions<C> {
  baseUrl: string;
  token: string;
  config: C;
  fetch?: FetchFn;
  timeoutMs?: number;
  log?: Logger;
  now?: () => Date;
  /**
   * The cached copy of an assignment, for backends that need more than its id
   * to act on it (a task id, a request's own string id). Null when not cached.
   */
  lookup?: (id: number) => Assignment | null;
}

export interface BackendAdapter {
  readonly baseUrl: string;
  me(): Promise<Me>;
  health(): Promise<boolean>;
  /** `since` null: everything. Throws BackendError 'not_found' with status 410 for an expired cursor. */
  changes(since: string | null, limit: number): Promise<ChangesPage>;
  /**
   * The same page as the server's bytes, unread, where the adapter has them:
   * a first sync reads them off the main thread (sync/page-reader.ts). Fails
   * as changes() does; bytes that turn out not to be a page are reported
   * with `badResponse`, the error changes() would have thrown. `via`: the
   * page worker, to fetch and keep the page (backend/held-body.ts).
   */
  changesBytes?(since: string | null, limit: number, via?: BodyFetcher): Promise<RawChangesPage>;
  assignment(id: number): Promise<Assignment>;
  form(ref: FormRef): Promise<Form>;
  /**
   * Sends decisions; resolves with one result per decision it has an answer
   * for, rejects only when nothing could be sent (or the token was refused).
   */
  pushDecisions(items: PushItem[], opts?: PushOptions): Promise<PushResult[]>;
  /** Raw tag records: the caller validates each one. */
  tags(): Promise<unknown[]>;
  /** Idempotent by nature (protocol: set tags). */
  setTags(change: TagChange): Promise<{ updated: number }>;
  /** Hands the assignment back; `key` makes a retry answer like the first attempt. */
  release(id: number, key: string): Promise<unknown>;
  /** The server's change notifications (text/event-stream), when the backend has them. */
  events?(signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  statistics(): Promise<Statistics>;
}
