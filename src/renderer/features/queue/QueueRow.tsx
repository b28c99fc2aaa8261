import { memo } from 'react';
import type { QueueItem } from '../../../shared/contract';
import { LOCAL_STATE_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../layout/labels';
import { formatDue, formatDateTime } from '../layout/time-format';

interface Props {
  item: QueueItem;
  selected: boolean;
  open: boolean;
  now: number;
  onOpen(id: number): void;
}

/** Only work still waiting for a human has a meaningful deadline. */
const OPEN_STATUSES = new Set(['pending', 'in_progress']);

/**
 * One assignment. The whole row is one button whose accessible name starts
 * with the title, then the facts a reviewer scans for.
 */
export const QueueRow = memo(function QueueRow({ item, selected, open, now, onOpen }: Props) {
  const due = OPEN_STATUSES.has(item.status) ? formatDue(item.dueAt, now) : null;
  const classes = ['queue-row', selected && 'is-selected', open && 'is-open'].filter(Boolean).join(' ');
  return (
    <li className="queue-list__item">
      <button
        type="button"
        className={classes}
        data-id={item.id}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(item.id)}
      >
        <span className="queue-row__title">{item.title || `Assignment ${item.id}`}</span>
        <span className="queue-row__meta">
          <span className={`badge badge--priority-${item.priority}`}>
            {PRIORITY_LABELS[item.priority]}
            <span className="sr-only"> priority</span>
          </span>
          <span className="queue-row__kind">{item.kind}</span>
          <span className="queue-row__status">{STATUS_LABELS[item.status]}</span>
          {due && (
            <span
              className={due.overdue ? 'due due--overdue' : due.soon ? 'due due--soon' : 'due'}
              title={formatDateTime(item.dueAt)}
            >
              {due.text}
            </span>
          )}
          {item.localState !== 'none' && (
            <span className={`badge badge--local-${item.localState}`}>{LOCAL_STATE_LABELS[item.localState]}</span>
          )}
        </span>
      </button>
    </li>
  );
});
