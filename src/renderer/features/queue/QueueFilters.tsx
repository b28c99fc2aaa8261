import { useCallback, useEffect, useId, useMemo } from 'react';
import { ORDERINGS, type Ordering } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { activeFilterCount, isFiltered, type QueueFilters as Filters } from '../../store/queue-filters';
import { ActiveFilters } from './ActiveFilters';
import { FacetGroup } from './FacetGroup';
import { filterGroups, type GroupSpec } from './filter-options';

const ORDERING_LABELS: Record<Ordering, string> = {
  priority: 'Priority',
  due: 'Due date',
  age: 'Oldest first',
  updated: 'Recently updated',
};

/** The filter bar (toggle, ordering, active filters) and the panel of facet groups with counts. */
export function QueueFilters() {
  const filters = useAppStore((s) => s.filters);
  const facets = useAppStore((s) => s.facets);
  const countsByStatus = useAppStore((s) => s.countsByStatus);
  const facetsState = useAppStore((s) => s.facetsState);
  const ensureFacets = useAppStore((s) => s.ensureFacets);
  const projectNames = useAppStore((s) => s.projectNames);
  const tagsById = useAppStore((s) => s.tagsById);
  const open = useAppStore((s) => s.filtersOpen);
  const setOpen = useAppStore((s) => s.setFiltersOpen);
  const setFilters = useAppStore((s) => s.setFilters);
  const resetFilters = useAppStore((s) => s.resetFilters);
  const active = useAppStore((s) => activeFilterCount(s.filters));
  const id = useId();

  // Counts are asked for only while someone can see them.
  useEffect(() => {
    if (open) ensureFacets();
  }, [open, ensureFacets]);
  const updating = facets !== null && (facetsState === 'stale' || facetsState === 'loading');

  const groups = useMemo(
    () => filterGroups({ filters, facets, countsByStatus, projectNames, tagNames: tagsById }),
    [filters, facets, countsByStatus, projectNames, tagsById],
  );

  const onToggle = useCallback(
    (spec: GroupSpec, value: string | number, on: boolean) => {
      const current = useAppStore.getState().filters[spec.group] as (string | number)[];
      const next = on ? [...current, value] : current.filter((v) => v !== value);
      // Keep the offered order so equal filters make equal queries.
      const ordered = spec.options.map((o) => o.value).filter((v) => next.includes(v));
      void setFilters({ [spec.group]: ordered } as Partial<Filters>);
    },
    [setFilters],
  );

  return (
    <div className="queue-filters">
      <div className="queue-filters__bar">
        <button
          type="button"
          className={open ? 'button button--small is-pressed' : 'button button--small'}
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen(!open)}
        >
          Filters
          {active > 0 && (
            <span className="count-badge">
              {active}
              <span className="sr-only"> changed</span>
            </span>
          )}
        </button>
        <label className="queue-filters__ordering">
          <span>Order by</span>
          <select value={filters.ordering} onChange={(e) => void setFilters({ ordering: e.target.value as Ordering })}>
            {ORDERINGS.map((o) => (
              <option key={o} value={o}>
                {ORDERING_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ActiveFilters groups={groups} />
      <div id={`${id}-panel`} className="queue-filters__panel" hidden={!open}>
        {updating && <p className="queue-filters__updating muted">Counts updating…</p>}
        <div className={updating ? 'queue-filters__groups is-updating' : 'queue-filters__groups'} aria-busy={updating}>
          {groups.map((g) => (
            <FacetGroup key={g.group} spec={g} selected={filters[g.group] as (string | number)[]} onToggle={onToggle} />
          ))}
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button button--small"
            onClick={() => void resetFilters()}
            disabled={!isFiltered(filters)}
          >
            Reset filters
          </button>
        </div>
      </div>
    </div>
  );
}
