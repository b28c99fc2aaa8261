/**
 * Everything a route or domain function needs, built once by startServer.
 * Passing it explicitly (no module state) keeps several servers in one
 * process (tests, the app's embedded demo backend) fully independent.
 */
import type { FormRef } from '../shared/protocol';
import type { CursorCodec } from './domain/cursor';
import type { EventHub } from './domain/events-hub';
import type { Store } from './store';

export interface ServerContext {
  store: Store;
  now: () => Date;
  hub: EventHub;
  cursors: CursorCodec;
  /** How many changes the feed keeps before cursors expire; undefined = unlimited. */
  changeRetention: number | undefined;
  /** Secret for file URL signatures (kept in the database so URLs survive restarts). */
  fileSecret: string;
  defaultReviewerId: number;
  /** Interval of the SSE keepalive comment. */
  keepaliveMs: number;
  /** Used when an admin creates an assignment without naming a form. */
  defaultForm: FormRef | undefined;
  /** Absolute base URL, known once the socket listens. */
  baseUrl(): string;
  log(message: string): void;
  /** Runs `fn` in one SQLite transaction, then notifies event listeners it touched. */
  tx<T>(fn: () => T): T;
}

export function nowIso(ctx: Pick<ServerContext, 'now'>): string {
  return ctx.now().toISOString();
}
