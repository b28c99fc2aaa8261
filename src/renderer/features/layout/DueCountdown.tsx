import { formatDateTime, formatDue } from './time-format';

/** "due in 3 h" / "overdue 2 d" (red), with the exact time as a tooltip; nothing without a usable due date. */
export function DueCountdown({ dueAt, now, emptyText }: { dueAt: string | null; now: number; emptyText?: string }) {
  const due = formatDue(dueAt, now);
  if (!due) return emptyText ? <span className="muted">{emptyText}</span> : null;
  return (
    <span className={due.overdue ? 'due due--overdue' : due.soon ? 'due due--soon' : 'due'} title={formatDateTime(dueAt)}>
      {due.text}
    </span>
  );
}
