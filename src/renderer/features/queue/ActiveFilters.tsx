import { useAppStore } from '../../store';
import type { QueueFilters } from '../../store/queue-filters';
import type { GroupSpec } from './filter-options';

/**
 * What narrows the list right now, one removable chip per value, so the
 * reviewer sees it without opening the panel.
 */
export function ActiveFilters({ groups }: { groups: GroupSpec[] }) {
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  const chips = groups.flatMap((g) =>
    (filters[g.group] as (string | number)[]).map((value) => ({
      group: g,
      value,
      label: g.options.find((o) => o.value === value)?.label ?? String(value),
    })),
  );
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {chips.map(({ group, value, label }) => (
        <li key={`${group.group}:${value}`}>
          <button
            type="button"
            className="chip"
            aria-label={`Remove filter: ${group.legend} ${label}`}
            onClick={() =>
              void setFilters({
                [group.group]: (filters[group.group] as (string | number)[]).filter((v) => v !== value),
              } as Partial<QueueFilters>)
            }
          >
            <span className="chip__group">{group.legend}:</span> {label}
            <span className="chip__x" aria-hidden="true">
              ×
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
