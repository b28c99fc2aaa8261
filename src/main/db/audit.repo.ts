/**
 * The audit log the reviewer can export: every local decision and edit,
 * with what the server answered. JSON keeps the detail as it was recorded;
 * CSV flattens it into one column for spreadsheets.
 */
import type { Db } from './connection';

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  assignmentId: number | null;
  decisionId: string | null;
  detail: unknown;
}

export function createAuditRepo(db: Db) {
  const allStmt = db.prepare('SELECT id, at, action, assignment_id, decision_id, detail_json FROM audit_log ORDER BY id');
  return {
    all(): AuditEntry[] {
      return (
        allStmt.all() as {
          id: number;
          at: string;
          action: string;
          assignment_id: number | null;
          decision_id: string | null;
          detail_json: string;
        }[]
      ).map((r) => ({
        id: r.id,
        at: r.at,
        action: r.action,
        assignmentId: r.assignment_id,
        decisionId: r.decision_id,
        detail: JSON.parse(r.detail_json) as unknown,
      }));
    },
  };
}

export function auditToJson(entries: AuditEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function auditToCsv(entries: AuditEntry[]): string {
  const cell = (v: unknown): string => {
    let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = ['id,at,action,assignment_id,decision_id,detail'];
  for (const e of entries) lines.push([e.id, e.at, e.action, e.assignmentId, e.decisionId, e.detail].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
