/**
 * The operations the sync engine and services need from a review backend.
 * The native protocol is one implementation; other backends (issue: Synapse,
 * HITL services) plug in here without touching the engine or the UI.
 */
import type { TagChange } from '../../shared/contract';
import type { Assignment, DecisionBody, Form, FormRef, Me, Statistics } from '../../shared/protocol';

export interface ChangesPage {
  /** Raw changes: the engine validates each one, so one bad record does not sink the page. */
  changes: unknown[];
  cursor: string;
  hasMore: boolean;
}

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

export interface BackendAdapter {
  readonly baseUrl: string;
  me(): Promise<Me>;
  health(): Promise<boolean>;
  /** `since` null: everything. Throws BackendError 'not_found' with status 410 for an expired cursor. */
  changes(since: string | null, limit: number): Promise<ChangesPage>;
  assignment(id: number): Promise<Assignment>;
  form(ref: FormRef): Promise<Form>;
  /**
   * Sends decisions; resolves with one result per decision it has an answer
   * for, rejects only when nothing could be sent (or the token was refused).
   */
  pushDecisions(items: { assignmentId: number; body: DecisionBody }[], opts?: PushOptions): Promise<PushResult[]>;
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
