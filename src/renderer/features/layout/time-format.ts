/**
 * Relative times for the queue and the sync bar. Pure functions of an instant
 * and "now" so that tests pin the clock instead of waiting.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function span(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.floor(ms / HOUR);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

export interface DueText {
  text: string;
  overdue: boolean;
  /** Due within four hours: worth a warning colour. */
  soon: boolean;
}

/** "due in 3 h", "overdue 2 d"; null when there is no usable due time. */
export function formatDue(dueAt: string | null, now: number): DueText | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const diff = due - now;
  if (diff < 0) return { text: `overdue ${span(-diff)}`, overdue: true, soon: false };
  return { text: `due in ${span(diff)}`, overdue: false, soon: diff < 4 * HOUR };
}

/** "just now", "2 min ago", "5 h ago", "3 d ago"; a time from the future reads "just now" (clock skew). */
export function formatAgo(at: string | null, now: number): string | null {
  if (!at) return null;
  const then = Date.parse(at);
  if (Number.isNaN(then)) return null;
  const diff = now - then;
  if (diff < 45_000) return 'just now';
  return `${span(diff)} ago`;
}

/** An absolute time for tooltips and the review header, in the reviewer's locale. */
export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '';
  const t = Date.parse(at);
  return Number.isNaN(t) ? at : new Date(t).toLocaleString();
}
