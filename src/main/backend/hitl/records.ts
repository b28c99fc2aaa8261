/**
 * A HITL request as the app's Assignment (protocol: Assignment).
 *
 * Field names vary between services; the mapping reads the common ones:
 * - id: `id` (or `request_id`), string or number (ids.ts);
 * - kind: `request_type`, `type` or `kind` (api_key, approval, decision, …);
 * - title: `title`, else the first line of `description`/`prompt`;
 * - data (what the reviewer reads): `description`, `prompt` (or `message`,
 *   `question`), `context` (or `context_data`, `data`), `required_fields`;
 * - due_at: `expires_at` (or `deadline`); times without an offset are UTC
 *   (Python's `datetime.utcnow().isoformat()`), epoch numbers in s or ms;
 * - metadata: `request_id` (the service's id, for the routes), the service's
 *   own `service_status`, who handled it and why, and any other top-level
 *   fields the service adds (agent, session, …).
 * `response_data` is never copied: it holds what was typed into the form,
 * API keys included, and the cache must not keep it in clear.
 *
 * version: `updated_at` in epoch ms, so it grows with every change the
 * service stamps. Without `updated_at`: the status's rank × 2^32 plus a
 * 32-bit hash of the content, so a decided or cancelled request always
 * outranks its open copy, and content changes still change the version.
 */
import type { AssignmentStatus, Priority } from '../../../shared/protocol';
import { appIdFor, digest, requestIdText, userIdFor } from './ids';

/** The service statuses a pull lists: what is still waiting for a human. */
export const OPEN_STATUSES = ['pending', 'in_review'] as const;

const STATUSES: Record<string, AssignmentStatus> = {
  pending: 'pending',
  open: 'pending',
  new: 'pending',
  waiting: 'pending',
  in_review: 'in_progress',
  in_progress: 'in_progress',
  reviewing: 'in_progress',
  claimed: 'in_progress',
  fulfilled: 'completed',
  completed: 'completed',
  approved: 'completed',
  resolved: 'completed',
  rejected: 'rejected',
  denied: 'rejected',
  declined: 'rejected',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  expired: 'cancelled',
  timed_out: 'cancelled',
  timeout: 'cancelled',
};

const PRIORITIES: Record<string, Priority> = {
  low: 'low',
  medium: 'medium',
  normal: 'medium',
  high: 'high',
  critical: 'critical',
  urgent: 'critical',
};

const STATUS_RANK: Record<AssignmentStatus, number> = { pending: 0, in_progress: 1, completed: 2, rejected: 2, cancelled: 3 };

/** Fields the mapping places itself; every other top-level field goes to metadata as it is. */
const KNOWN = new Set([
  'id',
  'request_id',
  'request_type',
  'type',
  'kind',
  'title',
  'description',
  'prompt',
  'message',
  'question',
  'context',
  'context_data',
  'data',
  'required_fields',
  'priority',
  'status',
  'created_at',
  'updated_at',
  'expires_at',
  'deadline',
  'fulfilled_by',
  'fulfilled_at',
  'rejected_by',
  'rejected_at',
  'rejection_reason',
  'reason',
  'notes',
  'response_data',
]);
/** Never copied anywhere, whatever a service calls them. */
const NEVER_COPIED = /response|secret|password|token|credential|api_?key/i;

export function mapStatus(s: unknown): AssignmentStatus | null {
  return typeof s === 'string'
    ? (STATUSES[
        s
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] ?? null)
    : null;
}

export function mapPriority(p: unknown): Priority {
  return (typeof p === 'string' ? PRIORITIES[p.trim().toLowerCase()] : undefined) ?? 'medium';
}

