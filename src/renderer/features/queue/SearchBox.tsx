import { useEffect, useId, useState, type RefObject } from 'react';
import { useAppStore } from '../../store';

/** Long enough to skip the in-between queries of a typed word, short enough to feel live. */
export const SEARCH_DEBOUNCE_MS = 150;

export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const committed = useAppStore((s) => s.filters.search);
  const setFilters = useAppStore((s) => s.setFilters);
  const [text, setText] = useState(committed);
  const [seen, setSeen] = useState(committed);
  const id = useId();

  // Follow outside changes (e.g. "Clear filters"), adjusting during render as
  // React recommends rather than in an effect; our own commits already match.
  if (committed !== seen) {
    setSeen(committed);
    if (text.trim() !== committed.trim()) setText(committed);
  }

  useEffect(() => {
    if (text.trim() === committed.trim()) return;
    const timer = setTimeout(() => void setFilters({ search: text }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, committed, setFilters]);

  return (
    <div className="field search-box">
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        value={text}
        placeholder="Title, kind or data  ( / )"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Esc in a filled search box clears it; in an empty one it hands focus back to the list.
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
