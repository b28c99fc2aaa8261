/** The native Review Backend Protocol v1 (../shared/protocol.md). */
import {
  AssignmentSchema,
  BatchResultSchema,
  ChangesPageSchema,
  FormSchema,
  HealthSchema,
  MeSchema,
  StatisticsSchema,
} from '../../shared/protocol';
import type { BackendAdapter, PushResult } from './adapter';
import { BackendError, createHttpClient, type FetchFn } from './http-client';

const BATCH_MAX = 500;

export function createProtocolAdapter(opts: {
  baseUrl: string;
  token: string;
  fetch?: FetchFn;
  timeoutMs?: number;
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
      const qs = new URLSearchParams({ limit: String(limit) });
      if (since) qs.set('since', since);
      const page = await http.request('GET', `/sync/assignments/?${qs}`, { schema: ChangesPageSchema, timeoutMs: 60_000 });
      return { changes: page.changes, cursor: page.cursor, hasMore: page.has_more };
    },
    assignment: (id) => http.request('GET', `/assignments/${id}/`, { schema: AssignmentSchema }),
    form: (ref) => http.request('GET', `/forms/${encodeURIComponent(ref.id)}/versions/${ref.version}/`, { schema: FormSchema }),
    statistics: () => http.request('GET', '/statistics/?assignee=me', { schema: StatisticsSchema }),

    async pushDecisions(items) {
      const results: PushResult[] = [];
      if (batchSupported && items.length > 1) {
        try {
          for (let i = 0; i < items.length; i += BATCH_MAX) {
            const chunk = items.slice(i, i + BATCH_MAX);
            const res = await http.request('POST', '/decisions/batch/', {
              body: { decisions: chunk.map((x) => ({ assignment_id: x.assignmentId, ...x.body })) },
              schema: BatchResultSchema,
              timeoutMs: 60_000,
            });
            results.push(...res.results.map((r) => ({ decisionId: r.decision_id, status: r.status, body: r.body })));
          }
          return results;
        } catch (e) {
          // A backend without the batch route: fall back to single decisions for good.
          if (e instanceof BackendError && (e.status === 404 || e.status === 405) && results.length === 0) batchSupported = false;
          else if (results.length > 0) return results;
          else throw e;
        }
      }
      for (const x of items) {
        try {
          const body = await http.request('POST', `/assignments/${x.assignmentId}/decisions/`, {
            body: x.body,
            headers: { 'Idempotency-Key': x.body.decision_id },
          });
          results.push({ decisionId: x.body.decision_id, status: 201, body });
        } catch (e) {
          if (!(e instanceof BackendError) || e.retryable) {
            if (results.length > 0) return results; // what was answered so far counts; the rest retries
            throw e;
          }
          results.push({ decisionId: x.body.decision_id, status: e.status ?? 0, body: e.body ?? {} });
        }
      }
      return results;
    },
  };
}
