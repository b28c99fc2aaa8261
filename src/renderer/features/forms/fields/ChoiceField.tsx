/**
 * Single choice (`enum`, or `oneOf` of `const` + `title`) as a select or as
 * radios. Options are addressed by index so a number or boolean option comes
 * back as itself, not as the string a DOM value would make of it.
 */
import type { JSX } from 'react';
import { deepEqual } from '../../../../shared/forms/json';
import type { ControlProps } from './types';

export function ChoiceField(p: ControlProps): JSX.Element {
  const { field, ids, describedBy, invalid, disabled, onChange } = p;
  const options = field.options;
  const selected = p.value === undefined ? -1 : options.findIndex((o) => deepEqual(o.value, p.value));
  if (field.widget === 'radio') {
    return (
      <div className="rf-options">
        {options.map((o, i) => {
          const id = `${ids.control}-${i}`;
          return (
            <div className="rf-option" key={i}>
              <input
                type="radio"
                id={id}
                name={ids.control}
                checked={selected === i}
                disabled={disabled}
                aria-describedby={o.description ? `${id}-help` : undefined}
                onChange={() => onChange(o.value)}
              />
              <label htmlFor={id}>{o.label}</label>
              {o.description && (
                <span id={`${id}-help`} className="rf-option-help">
                  {o.description}
                </span>
              )}
            </div>
          );
        })}
      </div>
    );
  }
  return (
    <select
      id={ids.control}
      className="rf-input rf-select"
      value={selected === -1 ? '' : String(selected)}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      aria-required={field.required || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : options[Number(e.target.value)]?.value)}
    >
      <option value="">{field.placeholder ?? 'Choose…'}</option>
      {options.map((o, i) => (
        <option key={i} value={String(i)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
