/**
 * Validating the feed's changes, fast. zod's ChangeSchema is the rule; for
 * the common case, a well-formed upsert, a hand-written check of exactly the
 * same constraints builds the same output (known keys only, in the schema's
 * order, defaults filled in) without zod's per-field machinery: zod took
 * about a tenth of a first sync. Anything the check is not sure about
 * (a removal, a missing field, a wrong type, an odd key) goes to zod, which
 * gives the verdict and the error message. tests/main/change-parse.test.ts
 * holds the two to the same answers.
 */
import {
  AssignmentSchema,
  ChangeSchema,
  PRIORITIES,
  STATUSES,
  type Assignment,
  type Change,
  type FileRef,
} from '../../shared/protocol';

type ParseResult =
  { success: true; data: Change } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

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

/** ChangeSchema.safeParse, with the quick check in front for upserts. */
export function parseChange(raw: unknown): ParseResult {
  if (typeof raw === 'object' && raw !== null && (raw as { op?: unknown }).op === 'upsert') {
    const assignment = quickAssignment((raw as { assignment?: unknown }).assignment);
    if (assignment) return { success: true, data: { op: 'upsert', assignment } };
  }
  return ChangeSchema.safeParse(raw);
}

/**
 * An assignment read back from the cache. A first sync stores the server's
 * own JSON (pull.ts), which may carry keys the app does not know or leave
 * out defaults: it gets the same check and shape as the feed's changes.
 * Throws when the stored text is not an assignment (a damaged cache).
 */
export function parseStoredAssignment(json: string): Assignment {
  const raw: unknown = JSON.parse(json);
  return quickAssignment(raw) ?? AssignmentSchema.parse(raw);
}
