/** The native Review Backend Protocol v1 (../shared/protocol.md). */
import { z } from 'zod';
import {
  AssignmentSchema,
  BatchResultSchema,
  ChangesPageSchema,
  FormSchema,
  HealthSchema,
  MeSchema,
  StatisticsSchema,
} from '../../shared/protocol';
import type { Logger } from '../log';
import type { BackendAdapter, PageProblem, PushResult } from './adapter';
import { assignmentSpans } from './feed-spans';
import { BackendError, badShape, createHttpClient, notJson, type FetchFn, type HttpClient } from './http-client';

const BATCH_MAX = 500;
const SetTagsAnswer = z.object({ updated: z.number().int() }).passthrough();

export function createProtocolAdapter(opts: {
  baseUrl: string;
  token: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  /** Hears of answers the adapter could not use (the UI does not: it only sees the decisions' fate). */
  log?: Logger;
}): BackendAdapter {
  const http = createHttpClient(opts);
  /** Flips to false the first time the backend answers 404/405 for the batch route. */
  let batchSupported = true;

  return {
    baseUrl: http.baseUrl,
    me: () => http.request('GET', '/me/', { schema: MeSchema }),
    async health() {
      try {
        const h = await http.request('GET', '/health/', { schema: HealthSchema, auth: false, timeoutMs: 5000 });
        return h.status === 'ok';
      } catch {
        return false;
      }
    },
    async changes(since, limit) {
      let bytes: Uint8Array | null = null;
      const page = await http.request('GET', feedPath(since, limit), {
        schema: ChangesPageSchema,
        timeoutMs: 60_000,
        onBytes: (b) => (bytes = b),
      });
      const raw = bytes as Uint8Array | null;
      let spans: (Uint8Array | null)[] | null | undefined;
      const assignmentJson = raw ? () => (spans ??= assignmentSpans(raw, page.changes.length)) : null;
      return {
        changes: page.changes,
        cursor: page.cursor,
        hasMore: page.has_more,
        ...(assignmentJson ? { assignmentJson } : {}),
      };
    },
    async changesBytes(since, limit, via) {
      const path = feedPath(since, limit);
      const badResponse = (problem: PageProblem) => {
        const url = `${http.baseUrl}${path}`;
        return problem.kind === 'not_json' ? notJson('GET', url, 200) : badShape('GET', url, 200, problem.detail);
      };
      // A fetch given to tests (fault injection) is this thread's: the worker would not use it.
      if (via && !opts.fetch) return { held: await http.requestHeld(path, via, { timeoutMs: 60_000 }), badResponse };
      return { bytes: await http.requestBytes('GET', path, { timeoutMs: 60_000 }), badResponse };
    },
    assignment: (id) => http.request('GET', `/assignments/${id}/`, { schema: AssignmentSchema }),
    form: (ref) => http.request('GET', `/forms/${encodeURIComponent(ref.id)}/versions/${ref.version}/`, { schema: FormSchema }),
    statistics: () => http.request('GET', '/statistics/?assignee=me', { schema: StatisticsSchema }),
    tags: () => http.request('GET', '/tags/', { schema: z.array(z.unknown()) }),
    setTags: (change) => http.request('POST', '/assignments/set_tags/', { body: change, schema: SetTagsAnswer }),
    // No schema: a 2xx means the release happened, whatever the body looks like.
    release: (id, key) => http.request('POST', `/assignments/${id}/release/`, { headers: { 'Idempotency-Key': key } }),
    events: (signal) => http.openStream('/events/', signal),

    async pushDecisions(items, pushOpts = {}) {
      if (batchSupported && pushOpts.batch !== false && items.length > 1) {
        const results: PushResult[] = [];
        for (let i = 0; i < items.length; i += BATCH_MAX) {
          const chunk = items.slice(i, i + BATCH_MAX);
          try {
            const res = await http.request('POST', '/decisions/batch/', {
              body: { decisions: chunk.map((x) => ({ assignment_id: x.assignmentId, ...x.body })) },
              schema: BatchResultSchema,
              timeoutMs: 60_000,
            });
            results.push(...res.results.map((r) => ({ decisionId: r.decision_id, status: r.status, body: r.body })));
          } catch (e) {
            if (!(e instanceof BackendError) || e.retryable || e.code === 'unauthorized') {
              if (results.length > 0) return results; // what was answered so far counts; the rest retries
              throw e;
            }
            // A backend without the batch route: single decisions from now on.
            if (e.status === 404 || e.status === 405) batchSupported = false;
            else
              opts.log?.warn('the batch route refused or garbled a batch; sending it one by one', {
                status: e.status,
                code: e.code,
                message: e.message,
              });
            // Any other refusal of the whole batch (400, 413, 422, a garbled answer) may be one
            // bad item spoiling it for all: send this chunk one by one so the good ones still go.
            const singly = await pushSingly(http, chunk, results.length > 0);
            results.push(...singly);
            if (singly.length < chunk.length) return results; // stopped by the network or the token: the rest waits
          }
        }
        return results;
      }
      return pushSingly(http, items, false);
    },
  };
}

async function pushSingly(
  http: HttpClient,
  items: { assignmentId: number; body: { decision_id: string } }[],
  answeredBefore: boolean,
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const x of items) {
    try {
      const body = await http.request('POST', `/assignments/${x.assignmentId}/decisions/`, {
        body: x.body,
        headers: { 'Idempotency-Key': x.body.decision_id },
      });
      results.push({ decisionId: x.body.decision_id, status: 201, body });
    } catch (e) {
      // An answer that is not the protocol's (a captive portal's 200 login page, a proxy's garbage)
      // says nothing about the decision: no answer (status 0), retried later, and the others still go.
      if (e instanceof BackendError && e.code === 'bad_response') {
        results.push({ decisionId: x.body.decision_id, status: 0, body: {} });
        continue;
      }
      // No network, a 429 and a refused token stop the run (answers so far still count). A 5xx
      // is this decision's own answer: the caller retries it later, and the others still go.
      if (!(e instanceof BackendError) || e.status === null || e.status === 429 || e.code === 'unauthorized') {
        if (results.length > 0 || answeredBefore) return results;
        throw e;
      }
      results.push({ decisionId: x.body.decision_id, status: e.status ?? 0, body: e.body ?? {} });
    }
  }
  return results;
}

/** The changes feed's path for a page. */
function feedPath(since: string | null, limit: number): string {
  const qs = new URLSearchParams({ limit: String(limit) });
  if (since) qs.set('since', since);
  return `/sync/assignments/?${qs}`;
}
