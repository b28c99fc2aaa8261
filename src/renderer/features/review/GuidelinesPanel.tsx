import { useId } from 'react';
import { useAppStore } from '../../store';
import { Markdown } from '../forms';

/**
 * The form's instructions, as the guidelines for this kind of review.
 * Toggled with the button or `g`; whether it is shown is remembered.
 */
export function GuidelinesPanel({ instructions }: { instructions: string }) {
  const open = useAppStore((s) => s.guidelinesOpen);
  const setOpen = useAppStore((s) => s.setGuidelinesOpen);
  const id = useId();
  if (!instructions.trim()) return null;
  return (
    <div className="guidelines">
      <button
        type="button"
        className="guidelines__toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        aria-keyshortcuts="g"
        onClick={() => setOpen(!open)}
      >
        <span className="guidelines__chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        Guidelines <kbd aria-hidden="true">g</kbd>
      </button>
      <section id={`${id}-body`} className="guidelines__body" aria-label="Guidelines" hidden={!open}>
        {/* The forms feature's renderer builds React elements, never HTML strings. */}
        <Markdown source={instructions} className="guidelines__text" />
      </section>
    </div>
  );
}
