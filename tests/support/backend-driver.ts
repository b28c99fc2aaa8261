/**
 * What the shared adapter suite (tests/main/backends/adapter-suite.ts) needs
 * from a backend to run the same scenarios against every adapter: pull,
 * removal, offline decisions, retries under faults, exactly-once, conflicts.
 *
 * One driver per backend type: the native one runs the reference server;
 * the Synapse and HITL ones run fake servers written from those backends'
 * contracts (tests/support/fake-*.ts), never from our own server's code.
 * Ids are the app's (numbers, as the adapter maps them); the driver
 * translates to its backend's own ids where they differ.
 */
import type { AdapterOptions, BackendAdapter } from '../../src/main/backend/adapter';
import type { Assignment } from '../../src/shared/protocol';

/** What the reviewer submits (decisions.service submitDecision takes it with the assignment id). */
export interface DecisionValues {
  outcome: string;
  values: Record<string, unknown>;
  comment?: string;
}

export interface RecordedDecision {
  /** The app's id of the assignment the backend applied a decision to. */
  assignmentId: number;
  /** The outcome as the app named it ('approve', 'reject', …). */
  outcome: string;
}

export interface BackendDriver {
  /** A label for test names: 'native', 'synapse', 'hitl'. */
  readonly name: string;
  /** The backend's base URL (the suite may put a fault proxy in front of it). */
  readonly baseUrl: string;
  readonly token: string;
  /** Builds the adapter an account on this backend gets, pointed at `baseUrl` (the proxy's, under faults). */
  adapter(opts: Omit<AdapterOptions<unknown>, 'config' | 'token'> & { baseUrl: string }): BackendAdapter;
  /** Creates n assignments for the signed-in reviewer, ready to decide; returns nothing (pull finds them). */
  seed(n: number): Promise<void>;
  /** A decision the backend accepts for this cached assignment: approve-like, values valid for its form. */
  approval(a: Assignment): DecisionValues;
  /** Server-side changes, by the app's id. */
  editData(id: number): Promise<void>;
  /** The assignment leaves the reviewer's queue (reassigned, or cancelled where the backend cannot reassign). */
  takeAway(id: number): Promise<void>;
  /** Someone else decides it on the server (the reviewer's own decision must then conflict). */
  decideElsewhere(id: number): Promise<void>;
  /** Every decision the backend applied, once per application (a decision applied twice shows twice). */
  recorded(): Promise<RecordedDecision[]>;
  /** The app ids of the assignments the backend lists as the reviewer's open work. */
  openIds(): Promise<number[]>;
  close(): Promise<void>;
}

export type StartDriver = () => Promise<BackendDriver>;
