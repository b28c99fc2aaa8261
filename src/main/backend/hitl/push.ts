/**
 * Decisions as fulfil / reject calls. The service has no idempotency keys,
 * so exactly-once rests on reading before resending: a decision whose
 * earlier send ended without a known outcome (`attempts` > 0) re-reads the
 * request first and is reported applied, not sent again, when the request
 * already carries it. Answers follow the native single-decision semantics:
 * 201/200 `{assignment}`, 409 `{detail, code, assignment}` (handled
 * elsewhere or cancelled), 422 `{detail, code, errors}`, 404, and 5xx / 0
 * for "no known outcome" (the outbox retries those, re-reading first).
 * Form values go only into the request body: never into a log line or a
 * message (errors.ts scrubs what the service repeats back).
 */
import { AssignmentSchema, type Assignment } from '../../../shared/protocol';
import type { Logger } from '../../log';
import type { PushItem, PushResult } from '../adapter';
import { BackendError, type HttpClient } from '../http-client';
import { FULFILL, REJECT } from './forms';
import type { MappedRequest } from './records';

export interface PushDeps {
  http: HttpClient;
  reviewerName: string;
  meId: number;
  log?: Logger;
  requestIdOf(appId: number): string;
  map(raw: unknown): MappedRequest;
  cached(appId: number): Assignment | null;
}

type Current = { gone: true } | { gone: false; assignment: Assignment };

export async function pushDecisions(deps: PushDeps, items: PushItem[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const item of items) {
    try {
      results.push(await pushOne(deps, item));
    } catch (e) {
      // No network, a 429 or a refused token: the run stops; what was answered so far counts.
      if (results.length > 0) return results;
      throw e;
    }
  }
  return results;
}

async function pushOne(deps: PushDeps, item: PushItem): Promise<PushResult> {
  const decisionId = item.body.decision_id;
  const { outcome } = item.body;
  if (outcome !== FULFILL && outcome !== REJECT) {
    return {
      decisionId,
      status: 422,
      body: { detail: `A HITL request can only be fulfilled or rejected, not "${outcome}"`, code: 'validation' },
    };
  }
  const requestId = deps.requestIdOf(item.assignmentId);
  try {
    if (item.attempts > 0) {
      const current = await read(deps, requestId);
      const verdict = judge(deps, current, item);
      if (verdict) {
        if (verdict.status === 200)
          deps.log?.info('a decision sent before without an answer was already applied; not sent again', {
            assignment: item.assignmentId,
            decision: decisionId,
          });
        return { decisionId, ...verdict };
      }
    }
    return { decisionId, ...(await send(deps, requestId, item)) };
  } catch (e) {
    return { decisionId, ...failure(e) };
  }
}

async function send(deps: PushDeps, requestId: string, item: PushItem): Promise<Omit<PushResult, 'decisionId'>> {
  const { outcome, values, comment } = item.body;
  // An empty string rather than null or nothing: every notes/reason field a service may declare accepts it.
  const body =
    outcome === FULFILL
      ? { fulfilled_by: deps.reviewerName, response_data: values, notes: comment ?? '' }
      : { rejected_by: deps.reviewerName, reason: comment ?? '' };
  let answer: unknown;
  try {
    answer = await deps.http.request('POST', `/hitl/requests/${encodeURIComponent(requestId)}/${outcome}`, { body });
  } catch (e) {
    if (!(e instanceof BackendError) || (e.status !== 400 && e.status !== 409)) throw e;
    // "Not pending": someone else handled it, or it was cancelled. Anything else the request still
    // waits for is a refusal of these values.
    const current = await read(deps, requestId);
    const verdict = judge(deps, current, item);
    if (verdict) return verdict;
    return {
      status: 422,
      body: { detail: e.message, code: e.body?.code ?? 'validation', ...(e.body?.errors ? { errors: e.body.errors } : {}) },
    };
  }
  return { status: 201, body: { assignment: await appliedCopy(deps, requestId, item, answer) } };
}

/** What the service says now: the result to report, or null when the request still waits (send it). */
function judge(deps: PushDeps, current: Current, item: PushItem): Omit<PushResult, 'decisionId'> | null {
  if (current.gone) return { status: 404, body: { detail: 'The request no longer exists on the service', code: 'not_found' } };
  const a = current.assignment;
  if (a.status === 'pending' || a.status === 'in_progress') return null;
  const wanted = item.body.outcome === FULFILL ? 'completed' : 'rejected';
  const by = a.metadata[item.body.outcome === FULFILL ? 'fulfilled_by' : 'rejected_by'];
  // Ours when it names this reviewer; a service that does not say who is trusted only for a decision
  // we did send before without hearing back (a first send's "not pending" is always someone else's).
  const ours = by === deps.reviewerName || (by === undefined && item.attempts > 0);
  if (a.status === wanted && ours) return { status: 200, body: { assignment: a } };
  const code = a.status === 'cancelled' ? 'cancelled' : 'already_decided';
  const detail = a.status === 'cancelled' ? 'The request was cancelled' : 'The request was already handled elsewhere';
  return { status: 409, body: { detail, code, assignment: a } };
}

async function read(deps: PushDeps, requestId: string): Promise<Current> {
  let raw: unknown;
  try {
    raw = await deps.http.request('GET', `/hitl/requests/${encodeURIComponent(requestId)}`);
  } catch (e) {
    if (e instanceof BackendError && e.status === 404) return { gone: true };
    throw e;
  }
  const parsed = AssignmentSchema.safeParse(deps.map(raw).assignment);
  if (!parsed.success) throw new BackendError('bad_response', 'The service sent a request the app cannot read', 200, null);
  return { gone: false, assignment: parsed.data };
}

/** The assignment after an accepted decision: from the answer, else read again, else the cached copy moved on. */
async function appliedCopy(deps: PushDeps, requestId: string, item: PushItem, answer: unknown): Promise<Assignment | undefined> {
  const fromAnswer = AssignmentSchema.safeParse(deps.map(answer).assignment);
  if (fromAnswer.success && fromAnswer.data.status !== 'pending' && fromAnswer.data.status !== 'in_progress')
    return fromAnswer.data;
  try {
    const current = await read(deps, requestId);
    if (!current.gone) return current.assignment;
  } catch {
    /* the decision is in: its copy is a nicety */
  }
  const cached = deps.cached(item.assignmentId);
  if (!cached) return undefined;
  return {
    ...cached,
    status: item.body.outcome === FULFILL ? 'completed' : 'rejected',
    assignee: deps.meId,
    version: cached.version + 1,
  };
}

/** A failure as this decision's answer, or thrown on when it must stop the run. */
function failure(e: unknown): Omit<PushResult, 'decisionId'> {
  if (!(e instanceof BackendError)) throw e;
  // An answer that is not the service's (a captive portal's page): no known outcome, retried later.
  if (e.code === 'bad_response') return { status: 0, body: {} };
  if (e.status === null || e.status === 429 || e.code === 'unauthorized') throw e;
  if (e.status === 404) return { status: 404, body: { detail: e.message, code: 'not_found' } };
  if (e.status === 422 || e.status === 400)
    return {
      status: 422,
      body: { detail: e.message, code: e.body?.code ?? 'validation', ...(e.body?.errors ? { errors: e.body.errors } : {}) },
    };
  return { status: e.status, body: e.body ?? { detail: e.message } };
}