/** ISO 8601 with a Z, or null when the value is no time at all. */
export function isoTime(v: unknown): string | null {
  let t: number;
  if (typeof v === 'number' && Number.isFinite(v)) {
    t = v < 1e11 ? v * 1000 : v; // epoch seconds until the year 5138
  } else if (typeof v === 'string' && v.trim() !== '') {
    let s = v.trim();
    // A date and time with no offset is UTC (naive datetimes from Python services); JS would read local time.
    if (/\d[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s = `${s.replace(' ', 'T')}Z`;
    t = Date.parse(s);
  } else {
    return null;
  }
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function firstLine(s: string | undefined): string | undefined {
  const line = s?.split(/\r?\n/).find((l) => l.trim() !== '');
  return line === undefined ? undefined : line.trim();
}

export function humanizeKind(kind: string): string {
  const words = kind
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Request';
}

export interface MappedRequest {
  /** The service's id as its paths want it; null when the record has none. */
  requestId: string | null;
  appId: number | null;
  /** The Assignment, or what could be made of a malformed record (the caller validates it). */
  assignment: Record<string, unknown>;
  /** The form's content for `assignment.form` (forms.ts), for the adapter to serve by id. */
  requiredFields: unknown;
  kind: string;
}

export interface MapContext {
  /** The signed-in reviewer's app user id (me()). */
  meId: number;
  /** The form reference for these fields, registered so form(ref) can serve it. */
  formRef(requiredFields: unknown, kind: string): { id: string; version: number };
}

export function kindOf(r: Record<string, unknown>): string {
  return text(r.request_type) ?? text(r.type) ?? text(r.kind) ?? 'request';
}

export function mapRequest(raw: unknown, ctx: MapContext): MappedRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { requestId: null, appId: null, assignment: { id: null }, requiredFields: undefined, kind: 'request' };
  }
  const r = raw as Record<string, unknown>;
  const requestId = requestIdText(r.id ?? r.request_id);
  const appId = appIdFor(r.id ?? r.request_id);
  const kind = kindOf(r);
  const serviceStatus = typeof r.status === 'string' ? r.status : null;
  // An unknown status stays as the service wrote it: the engine's validation refuses it and says which record.
  const status: string = mapStatus(r.status) ?? `unknown:${String(r.status)}`;
  const description = text(r.description);
  const prompt = text(r.prompt) ?? text(r.message) ?? text(r.question);
  const context = r.context ?? r.context_data ?? r.data;
  const created = isoTime(r.created_at);
  const updated = isoTime(r.updated_at);
  const fulfilledBy = text(r.fulfilled_by);
  const rejectedBy = text(r.rejected_by);
  const actor = status === 'completed' ? fulfilledBy : status === 'rejected' ? rejectedBy : undefined;

  const metadata: Record<string, unknown> = { request_id: requestId, service_status: serviceStatus };
  for (const [k, v] of Object.entries({
    fulfilled_by: fulfilledBy,
    fulfilled_at: isoTime(r.fulfilled_at) ?? undefined,
    rejected_by: rejectedBy,
    rejected_at: isoTime(r.rejected_at) ?? undefined,
    rejection_reason: text(r.rejection_reason) ?? text(r.reason),
    notes: text(r.notes),
  }))
    if (v !== undefined) metadata[k] = v;
  for (const [k, v] of Object.entries(r)) if (!KNOWN.has(k) && !NEVER_COPIED.test(k) && v !== undefined) metadata[k] = v;

  const data: Record<string, unknown> = {};
  if (description !== undefined) data.description = description;
  if (prompt !== undefined) data.prompt = prompt;
  if (context !== undefined && context !== null) data.context = context;
  if (r.required_fields !== undefined && r.required_fields !== null) data.required_fields = r.required_fields;

  const assignment: Record<string, unknown> = {
    id: appId,
    project: 0,
    status,
    // The service has no per-reviewer queues: open work is the reviewer's; decided work is its decider's.
    assignee: actor ? userIdFor(actor) : ctx.meId,
    priority: mapPriority(r.priority),
    kind,
    title: (text(r.title) ?? firstLine(description) ?? firstLine(prompt) ?? `${humanizeKind(kind)} request`).slice(0, 2000),
    data,
    files: {},
    form: ctx.formRef(r.required_fields, kind),
    tags: [],
    metadata,
    due_at: isoTime(r.expires_at ?? r.deadline),
    created_at: created ?? updated ?? new Date(0).toISOString(),
    updated_at: updated ?? created ?? new Date(0).toISOString(),
    version: versionOf(r, updated, status),
  };
  return { requestId, appId, assignment, requiredFields: r.required_fields, kind };
}

function versionOf(r: Record<string, unknown>, updated: string | null, status: string): number {
  if (updated !== null) return Date.parse(updated);
  const rank = STATUS_RANK[status as AssignmentStatus] ?? 0;
  const { response_data: _secret, ...content } = r;
  return rank * 2 ** 32 + parseInt(digest(content, 8), 16);
}
