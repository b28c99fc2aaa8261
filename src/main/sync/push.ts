/**
 * Push: drain the outbox oldest first. Each item is settled by what the
 * backend answered for it — sent, conflict (409) or parked (422/404) — and
 * leaves the outbox in the same transaction that records that answer.
 * Only network failures, timeouts, 5xx and 429 are retried, later, by timer.
 */
import { AssignmentSchema } from '../../shared/protocol';
import type { LocalDecision } from '../../shared/contract';
import type { BackendAdapter, PushResult } from '../backend/adapter';
import { BackendError } from '../backend/http-client';
import type { Logger } from '../log';
import type { Cache } from './cache';
import type { OutboxItem } from '../db/decisions.repo';

export interface PushReport {
  sent: number;
  conflicts: number;
  parked: number;
  deferred: number;
}

export interface Backoff {
  /** Delay before the n-th retry (n starts at 1), jitter included. */
  delayMs(attempt: number, retryAfterMs: number | null): number;
}

export function exponentialBackoff(random: () => number = Math.random, baseMs = 1000, capMs = 5 * 60_000): Backoff {
  return {
    delayMs(attempt, retryAfterMs) {
      if (retryAfterMs !== null) return retryAfterMs;
      const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 20));
      // "Equal jitter": never less than half the step, so retries do spread but do not hammer.
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    },
  };
}

const BATCH = 500;

export async function push(
  cache: Cache,
  backend: BackendAdapter,
  log: Logger,
  now: () => Date,
  backoff: Backoff,
): Promise<PushReport> {
  const report: PushReport = { sent: 0, conflicts: 0, parked: 0, deferred: 0 };
  for (;;) {
    const items = cache.decisions.due(now().toISOString(), BATCH);
    if (items.length === 0) return report;
    let results: PushResult[];
    try {
      results = await backend.pushDecisions(items.map((i) => ({ assignmentId: i.assignmentId, body: i.body })));
    } catch (e) {
      if (e instanceof BackendError && !e.retryable) throw e; // 401 and friends: the engine pauses
      deferAll(cache, items, e, now, backoff);
      report.deferred += items.length;
      throw e;
    }
    const byId = new Map(results.map((r) => [r.decisionId, r]));
    let answered = 0;
    cache.db.transaction(() => {
      for (const item of items) {
        const r = byId.get(item.key);
        if (!r) continue;
        answered++;
        settle(cache, item, r, now().toISOString(), report, log);
      }
    })();
    const unanswered = items.filter((i) => !byId.has(i.key) || isRetryableStatus(byId.get(i.key)!.status));
    if (unanswered.length > 0) {
      deferAll(cache, unanswered, new Error('no answer for this decision'), now, backoff);
      report.deferred += unanswered.length;
    }
    if (answered === 0) return report;
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

function settle(cache: Cache, item: OutboxItem, r: PushResult, at: string, report: PushReport, log: Logger): void {
  const body = (r.body ?? {}) as { assignment?: unknown; detail?: string; code?: string; errors?: Record<string, string[]> };
  if (isRetryableStatus(r.status)) return; // left in the outbox; deferred by the caller
  const current = AssignmentSchema.safeParse(body.assignment);
  if (r.status === 200 || r.status === 201) {
    cache.decisions.settle(item.key, 'sent', at, null, null);
    if (current.success) cache.assignments.upsert(current.data);
    cache.assignments.setLocalState(item.assignmentId, 'none');
    cache.decisions.audit(at, 'decision.sent', item.assignmentId, item.key, { status: r.status });
    report.sent++;
    return;
  }
  const error: LocalDecision['error'] = {
    code: body.code ?? String(r.status),
    message: body.detail ?? `The server refused this decision (${r.status})`,
    ...(body.errors ? { fields: body.errors } : {}),
  };
  if (r.status === 409) {
    cache.decisions.settle(item.key, 'conflict', at, error, current.success ? current.data : null);
    cache.assignments.setLocalState(item.assignmentId, 'conflict');
    report.conflicts++;
  } else {
    cache.decisions.settle(item.key, 'parked', at, error, null);
    cache.assignments.setLocalState(item.assignmentId, 'parked');
    report.parked++;
  }
  cache.decisions.audit(at, `decision.${r.status === 409 ? 'conflict' : 'parked'}`, item.assignmentId, item.key, {
    status: r.status,
    code: error.code,
    message: error.message,
  });
  log.warn('the server refused a decision', { assignment: item.assignmentId, status: r.status, code: error.code });
}

function deferAll(cache: Cache, items: OutboxItem[], e: unknown, now: () => Date, backoff: Backoff): void {
  const retryAfter = e instanceof BackendError ? e.retryAfterMs : null;
  const message = e instanceof Error ? e.message : String(e);
  cache.db.transaction(() => {
    for (const item of items) {
      const next = new Date(now().getTime() + backoff.delayMs(item.attempts + 1, retryAfter)).toISOString();
      cache.decisions.defer(item.key, next, message);
    }
  })();
}
