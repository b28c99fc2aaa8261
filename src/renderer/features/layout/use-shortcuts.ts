import { useEffect, type RefObject } from 'react';
import { useAppStore } from '../../store';

/** Keys typed into a field belong to the field, never to a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** Enter on these already does something (click, toggle): leave it to the browser. */
function activatesOnEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], summary, [role="button"]') !== null;
}

/** Arrow keys inside the review pane scroll it, as the reviewer expects. */
function inReviewPane(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('.review-pane') !== null;
}

/**
 * Queue shortcuts: j/k or ↓/↑ move the selection, Enter opens it, / focuses
 * the search box, Esc goes back from the review. Read from the store at key
 * time (getState) so the listener is installed once.
 */
export function useShortcuts(searchRef: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target)) return;
      const store = useAppStore.getState();
      const arrow = e.key === 'ArrowDown' || e.key === 'ArrowUp';
      if (arrow && inReviewPane(e.target)) return;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          store.moveSelection(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          store.moveSelection(-1);
          break;
        case 'Enter':
          if (activatesOnEnter(e.target) || store.selectedId === null) return;
          e.preventDefault();
          void store.openAssignment(store.selectedId);
          break;
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
        case 'Escape':
          if (store.openId === null) return;
          e.preventDefault();
          store.closeReview();
          break;
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [searchRef]);
}
