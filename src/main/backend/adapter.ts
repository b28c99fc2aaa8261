/**
 * The operations the sync engine and services need from a review backend.
 * The native protocol is one implementation; other backends (issue: Synapse,
 * HITL services) plug in here without touching the engine or the UI.
 */
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

export interface BackendAdapter {
  readonly baseUrl: string;
  me(): Promise<Me>;
  health(): Promise<boolean>;
  /** `since` null: everything. Throws BackendError 'not_found' with status 410 for an expired cursor. */
  changes(since: string | null, limit: number): Promise<ChangesPage>;
  assignment(id: number): Promise<Assignment>;
  form(ref: FormRef): Promise<Form>;
  /** Sends decisions; resolves with one result per decision, rejects only when nothing could be sent. */
  pushDecisions(items: { assignmentId: number; body: DecisionBody }[]): Promise<PushResult[]>;
  statistics(): Promise<Statistics>;
}
