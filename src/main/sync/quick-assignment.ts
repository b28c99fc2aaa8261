/**
 * The quick check of a feed assignment (change-parse.ts): the same
 * constraints as zod's AssignmentSchema, hand-written, for the common case.
 * Without zod, so that the first sync's page worker, which checks every
 * assignment of a page, starts without loading it (a tenth of a second);
 * anything this check cannot vouch for goes to zod on the main thread.
 */
import type { Assignment, FileRef } from '../../shared/protocol';
import { PRIORITIES, STATUSES } from '../../shared/protocol-values';

const STATUS_SET: ReadonlySet<unknown> = new Set(STATUSES);
const PRIORITY_SET: ReadonlySet<unknown> = new Set(PRIORITIES);
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** What JSON.parse makes of `{…}`; `__proto__` as a key is left to zod (it drops it). */
function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && !hasOwn(v, '__proto__');
}
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isStr = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const isTime = (v: unknown): v is string => isStr(v, 1, 64);

function fileRef(v: unknown): FileRef | null {
  if (!isPlain(v)) return null;
  const { url, mime, size, sha256 } = v;
  if (!isStr(url, 1, 8192)) return null;
  const out: FileRef = { url };
  if (mime !== undefined) {
    if (!isStr(mime, 0, 255)) return null;
    out.mime = mime;
  }
  if (size !== undefined) {
    if (!isInt(size) || size < 0) return null;
    out.size = size;
  }
  if (sha256 !== undefined) {
    if (!isStr(sha256, 0, 128)) return null;
    out.sha256 = sha256;
  }
  return out;
}

function files(v: unknown): Record<string, FileRef> | null {
  if (v === undefined) return {};
  if (!isPlain(v)) return null;
  const out: Record<string, FileRef> = {};
  for (const k of Object.keys(v)) {
    const f = fileRef(v[k]);
    if (!f) return null;
    out[k] = f;
  }
  return out;
}

/** AssignmentSchema's output for `raw`, or null when this check cannot vouch for it. */
export function quickAssignment(raw: unknown): Assignment | null {
  if (!isPlain(raw)) return null;
  const a = raw;
  if (!isInt(a.id) || a.id <= 0 || !isInt(a.project)) return null;
  if (!STATUS_SET.has(a.status) || !PRIORITY_SET.has(a.priority)) return null;
  if (a.assignee !== null && !isInt(a.assignee)) return null;
  if (!isStr(a.kind, 0, 200) || !isStr(a.title, 0, 2000) || a.data === undefined) return null;
  const form = a.form;
  if (!isPlain(form) || !isStr(form.id, 1, 200) || !isInt(form.version) || form.version < 0) return null;
  const tags = a.tags === undefined ? [] : a.tags;
  if (!Array.isArray(tags)) return null;
  for (let i = 0; i < tags.length; i++) if (!isInt(tags[i])) return null; // by index: holes fail, as in zod
  const metadata = a.metadata === undefined ? {} : a.metadata;
  if (!isPlain(metadata)) return null;
  const due = a.due_at === undefined ? null : a.due_at;
  if (due !== null && !isTime(due)) return null;
  if (!isTime(a.created_at) || !isTime(a.updated_at) || !isInt(a.version) || a.version < 0) return null;
  const fileRefs = files(a.files);
  if (!fileRefs) return null;
  return {
    id: a.id,
    project: a.project,
    status: a.status as Assignment['status'],
    assignee: a.assignee as number | null,
    priority: a.priority as Assignment['priority'],
    kind: a.kind,
    title: a.title,
    data: a.data,
    files: fileRefs,
    form: { id: form.id, version: form.version },
    tags: tags as number[],
    metadata,
    due_at: due,
    created_at: a.created_at,
    updated_at: a.updated_at,
    version: a.version,
  };
}
