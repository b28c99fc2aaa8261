import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FocusEvent } from 'react';
import { useAppStore } from '../../store';
import { rowAt } from '../../store/queue-rows';
import { useNow } from '../layout/use-now';
import { QueueRow, QueueRowPlaceholder } from './QueueRow';
import { useViewportHeight } from './use-viewport-height';

/** Every row is exactly this tall (queue.css says the same), so the window is arithmetic rather than measurement. */
export const ROW_HEIGHT = 60;
/** Rows rendered beyond each edge, so j/k and short scrolls never show a blank. */
const OVERSCAN = 6;
/** Stands in for the height where there is no layout (jsdom). */
const FALLBACK_HEIGHT = 720;

/**
 * The windowed list: a spacer as tall as every row would be, and only the
 * rows in (and just around) the viewport in the DOM. Rows not loaded yet show
 * a placeholder while their page is fetched. Each item carries its position
 * in the whole list (aria-posinset/setsize) for screen readers.
 */
export function QueueWindow() {
  const total = useAppStore((s) => s.total);
  const pages = useAppStore((s) => s.pages);
  const status = useAppStore((s) => s.queueStatus);
  const selectedId = useAppStore((s) => s.selectedId);
  const selectedIndex = useAppStore((s) => s.selectedIndex);
  const openId = useAppStore((s) => s.openId);
  const openAssignment = useAppStore((s) => s.openAssignment);
  const checked = useAppStore((s) => s.checked);
  const toggleChecked = useAppStore((s) => s.toggleChecked);
  const checkRangeTo = useAppStore((s) => s.checkRangeTo);
  const showRange = useAppStore((s) => s.showRange);
  // One clock for all rows, so the window does not run a timer per row.
  const now = useNow();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = useViewportHeight(scrollerRef, FALLBACK_HEIGHT);
  // Whether keyboard focus lives in the list, so it follows the selection.
  const focusInList = useRef(false);
  const previousOpen = useRef(openId);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (status === 'ready') showRange(first, last);
  }, [first, last, status, showRange]);

  // Keep the selected row in view (also on mount: a remembered selection deep in the list).
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const view = el.clientHeight || height;
    const top = selectedIndex * ROW_HEIGHT;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + ROW_HEIGHT > next + view) next = top + ROW_HEIGHT - view;
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [selectedIndex, height]);

  // Focus follows the selection while the reviewer is in the list (j/k, Home/End).
  useEffect(() => {
    if (!focusInList.current || selectedId === null) return;
    const row = scrollerRef.current?.querySelector<HTMLButtonElement>(`button[data-id="${selectedId}"]`);
    if (row && document.activeElement !== row) row.focus({ preventScroll: true });
  }, [selectedId, first]);

  // Coming back from a review puts focus on the row the reviewer left from.
  useEffect(() => {
    const wasOpen = previousOpen.current;
    previousOpen.current = openId;
    if (wasOpen === null || openId !== null || selectedId === null) return;
    scrollerRef.current?.querySelector<HTMLButtonElement>(`button[data-id="${selectedId}"]`)?.focus();
  }, [openId, selectedId]);

  const onRowClick = useCallback(
    (id: number, index: number, how: 'open' | 'range' | 'toggle') => {
      if (how === 'range') checkRangeTo(index);
      else if (how === 'toggle') toggleChecked(id);
      else void openAssignment(id);
    },
    [openAssignment, toggleChecked, checkRangeTo],
  );
  const onFocus = useCallback(() => (focusInList.current = true), []);
  const onBlur = useCallback((e: FocusEvent<HTMLDivElement>) => {
    const to = e.relatedTarget as Node | null;
    // A focused row scrolled out of the window is removed, not left: focus still belongs here.
    if (to === null && !(e.target as Node).isConnected) return;
    if (!to || !e.currentTarget.contains(to)) focusInList.current = false;
  }, []);

  const selectedShown = selectedIndex >= first && selectedIndex < last && selectedId !== null;
  const rows = [];
  for (let i = first; i < last; i++) {
    const item = rowAt(pages, i);
    rows.push(
      item ? (
        <QueueRow
          key={item.id}
          item={item}
          position={i + 1}
          setSize={total}
          selected={item.id === selectedId}
          checked={checked.has(item.id)}
          open={item.id === openId}
          // Roving tabindex: Tab enters the list at the selection (or its first row) and leaves with one more Tab.
          tabbable={selectedShown ? item.id === selectedId : i === first}
          now={now}
          onRowClick={onRowClick}
        />
      ) : (
        <QueueRowPlaceholder key={`placeholder-${i}`} position={i + 1} setSize={total} />
      ),
    );
  }

  return (
    <div
      ref={scrollerRef}
      className="queue-window"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onFocus={onFocus}
      onBlur={onBlur}
      aria-busy={status === 'loading'}
    >
      <div className="queue-window__spacer" style={{ height: total * ROW_HEIGHT }}>
        <ul
          className="queue-list"
          role="list"
          aria-label="Assignments"
          style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}
        >
          {rows}
        </ul>
      </div>
    </div>
  );
}
