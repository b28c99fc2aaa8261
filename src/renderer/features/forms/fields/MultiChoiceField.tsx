/**
 * Multiple choice (array of `enum` items) as checkboxes. The stored array
 * follows the options' order, so the same choices always store the same value;
 * unchecking the last one removes the key ("not filled in").
 */
import type { JSX } from 'react';
import { deepEqual } from '../../../../shared/forms/json';
import type { ControlProps } from './types';

export function MultiChoiceField(p: ControlProps): JSX.Element {
  const { field, ids, invalid, disabled, onChange } = p;
  const chosen = Array.isArray(p.value) ? p.value : [];
  const isChosen = (v: unknown): boolean => chosen.some((c) => deepEqual(c, v));
  const toggle = (index: number, on: boolean): void => {
    const next = field.options.filter((o, i) => (i === index ? on : isChosen(o.value))).map((o) => o.value);
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <div className="rf-options">
      {field.options.map((o, i) => {
        const id = `${ids.control}-${i}`;
        return (
          <div className="rf-option" key={i}>
            <input
              type="checkbox"
              id={id}
              checked={isChosen(o.value)}
              disabled={disabled}
              // role=group does not support aria-invalid; each checkbox does.
              aria-invalid={invalid || undefined}
              aria-describedby={o.description ? `${id}-help` : undefined}
              onChange={(e) => toggle(i, e.target.checked)}
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
