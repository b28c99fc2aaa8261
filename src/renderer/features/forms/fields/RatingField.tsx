/**
 * Stars 1..n as a radiogroup (WAI-ARIA APG radio pattern): one tab stop,
 * arrows move and select, Home/End jump to the ends.
 */
import { useRef, type JSX, type KeyboardEvent } from 'react';
import { ratingMax } from '../../../../shared/forms/schema-model';
import type { ControlProps } from './types';

export function RatingField({ field, value, disabled, onChange }: ControlProps): JSX.Element {
  const n = ratingMax(field.schema);
  const current = typeof value === 'number' && value >= 1 && value <= n ? Math.round(value) : 0;
  const stars = useRef<Array<HTMLButtonElement | null>>([]);
  const select = (v: number): void => {
    onChange(v);
    stars.current[v - 1]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const next: Record<string, number> = {
      ArrowRight: Math.min(n, current + 1),
      ArrowUp: Math.min(n, current + 1),
      ArrowLeft: Math.max(1, current - 1),
      ArrowDown: Math.max(1, current - 1),
      Home: 1,
      End: n,
    };
    const v = next[e.key];
    if (v === undefined) return;
    e.preventDefault();
    select(v);
  };
  const tabStop = current === 0 ? 1 : current;
  return (
    <div className="rf-rating">
      {Array.from({ length: n }, (_, i) => i + 1).map((v) => (
        <button
          key={v}
          ref={(el) => {
            stars.current[v - 1] = el;
          }}
          type="button"
          role="radio"
          className={`rf-star${v <= current ? ' rf-star--on' : ''}`}
          aria-checked={v === current}
          aria-label={v === 1 ? '1 star' : `${v} stars`}
          tabIndex={v === tabStop ? 0 : -1}
          disabled={disabled}
          onClick={() => select(v)}
          onKeyDown={onKeyDown}
        >
          <span aria-hidden="true">{v <= current ? '★' : '☆'}</span>
        </button>
      ))}
      <span className="rf-rating-text" aria-hidden="true">
        {current === 0 ? '' : `${current} / ${n}`}
      </span>
    </div>
  );
}
