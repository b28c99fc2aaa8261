/**
 * Push: drain the outbox oldest first, in one pass per call. Runs of
 * decisions go through the batch route; tag changes and releases go one by
 * one in their place, so the order the reviewer acted in is the order the
 * server hears it. Each item is settled by what the backend answered for it
 * (settle.ts). Only network failures, timeouts, 5xx and 429 are retried,
 * later, by timer, with capped exponential backoff and jitter; a refused
 * token stops everything at once and defers nothing.
 *
 * Batches made only of decisions are pipelined: once the server has answered
 * one, the next goes out while the answer is settled here, so the server's
 * work and ours overlap (the server still hears them one after the other).
 * A crash in between leaves both in the outbox; their keys make the resend
 * harmless.
 */
import type { OutboxRefusal } from '../../shared/contract';
import type { BackendAdapter, PushResult } from '../backend/adapter';
import { BackendError } from '../backend/http-client';
import type { OutboxItem } from '../db/decisions.repo';
import type { Logger } from '../log';
import type { Cache } from './cache';
import { nextTurn } from '../next-turn';
import { isRetryableStatus, settleDecision, settleRelease, settleTags, type PushReport, type SettleContext } from './settle';

export type { PushReport } from './settle';

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
/** Decisions that already failed this often go one request each: if one of them makes the server fail the whole batch, it then fails alone. */
const SINGLY_AFTER_ATTEMPTS = 2;

type DecisionItem = Extract<OutboxItem, { kind: 'decision' }>;

interface PushContext {
  cache: Cache;
  backend: BackendAdapter;
  log: Logger;
  now: () => Date;
  backoff: Backoff;
  report: PushReport;
  onRefused: (r: OutboxRefusal) => void;
}

export async function push(
  cache: Cache,
  backend: BackendAdapter,
  log: Logger,
  now: () => Date,
  backoff: Backoff,
  onRefused: (r: OutboxRefusal) => void = () => {},
): Promise<PushReport> {
  const report: PushReport = { sent: 0, conflicts: 0, parked: 0, refused: 0, deferred: 0 };
  const ctx: PushContext = { cache, backend, log, now, backoff, report, onRefused };
  // Walking by seq, each item is tried at most once per call, even with a zero backoff.
  let afterSeq = 0;
  for (;;) {
    const items = cache.decisions.due(now().toISOString(), BATCH, afterSeq);
    if (items.length === 0) return report;
    afterSeq = items[items.length - 1]!.seq;
    if (onlyDecisions(items)) {
      afterSeq = await pushDecisionBatches(ctx, items, afterSeq);
      continue;
    }
    let run: DecisionItem[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.kind === 'decision') {
        run.push(item);
        continue;
      }
      if (run.length > 0) await sendDecisions(ctx, run, items.slice(i));
      run = [];
      await sendOne(ctx, item, items.slice(i + 1));
    }
    if (run.length > 0) await sendDecisions(ctx, run, []);
  }
}

function settleContext(ctx: PushContext): SettleContext {
  return {
    cache: ctx.cache,
    log: ctx.log,
    at: ctx.now().toISOString(),
    report: ctx.report,
    onRefused: ctx.onRefused,
    schemas: new Map(),
  };
}

const onlyDecisions = (items: OutboxItem[]): items is DecisionItem[] => items.every((i) => i.kind === 'decision');

/** A run of decisions on the wire: its answer, or why there is none. */
interface Sending {
  run: DecisionItem[];
  answer: Promise<{ ok: true; results: PushResult[] } | { ok: false; error: unknown }>;
}

