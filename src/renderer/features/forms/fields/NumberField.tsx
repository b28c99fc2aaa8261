/**
 * Number input and slider. Values are always numbers: an empty input removes
 * the key, it never stores '' or a numeric string.
 */
import { useState, type ChangeEvent, type JSX } from 'react';
import { asNumber } from '../../../../shared/forms/json';
import type { ControlProps } from './types';

function bounds(p: ControlProps): { min?: number; max?: number; step: number | 'any' } {
  const s = p.field.schema;
  const min = asNumber(s.minimum) ?? asNumber(s.exclusiveMinimum);
  const max = asNumber(s.maximum) ?? asNumber(s.exclusiveMaximum);
  const multiple = asNumber(s.multipleOf);
  const step = multiple !== undefined && multiple > 0 ? multiple : p.field.kind === 'integer' ? 1 : 'any';
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), step };
}

function parse(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function NumberField(p: ControlProps): JSX.Element {
  const { field, ids, describedBy, invalid, disabled, onChange } = p;
  const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : undefined;
  // The text is kept locally: while the reviewer types "-" or "1e" the input
  // holds no number yet, and re-rendering from the stored value would wipe it.
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    if (!Object.is(parse(text), value)) setText(value === undefined ? '' : String(value));
  }
  const { min, max, step } = bounds(p);
  const handle = (e: ChangeEvent<HTMLInputElement>): void => {
    setText(e.target.value);
    const n = parse(e.target.value);
    if (n === undefined || !Number.isNaN(n)) onChange(n);
  };
  return (
    <input
      type="number"
      id={ids.control}
      className="rf-input rf-number"
      value={text}
      min={min}
      max={max}
      step={step}
      placeholder={field.placeholder}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      aria-required={field.required || undefined}
      onChange={handle}
    />
  );
}

export function SliderField(p: ControlProps): JSX.Element {
  const { field, ids, describedBy, invalid, disabled, onChange } = p;
  const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : undefined;
  const { min = 0, max = 100, step } = bounds(p);
  return (
    <div className="rf-slider">
      <input
        type="range"
        id={ids.control}
        className="rf-range"
        min={min}
        max={max}
        step={step}
        // Unset still has to put the thumb somewhere; aria-valuetext says it is unset.
        value={value ?? min}
        aria-valuetext={value === undefined ? 'Not set' : undefined}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        aria-required={field.required || undefined}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output htmlFor={ids.control} className="rf-slider-value">
        {value ?? '–'}
      </output>
    </div>
  );
}
