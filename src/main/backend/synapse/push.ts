/**
 * Decisions to Synapse, one at a time (it has no batch route and no
 * idempotency keys). For each decision:
 *
 * 1. Re-read the assignment (`GET assignments/{id}/`). Always, not only on a
 *    retry: a crash between the send and recording its answer leaves no
 *    attempt counted, and the re-read is also how conflicts are noticed on a
 *    backend that would accept a decision on anything.
 *    - gone → 404; given to someone else → 409 `not_assignee`; cancelled →
 *      409 `cancelled`;
 *    - closed (completed / rejected) with this decision's values in its data
 *      and no other outcome's tag → already applied (the answer to an earlier
 *      send was lost): 200 with the assignment, nothing sent again;
 *    - closed otherwise → 409 `already_decided`;
 *    - open, but its data is not what the reviewer decided on (the cached
 *      copy, `lookup`) → 409 `stale`.
 * 2. Send the values with the configured method to the configured route
 *    (default `PUT tasks/{task}/annotate_task_data/`). A derived form's values
 *    are laid over the data the reviewer saw (forms.ts).
 * 3. Add the outcome's tag (`config.outcomeTags`) with set_tags.
 * 4. Re-read, and answer 201 with the assignment as Synapse now has it.
 *
 * A network failure, timeout or 429 stops the run as in the native adapter
 * (what was answered so far counts; the engine retries the rest and counts
 * the attempt); a 5xx or an unreadable answer is that decision's own (retried
 * later) and the others still go; a refused token stops everything.
 */
import type { SynapseConfig } from '../../../shared/backends';
import type { Assignment, DecisionBody } from '../../../shared/protocol';
import type { Logger } from '../../log';
import type { PushItem, PushResult } from '../adapter';
import { BackendError, type HttpClient } from '../http-client';
import { isDerivedForm, isPlainObject, stableJson } from './forms';
import { CLOSED_STATUSES, taskOf, type Mapped } from './records';

export interface PushDeps {
  http: HttpClient;
  config: Pick<SynapseConfig, 'decision' | 'outcomeTags'>;
  log?: Logger;
  lookup?: (id: number) => Assignment | null;
  /** Whose queue this is (null: unknown, no assignee checks). */
  owner(): Promise<number | null>;
  map(raw: unknown): Mapped;
}

type Answer = Omit<PushResult, 'decisionId'>;

export async function pushDecisions(d: PushDeps, items: PushItem[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const item of items) {
    const decisionId = item.body.decision_id;
    let answer: Answer;
    try {
      answer = await pushOne(d, item);
    } catch (e) {
      if (stopsTheRun(e)) {
        if (results.length > 0) return results;
        throw e;
      }
      answer = answerFor(e as BackendError);
    }
    results.push({ decisionId, ...answer });
  }
  return results;
}

function stopsTheRun(e: unknown): boolean {
  return !(e instanceof BackendError) || e.status === null || e.status === 429 || e.code === 'unauthorized';
}

/** A refusal as the native protocol would have answered it. */
function answerFor(e: BackendError): Answer {
  // An answer that is not Synapse's (a captive portal's page) says nothing: no answer, retried later.
  if (e.code === 'bad_response') return { status: 0, body: {} };
  const body = { ...(e.body ?? {}), detail: e.body?.detail ?? e.message };
  if (e.status === 400 || e.status === 422) return { status: 422, body: { ...body, code: 'validation' } };
  return { status: e.status ?? 0, body };
}

async function pushOne(d: PushDeps, item: PushItem): Promise<Answer> {
  const id = item.assignmentId;
  const seen = d.lookup?.(id) ?? null;
  const before = await reread(d, id);
  if (before === 'gone') return gone();
  const current = before?.ok ? before.assignment : null;
  const payload = payloadFor(item.body, seen?.data ?? current?.data);

  if (current) {
    const conflict = (code: string, detail: string): Answer => ({ status: 409, body: { detail, code, assignment: current } });
    const owner = await d.owner();
    if (owner !== null && current.assignee !== owner)
      return conflict('not_assignee', 'This assignment was given to someone else.');
    if (current.status === 'cancelled') return conflict('cancelled', 'This assignment was cancelled.');
    if (CLOSED_STATUSES.includes(current.status)) {
      // A derived form's payload is the whole data the reviewer saw, corrected: Synapse holds exactly that once applied.
      // Without that copy the payload is mostly the current data: then only the values prove anything.
      const whole = seen !== null && isDerivedForm(item.body.form);
      if (!alreadyApplied(d, current, item.body, whole ? payload : item.body.values, whole)) {
        return conflict('already_decided', 'This assignment was already decided on Synapse.');
      }
      if (item.attempts === 0) d.log?.info('a decision Synapse already holds was not sent again', { assignment: id });
      const tagged = await addOutcomeTag(d, id, item.body.outcome);
      if (tagged === 'retry') return { status: 0, body: {} };
      const after = tagged === 'added' ? await rereadQuietly(d, id) : current;
      return { status: 200, body: { assignment: after ?? current } };
    }
    if (seen && stableJson(seen.data) !== stableJson(current.data)) {
      return conflict('stale', 'The assignment changed on Synapse after you opened it.');
    }
  }

  const task = (before?.ok ? before.task : null) ?? taskOf(seen);
  const project = current?.project ?? seen?.project ?? null;
  const path = fillTemplate(d.config.decision.path, { task, assignment: id, project });
  if (path === null) {
    return {
      status: 422,
      body: {
        code: 'validation',
        detail: 'Synapse did not say which task this assignment belongs to, so the decision has nowhere to go.',
      },
    };
  }
  try {
    await d.http.request(d.config.decision.method, path, { body: payload, timeoutMs: 60_000 });
  } catch (e) {
    if (e instanceof BackendError && e.status === 409) {
      const now = await rereadQuietly(d, id);
      return {
        status: 409,
        body: {
          ...(e.body ?? {}),
          detail: e.body?.detail ?? e.message,
          code: e.body?.code ?? 'conflict',
          assignment: now ?? current,
        },
      };
    }
    throw e;
  }
  const tagged = await addOutcomeTag(d, id, item.body.outcome);
  if (tagged === 'retry') return { status: 0, body: {} }; // sent: the retry finds it applied and only adds the tag
  const after = await rereadQuietly(d, id);
  return { status: 201, body: after ? { assignment: after } : {} };
}

