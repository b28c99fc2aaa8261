/**
 * `GET /hitl/statistics` as the native Statistics. Services name their
 * counts differently (`by_status` or `pending_requests`, `by_type` or
 * `by_request_type`, response times in seconds or hours); what the service
 * does not say about open work is counted from a listing of it.
 */
import { PRIORITIES, STATUSES, type AssignmentStatus, type Statistics } from '../../../shared/protocol';
import type { MappedRequest } from './records';
import { mapPriority, mapStatus } from './records';

type Obj = Record<string, unknown>;

function num(o: Obj, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function obj(o: Obj, ...keys: string[]): Obj | null {
  for (const k of keys) {
    const v = o[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  }
  return null;
}

const FLAT_STATUS_KEYS: [string, AssignmentStatus][] = [
  ['pending', 'pending'],
  ['in_review', 'in_progress'],
  ['fulfilled', 'completed'],
  ['rejected', 'rejected'],
  ['cancelled', 'cancelled'],
  ['expired', 'cancelled'],
];

export function mapStatistics(raw: unknown, listOpen: () => Promise<MappedRequest[]>): Promise<Statistics> {
  const s: Obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Obj) : {};
  return build(s, listOpen);
}

async function build(s: Obj, listOpen: () => Promise<MappedRequest[]>): Promise<Statistics> {
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((x) => [x, 0]));
  let statusKnown = false;
  const given = obj(s, 'by_status', 'status_counts');
  if (given) {
    for (const [k, v] of Object.entries(given)) {
      const st = mapStatus(k);
      if (st && typeof v === 'number' && Number.isFinite(v)) {
        byStatus[st] = (byStatus[st] ?? 0) + v;
        statusKnown = true;
      }
    }
  } else {
    for (const [key, st] of FLAT_STATUS_KEYS) {
      const v = num(s, key, `${key}_requests`, `${key}_count`);
      if (v !== null) {
        byStatus[st] = (byStatus[st] ?? 0) + v;
        statusKnown = true;
      }
    }
  }
  let byPriority = counts(obj(s, 'by_priority'), mapPriority);
  let byKind = counts(obj(s, 'by_type', 'by_request_type', 'by_kind'), (k) => k);

  if (!statusKnown || !byPriority || !byKind) {
    const open = await listOpen();
    const assignments = open.map((r) => r.assignment);
    if (!statusKnown) {
      for (const a of assignments) if (typeof a.status === 'string' && a.status in byStatus) byStatus[a.status]!++;
    }
    byPriority ??= tally(assignments.map((a) => String(a.priority)));
    byKind ??= tally(assignments.map((a) => String(a.kind)));
  }
  const priorities: Record<string, number> = Object.fromEntries(PRIORITIES.map((p) => [p, byPriority?.[p] ?? 0]));
  const seconds = num(
    s,
    'average_response_time_seconds',
    'avg_response_time_seconds',
    'average_response_time',
    'avg_response_time',
  );
  const minutes = num(s, 'average_response_time_minutes', 'avg_response_time_minutes');
  const hours = num(s, 'average_response_hours', 'average_response_time_hours', 'avg_response_time_hours');
  return {
    total: num(s, 'total', 'total_requests', 'total_count') ?? Object.values(byStatus).reduce((a, b) => a + b, 0),
    by_status: byStatus,
    by_priority: priorities,
    by_kind: byKind,
    completed_today: num(s, 'completed_today', 'fulfilled_today', 'handled_today') ?? 0,
    average_handle_seconds: num(s, 'average_handle_seconds'),
    average_response_hours: round2(hours ?? (minutes !== null ? minutes / 60 : seconds !== null ? seconds / 3600 : null)),
  };
}

function round2(n: number | null): number | null {
  return n === null ? null : Math.round(n * 100) / 100;
}

function counts(o: Obj | null, key: (k: string) => string): Record<string, number> | null {
  if (!o) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v)) out[key(k)] = (out[key(k)] ?? 0) + v;
  return out;
}

function tally(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
