import type { JSX } from 'react';
import type { ControlProps } from './types';

/** A checkbox; unchecking stores false, which is an answer, not an absence. */
export function BooleanField({ field, value, ids, describedBy, invalid, disabled, onChange }: ControlProps): JSX.Element {
  return (
    <input
      type="checkbox"
      id={ids.control}
      className="rf-checkbox"
      checked={value === true}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      aria-required={field.required || undefined}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}