const gone = (): Answer => ({ status: 404, body: { code: 'not_found', detail: 'This assignment no longer exists on Synapse.' } });

/** The assignment as Synapse has it; 'gone' for a 404; null when its record cannot be read (then no checks, only the send). */
async function reread(d: PushDeps, id: number): Promise<Mapped | 'gone' | null> {
  let raw: unknown;
  try {
    raw = await d.http.request('GET', `/assignments/${id}/`);
  } catch (e) {
    if (e instanceof BackendError && e.status === 404) return 'gone';
    throw e;
  }
  const mapped = d.map(raw);
  if (!mapped.ok) {
    d.log?.warn('could not read a Synapse assignment before sending a decision', { assignment: id, problem: mapped.problem });
    return null;
  }
  return mapped;
}

/** After the decision went through: a failure here must not make it look unsent. */
async function rereadQuietly(d: PushDeps, id: number): Promise<Assignment | null> {
  try {
    const m = await reread(d, id);
    return m && m !== 'gone' && m.ok ? m.assignment : null;
  } catch {
    return null;
  }
}

/**
 * What is sent: the form's values; for a derived form, the data the reviewer
 * saw with the values laid over it (a field left empty keeps its value).
 */
export function payloadFor(body: DecisionBody, base: unknown): Record<string, unknown> {
  if (!isDerivedForm(body.form) || !isPlainObject(base)) return body.values;
  return deepMerge(base, body.values);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * Whether a closed assignment holds this decision: its data is the payload
 * (`whole`) or has every value of it, and it carries no other outcome's tag.
 * An empty payload proves nothing; then only this outcome's tag does.
 */
function alreadyApplied(
  d: PushDeps,
  current: Assignment,
  body: DecisionBody,
  payload: Record<string, unknown>,
  whole: boolean,
): boolean {
  const tags = d.config.outcomeTags;
  const own = tags[body.outcome];
  for (const [outcome, tag] of Object.entries(tags)) {
    if (outcome !== body.outcome && tag !== own && current.tags.includes(tag)) return false;
  }
  if (whole) return stableJson(current.data) === stableJson(payload);
  const keys = Object.keys(payload);
  if (keys.length === 0) return own !== undefined && current.tags.includes(own);
  if (!isPlainObject(current.data)) return false;
  const data = current.data;
  return keys.every((k) => stableJson(data[k]) === stableJson(payload[k]));
}

/** 'added', 'none' (no tag for this outcome, or Synapse refused it for good: logged), or 'retry'. */
async function addOutcomeTag(d: PushDeps, id: number, outcome: string): Promise<'added' | 'none' | 'retry'> {
  const tag = d.config.outcomeTags[outcome];
  if (tag === undefined) return 'none';
  try {
    await d.http.request('POST', '/assignments/set_tags/', { body: { ids: [id], tags: [tag], action: 'add' } });
    return 'added';
  } catch (e) {
    if (e instanceof BackendError && e.code === 'unauthorized') throw e;
    if (!(e instanceof BackendError) || e.retryable || e.code === 'bad_response') return 'retry';
    d.log?.warn('Synapse refused the outcome tag of a decision it accepted', { assignment: id, tag, status: e.status });
    return 'none';
  }
}

/** The configured route with `{task}`, `{assignment}` and `{project}` filled in; null when a placeholder has no value. */
export function fillTemplate(
  template: string,
  v: { task: number | null; assignment: number; project: number | null },
): string | null {
  let missing = false;
  const path = template.replace(/\{(task|assignment|project)\}/g, (_m, name: 'task' | 'assignment' | 'project') => {
    const value = v[name];
    if (value === null) missing = true;
    return encodeURIComponent(String(value));
  });
  if (missing) return null;
  return path.startsWith('/') ? path : `/${path}`;
}
