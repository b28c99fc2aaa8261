import { memo, type MouseEvent } from 'react';
import type { QueueItem } from '../../../shared/contract';
import { LOCAL_STATE_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../layout/labels';
import { DueCountdown } from '../layout/DueCountdown';

interface Props {
  item: QueueItem;
  /** 1-based position in the whole list, and its length: the DOM holds only a window of rows. */
  position: number;
  setSize: number;
  selected: boolean;
  /** Checked for a bulk action (multi-select), apart from the single selection. */
  checked: boolean;
  open: boolean;
  tabbable: boolean;
  now: number;
  /** A plain click opens; Shift+click checks a range, Ctrl/Cmd+click checks this row. */
  onRowClick(id: number, index: number, how: 'open' | 'range' | 'toggle'): void;
}

function clickKind(e: MouseEvent): 'open' | 'range' | 'toggle' {
  if (e.shiftKey) return 'range';
  if (e.ctrlKey || e.metaKey) return 'toggle';
  return 'open';
}

/** Only work still waiting for a human has a meaningful deadline. */
const OPEN_STATUSES = new Set(['pending', 'in_progress']);

/**
 * One assignment. The whole row is one button whose accessible name starts
 * with the title, then the facts a reviewer scans for. Fixed height (one line
 * each for the title and the facts) so the list can be windowed.
 */
export const QueueRow = memo(function QueueRow({
  item,
  position,
  setSize,
  selected,
  checked,
  open,
  tabbable,
  now,
  onRowClick,
}: Props) {
  const classes = ['queue-row', selected && 'is-selected', checked && 'is-checked', open && 'is-open'].filter(Boolean).join(' ');
  const title = item.title || `Assignment ${item.id}`;
  return (
    <li className="queue-list__item" aria-posinset={position} aria-setsize={setSize}>
      <button
        type="button"
        className={classes}
        data-id={item.id}
        tabIndex={tabbable ? 0 : -1}
        aria-current={selected ? 'true' : undefined}
        onClick={(e) => onRowClick(item.id, position - 1, clickKind(e))}
        // Space checks the row (handled on keydown by the shortcuts); it must not also click it on keyup.
        onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
      >
        {checked && <span className="sr-only">Checked. </span>}
        <span className="queue-row__line">
          {/* The tooltip shows a long title whole; on the span, so it is not read again as the button's description. */}
          <span className="queue-row__title" title={title}>
            {title}
          </span>
          {item.localState !== 'none' && (
            <span className={`marker marker--${item.localState}`}>{LOCAL_STATE_LABELS[item.localState]}</span>
          )}
        </span>
        <span className="queue-row__meta">
          <span className={`badge badge--priority-${item.priority}`}>
            {PRIORITY_LABELS[item.priority]}
            <span className="sr-only"> priority</span>
          </span>
          <span className={`badge badge--status badge--status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
          <span className="queue-row__kind">{item.kind}</span>
          {OPEN_STATUSES.has(item.status) && <DueCountdown dueAt={item.dueAt} now={now} />}
        </span>
      </button>
    </li>
  );
});

/** A row whose page is still being fetched: same height, nothing to act on. */
export function QueueRowPlaceholder({ position, setSize }: { position: number; setSize: number }) {
  return (
    <li className="queue-list__item queue-list__item--placeholder" aria-posinset={position} aria-setsize={setSize}>
      <span className="queue-row queue-row--placeholder">
        <span className="sr-only">Loading…</span>
        <span className="skeleton skeleton--title" aria-hidden="true" />
        <span className="skeleton skeleton--meta" aria-hidden="true" />
      </span>
    </li>
  );
}
