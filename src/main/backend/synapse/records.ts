/**
 * A Synapse assignment record as the app's Assignment (protocol: Assignment).
 *
 * The SDK's HITL client documents an assignment as `id, project, status
 * (pending | in_progress | completed | rejected), assignee, data, files,
 * created_at, updated_at, metadata`, "including task and annotator info";
 * the fields past those are read where present under the names below, with
 * a sensible default where absent:
 *
 * | app            | Synapse record                                               |
 * |----------------|--------------------------------------------------------------|
 * | id, project    | `id`, `project` (a number or `{id}`)                         |
 * | status         | `status`; `cancelled`/`canceled` too (the feed drops those)  |
 * | assignee       | `assignee` (a number or `{id}`)                              |
 * | priority       | `priority`: low…critical, urgent/normal, or 1–4; else medium |
 * | kind           | `kind` or `type`, else `annotation`                          |
 * | title          | `title` or `name`, else "Task <task>" / "Assignment <id>"    |
 * | data, metadata | as they are; metadata gains `synapse_task` (the task's id)  |
 * | files          | `files` (or `file`): name → URL or `{url, mime, size, …}`    |
 * | tags           | `tags`: numbers or `{id}`                                    |
 * | due_at         | `due_at`, `deadline` or `due_date`                           |
 * | times          | ISO times in any offset, normalised to UTC with a `Z`        |
 * | version        | `version` if the record has one, else `updated_at` in epoch ms |
 * | form           | forms.ts                                                     |
 *
 * The task id (for the decision route) is `task` (a number or `{id}`), or
 * `task_id`, or `metadata.task_id`.
 */
import { z } from 'zod';
import {
  AssignmentSchema,
  PRIORITIES,
  type Assignment,
  type AssignmentStatus,
  type FileRef,
  type Priority,
} from '../../../shared/protocol';
import { isPlainObject, type FormCatalog } from './forms';

export const OPEN_STATUSES = ['pending', 'in_progress'] as const;
export const CLOSED_STATUSES: readonly AssignmentStatus[] = ['completed', 'rejected'];
export const TASK_KEY = 'synapse_task';

const IdRef = z.union([z.number().int(), z.object({ id: z.number().int() }).transform((o) => o.id)]);

const SynapseRecord = z.object({
  id: z.number().int().positive(),
  project: IdRef,
  task: IdRef.nullish().catch(null),
  task_id: z.number().int().nullish().catch(null),
  status: z.string(),
  assignee: IdRef.nullish(),
  priority: z.union([z.string(), z.number()]).nullish().catch(null),
  title: z.string().nullish().catch(null),
  name: z.string().nullish().catch(null),
  kind: z.string().nullish().catch(null),
  type: z.string().nullish().catch(null),
  data: z.unknown().optional(),
  files: z.unknown().optional(),
  file: z.unknown().optional(),
  tags: z.array(z.unknown()).nullish().catch(null),
  metadata: z.record(z.string(), z.unknown()).nullish().catch(null),
  due_at: z.string().nullish().catch(null),
  deadline: z.string().nullish().catch(null),
  due_date: z.string().nullish().catch(null),
  created_at: z.string().nullish(),
  updated_at: z.string(),
  version: z.number().int().nonnegative().nullish().catch(null),
});

export type Mapped =
  { ok: true; assignment: Assignment; task: number | null; updatedMs: number } | { ok: false; id: unknown; problem: string };

