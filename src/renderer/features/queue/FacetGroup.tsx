import { memo } from 'react';
import type { FilterOption, GroupSpec } from './filter-options';

interface Props {
  spec: GroupSpec;
  selected: readonly (string | number)[];
  onToggle(spec: GroupSpec, value: string | number, on: boolean): void;
}

/** One filter group: a fieldset of checkboxes, each with main's count for it. Nothing ticked means "any". */
export const FacetGroup = memo(function FacetGroup({ spec, selected, onToggle }: Props) {
  return (
    <fieldset className="facet-group">
      <legend>
        {spec.legend}
        {selected.length === 0 && <span className="facet-group__any"> · any</span>}
      </legend>
      <ul className="facet-group__options">
        {spec.options.map((o) => (
          <li key={String(o.value)}>
            <Facet option={o} checked={selected.includes(o.value)} onChange={(on) => onToggle(spec, o.value, on)} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
});

function Facet({ option, checked, onChange }: { option: FilterOption; checked: boolean; onChange(on: boolean): void }) {
  return (
    <label className={option.count === 0 && !checked ? 'facet facet--empty' : 'facet'}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="facet__label">{option.label}</span>
      {option.count !== undefined && (
        <>
          {' '}
          <span className="facet__count">({option.count.toLocaleString()})</span>
        </>
      )}
    </label>
  );
}
