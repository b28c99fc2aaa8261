import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../../store';

/**
 * Keystrokes that arrive together (a paste, key repeat, a burst of typing)
 * make one query; a pause of one frame sends it. Main answers a search over
 * 100,000 cached assignments in some 30–60 ms, so the pause must stay short
 * for the list to follow typing within 100 ms. What keeps a fast typist from
 * queueing a query per keystroke is below: one search in flight at a time.
 */
export const SEARCH_DEBOUNCE_MS = 16;

/** The list's tabbable row (the selection, or the first one on screen). */
function focusList(): void {
  document.querySelector<HTMLButtonElement>('.queue-window button[tabindex="0"]')?.focus();
}

export function SearchBox() {
  const committed = useAppStore((s) => s.filters.search);
  const setFilters = useAppStore((s) => s.setFilters);
  const focusPending = useAppStore((s) => s.searchFocusPending);
  const searchFocused = useAppStore((s) => s.searchFocused);
  const [text, setText] = useState(committed);
  const [seen, setSeen] = useState(committed);
  const inputRef = useRef<HTMLInputElement>(null);
  /** The search main is answering now, if any: later keystrokes wait for it, then go as one. */
  const inflight = useRef<Promise<void> | null>(null);
  const id = useId();

  // Follow outside changes (e.g. "Clear filters"), adjusting during render as
  // React recommends rather than in an effect; our own commits already match.
  if (committed !== seen) {
    setSeen(committed);
    if (text.trim() !== committed.trim()) setText(committed);
  }

  useEffect(() => {
    if (text.trim() === committed.trim()) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void (async () => {
        while (inflight.current && !cancelled) await inflight.current;
        if (cancelled) return;
        const run = setFilters({ search: text }).finally(() => {
          if (inflight.current === run) inflight.current = null;
        });
        inflight.current = run;
      })();
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, committed, setFilters]);

  // `/` from anywhere (even another screen) lands here once the box is on screen.
  useEffect(() => {
    if (!focusPending) return;
    inputRef.current?.focus();
    inputRef.current?.select();
    searchFocused();
  }, [focusPending, searchFocused]);

  return (
    <div className="field search-box">
      <label htmlFor={id} className="sr-only">
        Search
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        value={text}
        placeholder="Search titles and data"
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'ArrowDown') {
            // Search now rather than after the pause, and go to the results.
            e.preventDefault();
            if (text.trim() !== committed.trim()) void setFilters({ search: text });
            focusList();
          } else if (e.key === 'Escape' && text) {
            // Esc in a filled search box clears it; in an empty one it hands focus back.
            e.preventDefault();
            setText('');
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
      />
      <kbd className="search-box__hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
