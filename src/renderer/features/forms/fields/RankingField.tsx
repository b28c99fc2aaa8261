/**
 * Ranking: an ordered list of every option with "move up"/"move down"
 * buttons. Buttons are the keyboard path (Tab + Enter/Space), Alt+Arrow moves
 * from either button, focus follows the moved item, and a polite live region
 * says where it went.
 */
import { useLayoutEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { deepEqual } from '../../../../shared/forms/json';
import type { ChoiceOption } from '../../../../shared/forms/schema-model';
import type { ControlProps } from './types';

/** The stored order, with unknown entries dropped and missing options appended. */
export function rankedOptions(options: ChoiceOption[], value: unknown): number[] {
  const order: number[] = [];
  for (const v of Array.isArray(value) ? value : []) {
    const i = options.findIndex((o) => deepEqual(o.value, v));
    if (i !== -1 && !order.includes(i)) order.push(i);
  }
  options.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  return order;
}

type Direction = 'up' | 'down';

export function RankingField({ field, value, ids, disabled, onChange }: ControlProps): JSX.Element {
  const order = rankedOptions(field.options, value);
  const [announcement, setAnnouncement] = useState('');
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<{ option: number; dir: Direction } | null>(null);

  // React moves the list items; a moved, focused node loses focus in
  // browsers, so focus is put back once the new order is in the DOM.
  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    pendingFocus.current = null;
    const same = buttons.current.get(`${pending.option}-${pending.dir}`);
    const other = buttons.current.get(`${pending.option}-${pending.dir === 'up' ? 'down' : 'up'}`);
    (same && !same.disabled ? same : other)?.focus();
  });

  const move = (position: number, dir: Direction): void => {
    const target = dir === 'up' ? position - 1 : position + 1;
    const option = order[position];
    const swapped = order[target];
    if (option === undefined || swapped === undefined) return;
    const next = [...order];
    next[target] = option;
    next[position] = swapped;
    pendingFocus.current = { option, dir };
    setAnnouncement(`${field.options[option]?.label ?? ''} moved to position ${target + 1} of ${order.length}`);
    onChange(next.map((i) => field.options[i]?.value));
  };

  const onKeyDown = (position: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(position, e.key === 'ArrowUp' ? 'up' : 'down');
  };

  const button = (option: number, position: number, dir: Direction): JSX.Element => {
    const label = field.options[option]?.label ?? '';
    const atEnd = dir === 'up' ? position === 0 : position === order.length - 1;
    return (
      <button
        type="button"
        className="rf-icon-button"
        ref={(el) => {
          if (el) buttons.current.set(`${option}-${dir}`, el);
          else buttons.current.delete(`${option}-${dir}`);
        }}
        aria-label={`Move ${label} ${dir}`}
        title={`Move ${dir}`}
        disabled={disabled || atEnd}
        onClick={() => move(position, dir)}
        onKeyDown={onKeyDown(position)}
      >
        <span aria-hidden="true">{dir === 'up' ? '↑' : '↓'}</span>
      </button>
    );
  };

  return (
    <>
      <ol className="rf-ranking" id={ids.control}>
        {order.map((option, position) => (
          <li key={option} className="rf-rank-item">
            <span className="rf-rank-label">{field.options[option]?.label}</span>
            {button(option, position, 'up')}
            {button(option, position, 'down')}
          </li>
        ))}
      </ol>
      <p className="rf-sr-only" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
