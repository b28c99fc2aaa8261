import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { isFiltered } from '../../store/queue-filters';
import { QueueWindow } from './QueueWindow';

/** The list's states around the windowed rows: loading, error with retry, empty (filtered or caught up). */
export function QueueList() {
  const total = useAppStore((s) => s.total);
  const status = useAppStore((s) => s.queueStatus);
  const error = useAppStore((s) => s.queueError);
  const listKey = useAppStore((s) => s.listKey);
  const filtered = useAppStore((s) => isFiltered(s.filters));
  const loadQueue = useAppStore((s) => s.loadQueue);
  const resetFilters = useAppStore((s) => s.resetFilters);

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

  if ((status === 'loading' || status === 'idle') && total === 0) {
    return (
      <p className="queue__state muted" role="status">
        Loading assignments…
      </p>
    );
  }

  if (total === 0) {
    return filtered ? (
      <div className="queue__state">
        <p>No assignments match.</p>
        <button type="button" className="button" onClick={() => void resetFilters()}>
          Clear filters
        </button>
      </div>
    ) : (
      <div className="queue__state">
        <p className="queue__state-title">Nothing to review — you&rsquo;re all caught up.</p>
        <p className="muted">New assignments appear here as they sync.</p>
      </div>
    );
  }

  // New filters mount a fresh window: it starts at the top with no stale scroll state.
  return <QueueWindow key={listKey} />;
}
