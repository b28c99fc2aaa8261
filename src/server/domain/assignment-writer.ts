/**
 * The one path by which assignments change. Each change bumps `version` and
 * `updated_at`, rewrites the stored doc, and appends to the change log the
 * rows each affected viewer needs (see changes.store.ts). Callers run these
 * inside ctx.tx.
 */
import type { Assignment, AssignmentStatus, FileRef, FormRef, Priority } from '../../shared/protocol';
import { nowIso, type ServerContext } from '../context';
import type { StoredAssignment } from '../store/assignments.repo';
import type { RemoveReason } from '../store/changes.store';

export interface NewAssignment {
  project: number;
  status: AssignmentStatus;
  assignee: number | null;
  priority: Priority;
  kind: string;
  title: string;
  data: unknown;
  files: Record<string, FileRef>;
  form: FormRef;
  tags: number[];
  metadata: Record<string, unknown>;
  due_at: string | null;
  /** Demo data backdates creation; everything else is created now. */
  created_at?: string;
  updated_at?: string;
}

function recordViews(ctx: ServerContext, prevAssignee: number | null, next: Assignment, deleted = false): void {
  const { changes } = ctx.store;
  if (prevAssignee !== null && (deleted || prevAssignee !== next.assignee)) {
    const reason: RemoveReason = deleted ? 'deleted' : 'reassigned';
    changes.record(prevAssignee, next.id, 'remove', reason);
    ctx.hub.touch(prevAssignee);
  }
  if (!deleted && next.assignee !== null) {
    if (next.status === 'cancelled') changes.record(next.assignee, next.id, 'remove', 'cancelled');
    else changes.record(next.assignee, next.id, 'upsert', null);
    ctx.hub.touch(next.assignee);
  }
  if (ctx.changeRetention !== undefined) {
    changes.purgeRemovesUpTo(changes.lastSeq() - ctx.changeRetention);
  }
}

function build(id: number, input: NewAssignment, now: string): Assignment {
  return {
    id,
    project: input.project,
    status: input.status,
    assignee: input.assignee,
    priority: input.priority,
    kind: input.kind,
    title: input.title,
    data: input.data,
    files: input.files,
    form: { id: input.form.id, version: input.form.version },
    tags: input.tags,
    metadata: input.metadata,
    due_at: input.due_at,
    created_at: input.created_at ?? now,
    updated_at: input.updated_at ?? input.created_at ?? now,
    version: 1,
  };
}

/**
 * Creates assignments with consecutive ids, calling `onCreated` for each.
 * Keeps nothing in memory itself, so 100k demo rows go in one transaction.
 */
export function insertAssignments(
  ctx: ServerContext,
  inputs: Iterable<NewAssignment>,
  onCreated?: (a: Assignment) => void,
): number {
  const now = nowIso(ctx);
  const first = ctx.store.assignments.nextId();
  let id = first;
  for (const input of inputs) {
    const a = build(id++, input, now);
    ctx.store.assignments.save(a, a.version);
    recordViews(ctx, null, a);
    onCreated?.(a);
  }
  return id - first;
}

export function createAssignments(ctx: ServerContext, inputs: Iterable<NewAssignment>): Assignment[] {
  const out: Assignment[] = [];
  insertAssignments(ctx, inputs, (a) => out.push(a));
  return out;
}

export interface UpdateOptions {
  /** Skip the write entirely when `mutate` left the assignment as it was (set_tags). */
  onlyIfChanged?: boolean;
  /** The assignment as the caller just read it in this transaction: it is not read (and parsed) again. */
  stored?: StoredAssignment;
}

/**
 * Applies `mutate` to the current assignment and stores the result as a new
 * version. Returns undefined when there is no such assignment; `doc` is the
 * stored text of the new version.
 */
export function updateAssignment(
  ctx: ServerContext,
  id: number,
  mutate: (a: Assignment) => void,
  opts: UpdateOptions = {},
): { assignment: Assignment; changed: boolean; doc?: string } | undefined {
  const stored = opts.stored ?? ctx.store.assignments.get(id);
  if (!stored) return undefined;
  const next = stored.assignment;
  // What the write compares against, taken before `mutate` may change it in place.
  const before = opts.onlyIfChanged ? JSON.stringify(next) : null;
  const prev = { id: next.id, version: next.version, assignee: next.assignee, form: { ...next.form } };
  const prevData = JSON.stringify(next.data);
  mutate(next);
  next.id = prev.id;
  if (before !== null && JSON.stringify(next) === before) return { assignment: JSON.parse(before) as Assignment, changed: false };
  next.version = prev.version + 1;
  next.updated_at = nowIso(ctx);
  const contentChanged =
    prevData !== JSON.stringify(next.data) || prev.form.id !== next.form.id || prev.form.version !== next.form.version;
  const doc = ctx.store.assignments.save(next, contentChanged ? next.version : stored.contentVersion);
  recordViews(ctx, prev.assignee, next);
  return { assignment: next, changed: true, doc };
}

export function deleteAssignment(ctx: ServerContext, id: number): Assignment | undefined {
  const stored = ctx.store.assignments.get(id);
  if (!stored) return undefined;
  ctx.store.assignments.delete(id);
  recordViews(ctx, stored.assignment.assignee, stored.assignment, true);
  return stored.assignment;
}
