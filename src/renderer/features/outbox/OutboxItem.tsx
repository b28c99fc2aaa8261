import type { OutboxEntry } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { tagLabel } from '../layout/labels';
import { formatAgo, formatDateTime } from '../layout/time-format';
import { useNow } from '../layout/use-now';

const STATE_WORDS: Record<OutboxEntry['state'], string> = {
  unsent: 'Waiting',
  conflict: 'Conflict',
  parked: 'Values refused',
};

/** "Decision: Approve", "Tag “Urgent” added to 3 assignments", "Hand back". */
function useWhat(entry: OutboxEntry): string {
  const tagsById = useAppStore((s) => s.tagsById);
  if (entry.kind === 'decision') {
    const outcome = entry.decision?.outcome ?? 'decision';
    const words = outcome.replace(/_/g, ' ');
    return `Decision: ${words.charAt(0).toUpperCase()}${words.slice(1)}`;
  }
  if (entry.kind === 'release') return 'Hand back';
  const change = entry.tagChange;
  if (!change) return 'Tag change';
  const names = change.tags.map((t) => `“${tagLabel(t, tagsById)}”`).join(', ');
  const n = change.ids.length;
  const where = `${n} assignment${n === 1 ? '' : 's'}`;
  return change.action === 'add' ? `Tag ${names} added to ${where}` : `Tag ${names} removed from ${where}`;
}

/** One piece of unsettled work, with what to do about it. */
export function OutboxItem({ entry }: { entry: OutboxEntry }) {
  const openConflict = useAppStore((s) => s.openConflict);
  const editRefused = useAppStore((s) => s.editRefused);
  const discardRefused = useAppStore((s) => s.discardRefused);
  const resolving = useAppStore((s) => s.resolving);
  const now = useNow(30_000);
  const what = useWhat(entry);
  const title = entry.title ?? (entry.assignmentIds.length === 1 ? `Assignment ${entry.assignmentIds[0]}` : null);
  const fields = Object.entries(entry.error?.fields ?? {});
  const busy = resolving !== null;

  return (
    <li className={`outbox-item outbox-item--${entry.state}`}>
      <div className="outbox-item__head">
        <span className={`marker marker--${entry.state}`}>{STATE_WORDS[entry.state]}</span>
        <span className="outbox-item__title">{title ?? what}</span>
        <span className="muted outbox-item__when" title={formatDateTime(entry.createdAt)}>
          {formatAgo(entry.createdAt, now)}
        </span>
      </div>
      {title && <p className="outbox-item__what">{what}</p>}

      {entry.state === 'unsent' && (entry.attempts > 0 || entry.lastError) && (
        <p className="muted outbox-item__retry">
          Tried {entry.attempts} time{entry.attempts === 1 ? '' : 's'}
          {entry.lastError ? ` — ${entry.lastError}` : ''}
          {entry.nextAttemptAt ? `. Next try ${formatDateTime(entry.nextAttemptAt)}.` : '.'}
        </p>
      )}

      {entry.state === 'conflict' && (
        <>
          <p className="outbox-item__why">
            {entry.error?.message ?? 'The assignment changed on the server after you decided.'} Compare your decision with the
            server&rsquo;s current version, then resubmit or discard it.
          </p>
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => openConflict(entry.key)}>
              Review conflict
            </button>
          </div>
        </>
      )}

      {entry.state === 'parked' && (
        <>
          <p className="outbox-item__why">{entry.error?.message ?? 'The server refused the values of this decision.'}</p>
          {fields.length > 0 && (
            <ul className="notice__fields">
              {fields.map(([path, messages]) => (
                <li key={path}>
                  <code>{path}</code>: {messages.join('; ')}
                </li>
              ))}
            </ul>
          )}
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void editRefused(entry)} disabled={busy}>
              Fix values and resend
            </button>
            <button type="button" className="button button--quiet" onClick={() => void discardRefused(entry.key)} disabled={busy}>
              Discard my decision
            </button>
          </div>
        </>
      )}
    </li>
  );
}