const STATUS: Record<string, AssignmentStatus> = {
  pending: 'pending',
  in_progress: 'in_progress',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export function mapRecord(raw: unknown, ctx: { baseUrl: string; forms: FormCatalog }): Mapped {
  const id = isPlainObject(raw) ? raw.id : undefined;
  const parsed = SynapseRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, id, problem: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid' };
  }
  const r = parsed.data;
  const status =
    STATUS[
      r.status
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ];
  if (!status) return { ok: false, id, problem: `status: unknown status "${r.status}"` };
  const updatedMs = Date.parse(r.updated_at);
  if (!Number.isFinite(updatedMs)) return { ok: false, id, problem: `updated_at: not a time ("${r.updated_at}")` };
  const createdMs = r.created_at ? Date.parse(r.created_at) : updatedMs;
  const task = r.task ?? r.task_id ?? (typeof r.metadata?.task_id === 'number' ? r.metadata.task_id : null);
  const metadata: Record<string, unknown> = { ...(r.metadata ?? {}) };
  if (task !== null && !(TASK_KEY in metadata)) metadata[TASK_KEY] = task;
  const data = r.data === undefined ? {} : r.data;
  const candidate: Assignment = {
    id: r.id,
    project: r.project,
    status,
    assignee: r.assignee ?? null,
    priority: priorityOf(r.priority),
    kind: (r.kind ?? r.type ?? 'annotation').slice(0, 200),
    title: (r.title ?? r.name ?? (task !== null ? `Task ${task}` : `Assignment ${r.id}`)).slice(0, 2000),
    data,
    files: filesOf(r.files ?? r.file, ctx.baseUrl),
    form: ctx.forms.refFor(r.project, data),
    tags: (r.tags ?? []).map(tagId).filter((t): t is number => t !== null),
    metadata,
    due_at: isoOrNull(r.due_at ?? r.deadline ?? r.due_date),
    created_at: new Date(Number.isFinite(createdMs) ? createdMs : updatedMs).toISOString(),
    updated_at: new Date(updatedMs).toISOString(),
    version: r.version ?? updatedMs,
  };
  // The app's own schema has the last word: what it would refuse is refused here, with the reason.
  const checked = AssignmentSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, id, problem: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid' };
  }
  return { ok: true, assignment: checked.data, task, updatedMs };
}

/** The task id a cached assignment carries (records.ts puts it in metadata). */
export function taskOf(a: Assignment | null): number | null {
  const t = a?.metadata[TASK_KEY];
  return typeof t === 'number' && Number.isInteger(t) ? t : null;
}

const PRIORITY_WORDS: Record<string, Priority> = { urgent: 'critical', normal: 'medium', highest: 'critical', lowest: 'low' };

function priorityOf(p: string | number | null | undefined): Priority {
  if (typeof p === 'number' && Number.isFinite(p)) {
    if (p <= 1) return 'low';
    if (p <= 2) return 'medium';
    if (p <= 3) return 'high';
    return 'critical';
  }
  if (typeof p === 'string') {
    const w = p.trim().toLowerCase();
    if ((PRIORITIES as readonly string[]).includes(w)) return w as Priority;
    if (PRIORITY_WORDS[w]) return PRIORITY_WORDS[w];
  }
  return 'medium';
}

function tagId(t: unknown): number | null {
  if (typeof t === 'number' && Number.isInteger(t)) return t;
  if (isPlainObject(t) && typeof t.id === 'number' && Number.isInteger(t.id)) return t.id;
  return null;
}

function isoOrNull(s: string | null | undefined): string | null {
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * Files keep their URLs as Synapse gives them, presigned query and all (the
 * app caches by the URL without its query); only a relative URL is made
 * absolute against the server, so it can be fetched at all.
 */
function filesOf(v: unknown, baseUrl: string): Record<string, FileRef> {
  const out: Record<string, FileRef> = {};
  const entries: [string, unknown][] = Array.isArray(v)
    ? v.map((f, i) => [isPlainObject(f) && typeof f.name === 'string' ? f.name : `file_${i + 1}`, f])
    : isPlainObject(v)
      ? Object.entries(v)
      : typeof v === 'string'
        ? [['file', v]]
        : [];
  for (const [name, f] of entries) {
    const ref = fileRef(f, baseUrl);
    if (ref) out[name] = ref;
  }
  return out;
}

function fileRef(f: unknown, baseUrl: string): FileRef | null {
  const o = isPlainObject(f) ? f : { url: f };
  const raw = [o.url, o.download_url, o.path, o.file].find((x): x is string => typeof x === 'string' && x.length > 0);
  if (!raw) return null;
  let url: string;
  try {
    url = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : new URL(raw, `${baseUrl}/`).toString();
  } catch {
    return null;
  }
  const ref: FileRef = { url };
  const mime = [o.mime, o.mime_type, o.content_type].find((x): x is string => typeof x === 'string');
  if (mime) ref.mime = mime.slice(0, 255);
  const size = [o.size, o.file_size].find((x): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0);
  if (size !== undefined) ref.size = size;
  const sha = [o.sha256, o.checksum].find((x): x is string => typeof x === 'string');
  if (sha) ref.sha256 = sha.slice(0, 128);
  return ref;
}
