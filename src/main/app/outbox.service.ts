/**
 * Tag changes and releases, recorded like decisions: the local change, the
 * outbox row and the audit entry in one transaction, shown in the cache at
 * once, sent when the outbox drains (FIFO with decisions, same retry rules).
 * And the reviewer's view of the outbox: what waits, what the server refused.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxEntry, OutboxList, OutboxReceipt, TagChange } from '../../shared/contract';
import { BACKEND_CAPABILITIES, BACKEND_LABELS } from '../../shared/backends';
import { AppFailure } from '../../shared/result';
import type { OutboxItem, StoredDecision } from '../db/decisions.repo';
import { applyTagChange } from '../sync/tag-effects';
import type { ActiveSession } from './session';
import { knownTagIds } from './tags.service';

export function setTags(s: ActiveSession, change: TagChange, now: () => Date, newId: () => string = randomUUID): OutboxReceipt {
  if (!BACKEND_CAPABILITIES[s.account.backend].tags)
    throw new AppFailure('validation', `${BACKEND_LABELS[s.account.backend]} backends have no tags.`);
  const ids = [...new Set(change.ids)];
  const tags = [...new Set(change.tags)];
  const missing = ids.filter((id) => s.cache.assignments.localState(id) === null);
  if (missing.length > 0) {
    throw new AppFailure('not_found', `Not in your queue: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`);
  }
  // The server would refuse unknown tags (422); say so now when the list is known.
  const known = knownTagIds(s);
  const unknown = known ? tags.filter((t) => !known.has(t)) : [];
  if (unknown.length > 0) {
    throw new AppFailure('validation', `Unknown tags: ${unknown.join(', ')}.`, {
      '/tags': [`Unknown tag ids: ${unknown.join(', ')}.`],
    });
  }
  const key = newId();
  const at = now().toISOString();
  const clean: TagChange = { ids, tags, action: change.action };
  s.cache.db.transaction(() => {
    const before = applyTagChange(s.cache, clean);
    s.cache.decisions.enqueue('set_tags', key, null, { ...clean, before }, at);
    s.cache.decisions.audit(at, 'tags.recorded', null, key, clean);
  })();
  s.engine.notifyLocalChange();
  return { key, state: 'unsent' };
}

export function releaseAssignment(
  s: ActiveSession,
  id: number,
  now: () => Date,
  newId: () => string = randomUUID,
): OutboxReceipt {
  if (!BACKEND_CAPABILITIES[s.account.backend].release)
    throw new AppFailure('validation', `${BACKEND_LABELS[s.account.backend]} backends cannot take assignments back.`);
  const cached = s.cache.assignments.get(id);
  if (!cached) throw new AppFailure('not_found', 'This assignment is no longer in your queue.');
  if (cached.localState !== 'none' || s.cache.decisions.hasUnsent(id)) {
    throw new AppFailure('conflict', 'You have a decision on this assignment that the server has not settled. Resolve it first.');
  }
  const key = newId();
  const at = now().toISOString();
  s.cache.db.transaction(() => {
    // Gone from the queue at once; the outbox row keeps a copy to put back if the server refuses.
    s.cache.decisions.enqueue('release', key, id, { assignment: cached.assignment }, at);
    s.cache.assignments.remove(id);
    s.cache.decisions.audit(at, 'release.recorded', id, key, {
      title: cached.assignment.title,
      version: cached.assignment.version,
    });
  })();
  s.engine.notifyLocalChange();
  return { key, state: 'unsent' };
}

/** What needs the reviewer (conflicts, parked) first, then what waits to be sent, oldest first. */
export function listOutbox(s: ActiveSession, input: { limit?: number; offset?: number } | null | undefined): OutboxList {
  const limit = input?.limit ?? 500;
  const offset = input?.offset ?? 0;
  const d = s.cache.decisions;
  const counts = { unsent: d.pendingCount(), ...d.attentionCounts() };
  const attentionTotal = counts.conflict + counts.parked;
  const items: OutboxEntry[] = [];
  if (offset < attentionTotal) items.push(...d.attention(limit, offset).map((x) => fromDecision(s, x)));
  const room = limit - items.length;
  if (room > 0) items.push(...d.page(room, Math.max(0, offset - attentionTotal)).map((x) => fromItem(s, x)));
  return { items, total: attentionTotal + counts.unsent, counts };
}

function titleOf(s: ActiveSession, id: number): string | null {
  return s.cache.assignments.get(id)?.assignment.title ?? null;
}

function fromDecision(s: ActiveSession, x: StoredDecision): OutboxEntry {
  const { assignmentId, storedState: _s, form: _f, baseVersion: _b, durationMs: _d, server, decidedOn, ...decision } = x;
  return {
    key: x.decisionId,
    kind: 'decision',
    state: x.state === 'conflict' ? 'conflict' : 'parked',
    assignmentIds: [assignmentId],
    title: titleOf(s, assignmentId) ?? server?.title ?? null,
    createdAt: x.createdAt,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    decision,
    tagChange: null,
    error: x.error,
    serverAssignment: x.state === 'conflict' ? server : null,
    decidedOn,
  };
}

function fromItem(s: ActiveSession, x: OutboxItem): OutboxEntry {
  const base = {
    key: x.key,
    kind: x.kind,
    state: 'unsent' as const,
    createdAt: x.createdAt,
    attempts: x.attempts,
    nextAttemptAt: x.nextAttemptAt,
    lastError: x.lastError,
    error: null,
    serverAssignment: null,
  };
  if (x.kind === 'set_tags') {
    const { ids, tags, action } = x.body;
    return {
      ...base,
      assignmentIds: ids,
      title: ids.length === 1 ? titleOf(s, ids[0]!) : null,
      decision: null,
      tagChange: { ids, tags, action },
    };
  }
  if (x.kind === 'release') {
    return { ...base, assignmentIds: [x.assignmentId], title: x.body.assignment.title, decision: null, tagChange: null };
  }
  const stored = s.cache.decisions.get(x.key);
  const decision = stored
    ? {
        decisionId: stored.decisionId,
        outcome: stored.outcome,
        values: stored.values,
        comment: stored.comment,
        state: stored.state,
        createdAt: stored.createdAt,
        error: stored.error,
      }
    : null;
  return { ...base, assignmentIds: [x.assignmentId], title: titleOf(s, x.assignmentId), decision, tagChange: null };
}