function startSending(ctx: PushContext, run: DecisionItem[]): Sending {
  const { cache } = ctx;
  const singly = run.some((i) => i.attempts >= SINGLY_AFTER_ATTEMPTS);
  // In flight until settled, not merely until answered: an undo in between would take back a
  // decision the server has recorded (decisions.service.ts).
  for (const i of run) cache.inFlight.add(i.key);
  const answer = ctx.backend
    .pushDecisions(
      run.map((i) => ({ assignmentId: i.assignmentId, body: i.body, attempts: i.attempts })),
      { batch: !singly },
    )
    .then(
      (results) => ({ ok: true as const, results }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  return { run, answer };
}

/** The run is settled (or deferred): no longer in flight. */
function landed(ctx: PushContext, run: DecisionItem[]): void {
  for (const i of run) ctx.cache.inFlight.delete(i.key);
}

async function sendDecisions(ctx: PushContext, run: DecisionItem[], rest: OutboxItem[]): Promise<void> {
  const a = await startSending(ctx, run).answer;
  try {
    if (!a.ok) stopPass(ctx, a.error, [...run, ...rest]);
    settleAnswers(ctx, run, a.results);
  } finally {
    landed(ctx, run);
  }
}

/**
 * Batches of decisions only, one after the other, each sent as soon as the
 * one before it is answered and settled while it travels. Returns the seq
 * reached; a batch that holds something else is left to the caller.
 */
async function pushDecisionBatches(ctx: PushContext, first: DecisionItem[], afterSeq: number): Promise<number> {
  let current = startSending(ctx, first);
  for (;;) {
    const a = await current.answer;
    let next: Sending | null = null;
    try {
      if (!a.ok) stopPass(ctx, a.error, current.run);
      const items = ctx.cache.decisions.due(ctx.now().toISOString(), BATCH, afterSeq);
      if (items.length > 0 && onlyDecisions(items)) {
        afterSeq = items[items.length - 1]!.seq;
        next = startSending(ctx, items);
        // On the wire before the settling below holds this thread: fetch writes a request some
        // promise hops and a turn after it is asked for, and settled first, the batch left only
        // after it, the server idle meanwhile (10,000 decisions: 1,700-2,300 a second, 2,700-2,900 so).
        await nextTurn();
      }
      try {
        settleAnswers(ctx, current.run, a.results);
      } catch (e) {
        // The cache refused the write (a full disk): what is on the wire is settled by a later pass.
        if (next) {
          await next.answer;
          landed(ctx, next.run);
        }
        throw e;
      }
    } finally {
      landed(ctx, current.run);
    }
    if (!next) return afterSeq;
    current = next;
  }
}

/** Settles what the server answered for a run, in one transaction; what it left unanswered waits for a retry. */
function settleAnswers(ctx: PushContext, run: DecisionItem[], results: PushResult[]): void {
  const { cache } = ctx;
  const byId = new Map(results.map((r) => [r.decisionId, r]));
  const sc = settleContext(ctx);
  cache.db.transaction(() => {
    for (const item of run) {
      const r = byId.get(item.key);
      if (r && !isRetryableStatus(r.status)) settleDecision(sc, item, r);
    }
  })();
  const unanswered = run.filter((i) => !byId.has(i.key) || isRetryableStatus(byId.get(i.key)!.status));
  if (unanswered.length > 0) defer(ctx, unanswered, new Error('the server did not settle this decision'));
}

async function sendOne(ctx: PushContext, item: Exclude<OutboxItem, DecisionItem>, rest: OutboxItem[]): Promise<void> {
  const { cache } = ctx;
  if (item.kind === 'set_tags') {
    // Tag changes on the same assignment must reach the server in order: one waits behind an earlier one still retrying.
    const ids = new Set(item.body.ids);
    const earlier = cache.decisions
      .pendingTagChanges()
      .filter((p) => p.seq < item.seq && p.kind === 'set_tags' && p.body.ids.some((id) => ids.has(id)));
    if (earlier.length > 0) {
      const until = earlier.map((p) => p.nextAttemptAt ?? ctx.now().toISOString()).sort()[earlier.length - 1]!;
      cache.decisions.defer(item.key, until, 'waiting for an earlier tag change', false);
      ctx.report.deferred++;
      return;
    }
  }
  let failure: BackendError | null = null;
  let updated = 0;
  cache.inFlight.add(item.key);
  try {
    if (item.kind === 'set_tags') {
      const { ids, tags, action } = item.body;
      updated = (await ctx.backend.setTags({ ids, tags, action })).updated;
    } else {
      await ctx.backend.release(item.assignmentId, item.key);
    }
  } catch (e) {
    if (!(e instanceof BackendError) || e.status === null || e.status === 429 || e.code === 'unauthorized') {
      stopPass(ctx, e, [item, ...rest]);
    }
    if (e.retryable) {
      defer(ctx, [item], e); // a 5xx for this one item: the others still go
      return;
    }
    failure = e;
  } finally {
    cache.inFlight.delete(item.key);
  }
  const sc = settleContext(ctx);
  cache.db.transaction(() => {
    if (item.kind === 'set_tags') settleTags(sc, item, failure, updated);
    else settleRelease(sc, item, failure);
  })();
}

/**
 * No network, a 429, a failed batch or a refused token: nothing more is sent
 * in this pass. All but the token case wait for their retry time; with a
 * refused token nothing is deferred, so signing in again sends it all at once.
 */
function stopPass(ctx: PushContext, e: unknown, items: OutboxItem[]): never {
  if (!(e instanceof BackendError && e.code === 'unauthorized')) defer(ctx, items, e);
  throw e;
}

function defer(ctx: PushContext, items: OutboxItem[], e: unknown): void {
  const retryAfter = e instanceof BackendError ? e.retryAfterMs : null;
  const message = e instanceof Error ? e.message : String(e);
  const t = ctx.now().getTime();
  ctx.cache.db.transaction(() => {
    for (const item of items) {
      const next = new Date(t + ctx.backoff.delayMs(item.attempts + 1, retryAfter)).toISOString();
      ctx.cache.decisions.defer(item.key, next, message);
    }
  })();
  ctx.report.deferred += items.length;
}
