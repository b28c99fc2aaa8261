/**
 * The demo data generator. Deterministic: the same seed and clock give the
 * same assignments (file signatures aside, which depend on the database's
 * secret). `seedDemoData` writes N of them in one transaction; 100k take a
 * few seconds, so benchmarks use it too.
 */
import type { AssignmentStatus, Priority } from '../../shared/protocol';
import { nowIso, type ServerContext } from '../context';
import { insertAssignments, type NewAssignment } from '../domain/assignment-writer';
import { imageRef } from '../domain/files';
import { REVIEW_COMMENTS } from './content';
import { DEMO_FORMS } from './forms';
import { KIND_BUILDERS, PROJECTS, type KindEnv } from './kinds';
import { mulberry32 } from './prng';
import { DEMO_TAGS } from './tags';

export interface DemoOptions {
  count: number;
  /** PRNG seed; defaults to `count`, so `--seed 300` always makes the same 300. */
  seed?: number;
  /** Who gets the assignments (null: the unassigned pool). */
  assignee: number | null;
  now: Date;
  /** Signs the URLs of generated images (see domain/files.ts). */
  fileSecret: string;
  /** Tag ids to draw from. */
  tagIds: readonly number[];
}

const STATUS_WEIGHTS: readonly (readonly [AssignmentStatus, number])[] = [
  ['pending', 55],
  ['in_progress', 25],
  ['completed', 10],
  ['rejected', 6],
  ['cancelled', 4],
];
const PRIORITY_WEIGHTS: readonly (readonly [Priority, number])[] = [
  ['low', 25],
  ['medium', 40],
  ['high', 25],
  ['critical', 10],
];
const HOUR = 3_600_000;

/** A due date: none, overdue, later today, or in the next two weeks. */
function dueAt(env: KindEnv): string | null {
  const { rng, now } = env;
  const t = now.getTime();
  const kind = rng.weighted([
    ['none', 20],
    ['overdue', 15],
    ['today', 15],
    ['later', 50],
  ] as const);
  if (kind === 'none') return null;
  if (kind === 'overdue') return new Date(t - rng.int(1, 72) * HOUR).toISOString();
  if (kind === 'today') {
    const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 59, 0);
    const room = Math.max(endOfDay - t, 10 * 60_000);
    return new Date(t + Math.floor(room * (0.1 + rng.next() * 0.9))).toISOString();
  }
  return new Date(t + rng.int(1, 14) * 24 * HOUR + rng.int(0, 23) * HOUR).toISOString();
}

function history(env: KindEnv, formId: string, createdMs: number): Record<string, unknown>[] {
  const { rng } = env;
  const rounds = rng.int(1, 2);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rounds; i++) {
    out.push({
      outcome: 'request_changes',
      comment: rng.pick(REVIEW_COMMENTS),
      values: formId === 'refund-review' ? { decision_reason: 'policy_ok', full_refund: true } : {},
      decided_at: new Date(createdMs + (i + 1) * rng.int(1, 6) * HOUR).toISOString(),
    });
  }
  return out;
}

export function* demoAssignments(opts: DemoOptions): Generator<NewAssignment> {
  const rng = mulberry32(opts.seed ?? opts.count);
  const env: KindEnv = { rng, now: opts.now, image: (spec) => imageRef(opts.fileSecret, spec) };
  const nowMs = opts.now.getTime();
  for (let n = 1; n <= opts.count; n++) {
    const part = rng.weighted(KIND_BUILDERS)(env, n);
    const status = rng.weighted(STATUS_WEIGHTS);
    const createdMs = nowMs - rng.int(1, 30 * 24) * HOUR - rng.int(0, 59) * 60_000;
    const updatedMs = Math.min(nowMs, createdMs + rng.int(0, 48) * HOUR);
    const metadata: Record<string, unknown> = { ...part.metadata, project_name: PROJECTS[part.project] };
    if ((status === 'pending' || status === 'in_progress') && rng.chance(0.1)) {
      metadata.previous_decisions = history(env, part.form.id, createdMs);
    }
    yield {
      project: part.project,
      status,
      assignee: opts.assignee,
      priority: rng.weighted(PRIORITY_WEIGHTS),
      kind: part.kind,
      title: part.title,
      data: part.data,
      files: part.files,
      form: part.form,
      tags:
        opts.tagIds.length > 0
          ? rng
              .sample(
                opts.tagIds,
                rng.weighted([
                  [0, 50],
                  [1, 35],
                  [2, 15],
                ] as const),
              )
              .sort((a, b) => a - b)
          : [],
      metadata,
      due_at: dueAt(env),
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
    };
  }
}

/** Publishes the demo forms and tags; meant for a fresh database. */
export function publishDemoCatalog(ctx: ServerContext): void {
  ctx.tx(() => {
    const at = nowIso(ctx);
    for (const form of DEMO_FORMS) if (!ctx.store.forms.get(form.id, form.version)) ctx.store.forms.insert(form, at);
    if (ctx.store.tags.list().length === 0) for (const t of DEMO_TAGS) ctx.store.tags.insert(t.name, t.color);
  });
}

/** Writes `count` demo assignments in one transaction; returns how many. */
export function seedDemoData(ctx: ServerContext, opts: { count: number; seed?: number; assignee?: number | null }): number {
  const tagIds = ctx.store.tags.list().map((t) => t.id);
  return ctx.tx(() =>
    insertAssignments(
      ctx,
      demoAssignments({
        count: opts.count,
        seed: opts.seed,
        assignee: opts.assignee === undefined ? ctx.defaultReviewerId : opts.assignee,
        now: ctx.now(),
        fileSecret: ctx.fileSecret,
        tagIds,
      }),
    ),
  );
}
