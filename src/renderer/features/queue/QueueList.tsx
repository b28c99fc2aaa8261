import { useCallback, useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { DEFAULT_FILTERS, isFiltered } from '../../store/queue.slice';
import { describeError } from '../../store/error-words';
import { useNow } from '../layout/use-now';
import { QueueRow } from './QueueRow';

export function QueueList() {
  const items = useAppStore((s) => s.items);
  const total = useAppStore((s) => s.total);
  const status = useAppStore((s) => s.queueStatus);
  const error = useAppStore((s) => s.queueError);
  const loadingMore = useAppStore((s) => s.loadingMore);
  const selectedId = useAppStore((s) => s.selectedId);
  const openId = useAppStore((s) => s.openId);
  const filtered = useAppStore((s) => isFiltered(s.filters));
  const openAssignment = useAppStore((s) => s.openAssignment);
  const loadQueue = useAppStore((s) => s.loadQueue);
  const loadMore = useAppStore((s) => s.loadMore);
  const setFilters = useAppStore((s) => s.setFilters);
  // One clock for all rows, so 200 rows do not run 200 timers.
  const now = useNow();
  const listRef = useRef<HTMLUListElement>(null);
  const previousOpen = useRef(openId);

  const onOpen = useCallback((id: number) => void openAssignment(id), [openAssignment]);

  // Keep the selected row visible, and keep focus on it when the list has focus.
  useEffect(() => {
    const list = listRef.current;
    if (!list || selectedId === null) return;
    const row = list.querySelector<HTMLButtonElement>(`button[data-id="${selectedId}"]`);
    if (!row) return;
    row.scrollIntoView?.({ block: 'nearest' });
    if (list.contains(document.activeElement) && document.activeElement !== row) row.focus();
  }, [selectedId]);

  // Coming back from a review puts focus on the row the reviewer left from.
  useEffect(() => {
    const wasOpen = previousOpen.current;
    previousOpen.current = openId;
    if (wasOpen === null || openId !== null || selectedId === null) return;
    listRef.current?.querySelector<HTMLButtonElement>(`button[data-id="${selectedId}"]`)?.focus();
  }, [openId, selectedId]);

  if (status === 'error' && error) {
    return (
      <div className="queue__state notice notice--danger" role="alert">
        <p>Couldn&rsquo;t load the queue. {describeError(error)}</p>
        <button type="button" className="button" onClick={() => void loadQueue()}>
          Retry
        </button>
      </div>
    );
  }

  if ((status === 'loading' || status === 'idle') && items.length === 0) {
    return (
      <p className="queue__state muted" role="status">
        Loading assignments…
      </p>
    );
  }

  if (items.length === 0) {
    return filtered ? (
      <div className="queue__state">
        <p>No assignments match.</p>
        <button type="button" className="button" onClick={() => void setFilters(DEFAULT_FILTERS)}>
          Clear filters
        </button>
      </div>
    ) : (
      <p className="queue__state">Nothing to review — you&rsquo;re all caught up.</p>
    );
  }

  return (
    <div className="queue__results" aria-busy={status === 'loading'}>
      <ul ref={listRef} className="queue-list" role="list" aria-label="Assignments">
        {items.map((item) => (
          <QueueRow
            key={item.id}
            item={item}
            selected={item.id === selectedId}
            open={item.id === openId}
            now={now}
            onOpen={onOpen}
          />
        ))}
      </ul>
      <div className="queue__footer">
        <span className="muted">
          Showing {items.length} of {total}
        </span>
        {items.length < total && (
          <button type="button" className="button button--small" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}
