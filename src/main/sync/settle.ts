/**
 * What each answer from the backend means for an outbox item, applied to the
 * cache in the caller's transaction: the item leaves the outbox in the same
 * write that records the answer, so a crash can never leave it both settled
 * and waiting. Retryable answers (5xx, 429) are not settled here; the caller
 * defers them.
 */
import type { LocalDecision, OutboxRefusal } from '../../shared/contract';
import { hasSecrets, redactSecrets } from '../../shared/forms';
import { AssignmentSchema, type Assignment, type FormRef } from '../../shared/protocol';
import type { PushResult } from '../backend/adapter';
import type { BackendError } from '../backend/http-client';
import type { OutboxItem } from '../db/decisions.repo';
import type { Logger } from '../log';
import type { Cache } from './cache';
import { quickAssignment } from './change-parse';
import { undoTagChange } from './tag-effects';

export interface PushReport {
  sent: number;
  conflicts: number;
  parked: number;
  /** Tag changes and releases the server refused (undone locally). */
  refused: number;
  deferred: number;
}

export interface SettleContext {
  cache: Cache;
  log: Logger;
  at: string;
  report: PushReport;
  onRefused: (r: OutboxRefusal) => void;
  /** Form schemas read for this batch: forms never change, and a batch of 500 uses a handful. */
  schemas?: Map<string, unknown>;
}

function schemaOf(c: SettleContext, ref: FormRef): unknown {
  const key = `${ref.id}\u0000${ref.version}`;
  if (c.schemas?.has(key)) return c.schemas.get(key);
  const schema = c.cache.forms.get(ref)?.schema;
  if (schema !== undefined) c.schemas?.set(key, schema);
  return schema;
}

/** The assignment an answer carries, if it is one (the quick check first, as the pull does). */
function answeredAssignment(raw: unknown): Assignment | null {
  const quick = quickAssignment(raw);
  if (quick) return quick;
  const parsed = AssignmentSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

type DecisionItem = Extract<OutboxItem, { kind: 'decision' }>;
type TagsItem = Extract<OutboxItem, { kind: 'set_tags' }>;
type ReleaseItem = Extract<OutboxItem, { kind: 'release' }>;

interface ErrorBodyLike {
  assignment?: unknown;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

function newer(a: Assignment | null, b: Assignment | null): Assignment | null {
  if (!a) return b;
  if (!b) return a;
  return b.version > a.version ? b : a;
}

export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

function errorOf(status: number, body: ErrorBodyLike, what: string): NonNullable<LocalDecision['error']> {
  return {
    code: body.code ?? String(status),
    message: body.detail ?? `The server refused this ${what} (${status})`,
    ...(body.errors ? { fields: body.errors } : {}),
  };
}

export function settleDecision(c: SettleContext, item: DecisionItem, r: PushResult): void {
  const { cache, at, report } = c;
  const body = (r.body ?? {}) as ErrorBodyLike;
  const current = answeredAssignment(body.assignment);
  // What the feed said while this decision waited (pull.ts), against what the answer carries:
  // a 200 repeats the first answer, which may be older than the feed's word.
  const held = cache.assignments.takeHeld(item.assignmentId);
  const latest = newer(current, held?.assignment ?? null);
  if (r.status === 200 || r.status === 201) {
    cache.decisions.settle(item.key, 'sent', at, null, null);
    // The server has the secrets now: the local store keeps none of them.
    const schema = schemaOf(c, item.body.form);
    if (hasSecrets(schema)) cache.decisions.replaceValues(item.key, redactSecrets(item.body.values, schema));
    if (held && held.assignment === null) {
      cache.assignments.remove(item.assignmentId); // no longer the reviewer's, and nothing of theirs is left on it
    } else {
      if (latest) cache.assignments.upsert(latest);
      cache.assignments.setLocalState(item.assignmentId, 'none');
    }
    cache.decisions.audit(at, 'decision.sent', item.assignmentId, item.key, { status: r.status });
    report.sent++;
    return;
  }
  const error = errorOf(r.status, body, 'decision');
  // 409: the assignment moved on; the reviewer's values stay, beside the server's current assignment.
  const state = r.status === 409 ? 'conflict' : 'parked';
  cache.decisions.settle(item.key, state, at, error, state === 'conflict' ? current : null);
  if (latest) cache.assignments.upsert(latest);
  cache.assignments.setLocalState(item.assignmentId, state);
  if (state === 'conflict') report.conflicts++;
  else report.parked++;
  cache.decisions.audit(at, `decision.${state}`, item.assignmentId, item.key, {
    status: r.status,
    code: error.code,
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
  });
  c.log.warn('the server refused a decision', { assignment: item.assignmentId, status: r.status, code: error.code });
  c.onRefused({
    key: item.key,
    kind: 'decision',
    assignmentIds: [item.assignmentId],
    outcome: state,
    status: r.status,
    code: error.code,
    message: error.message,
  });
}

/** `failure` null: the server applied the change. */
export function settleTags(c: SettleContext, item: TagsItem, failure: BackendError | null, updated = 0): void {
  const { cache, at } = c;
  cache.decisions.drop(item.key);
  if (!failure) {
    cache.decisions.audit(at, 'tags.sent', null, item.key, { ids: item.body.ids, tags: item.body.tags, updated });
    c.report.sent++;
    return;
  }
  undoTagChange(cache, item.body);
  refused(c, item, item.body.ids, failure, 'tags.refused');
}

export function settleRelease(c: SettleContext, item: ReleaseItem, failure: BackendError | null): void {
  const { cache, at } = c;
  const id = item.assignmentId;
  cache.decisions.drop(item.key);
  if (!failure || failure.status === 404) {
    // 404: not the reviewer's any more either way, which is what a release wants.
    cache.assignments.remove(id);
    cache.decisions.audit(at, failure ? 'release.gone' : 'release.sent', id, item.key, {});
    c.report.sent++;
    return;
  }
  const current = AssignmentSchema.safeParse(failure.body?.assignment);
  if (failure.status === 409) {
    // already_decided: still the reviewer's, now decided: show it as the server has it. Otherwise
    // (not_assignee, cancelled) it left the reviewer's queue anyway and the feed will say so.
    if (failure.body?.code === 'already_decided' && current.success) cache.assignments.upsert(current.data);
  } else {
    // Any other refusal leaves it the reviewer's: put back the copy taken at release (the pull
    // skipped it meanwhile, so the next change on the server is what brings it up to date).
    cache.assignments.upsert(item.body.assignment);
  }
  refused(c, item, [id], failure, 'release.refused');
}

function refused(c: SettleContext, item: TagsItem | ReleaseItem, ids: number[], failure: BackendError, action: string): void {
  const status = failure.status ?? 0;
  const error = errorOf(status, (failure.body ?? {}) as ErrorBodyLike, item.kind === 'release' ? 'release' : 'tag change');
  c.cache.decisions.audit(c.at, action, item.assignmentId, item.key, {
    status,
    code: error.code,
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
  });
  c.log.warn(`the server refused a ${item.kind === 'release' ? 'release' : 'tag change'}`, { status, code: error.code });
  c.report.refused++;
  c.onRefused({
    key: item.key,
    kind: item.kind,
    assignmentIds: ids,
    outcome: 'refused',
    status,
    code: error.code,
    message: error.message,
  });
}
