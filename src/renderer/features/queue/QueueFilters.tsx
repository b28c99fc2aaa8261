import { useId } from 'react';
import { ORDERINGS, type Ordering } from '../../../shared/contract';
import { PRIORITIES, STATUSES, type AssignmentStatus, type Priority } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { PRIORITY_LABELS, STATUS_LABELS } from '../layout/labels';

const ORDERING_LABELS: Record<Ordering, string> = {
  priority: 'Priority',
  due: 'Due date',
  age: 'Oldest first',
  updated: 'Recently updated',
};

/** Status checkboxes with counts, a priority choice and the ordering. */
export function QueueFilters() {
  const statuses = useAppStore((s) => s.filters.statuses);
  const priorities = useAppStore((s) => s.filters.priorities);
  const ordering = useAppStore((s) => s.filters.ordering);
  const counts = useAppStore((s) => s.countsByStatus);
  const setFilters = useAppStore((s) => s.setFilters);
  const id = useId();

  function toggleStatus(status: AssignmentStatus, on: boolean) {
    const next = on ? [...statuses, status] : statuses.filter((s) => s !== status);
    // Keep the contract's order so equal filters make equal queries.
    void setFilters({ statuses: STATUSES.filter((s) => next.includes(s)) });
  }

  return (
    <div className="queue-filters">
      <fieldset className="queue-filters__statuses">
        <legend>Status{statuses.length === 0 ? ' (all)' : ''}</legend>
        {STATUSES.map((status) => (
          <label key={status} className="check">
            <input type="checkbox" checked={statuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
            <span>{STATUS_LABELS[status]}</span> <span className="check__count">({counts[status] ?? 0})</span>
          </label>
        ))}
      </fieldset>
      <div className="queue-filters__row">
        <div className="field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select
            id={`${id}-priority`}
            value={priorities[0] ?? ''}
            onChange={(e) => void setFilters({ priorities: e.target.value ? [e.target.value as Priority] : [] })}
          >
            <option value="">Any priority</option>
            {[...PRIORITIES].reverse().map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ordering`}>Order by</label>
          <select
            id={`${id}-ordering`}
            value={ordering}
            onChange={(e) => void setFilters({ ordering: e.target.value as Ordering })}
          >
            {ORDERINGS.map((o) => (
              <option key={o} value={o}>
                {ORDERING_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
