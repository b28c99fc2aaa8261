import { useEffect } from 'react';
import { outcomesOf } from '../../../shared/protocol';
import { useAppStore, type AppState } from '../../store';
import { lockReason } from '../review/lock-reason';
import { COMMENT_ID } from './shortcuts';

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

function within(target: EventTarget | null, selector: string): boolean {
  return target instanceof HTMLElement && target.closest(selector) !== null;
}

/** Rows a PgUp/PgDn moves: about one screen of the list. */
const PAGE_ROWS = 10;

/** The outcome behind digit `n` (1-based) of the open review, if the reviewer may choose it now. */
function outcomeFor(store: AppState, n: number): string | null {
  const { view, removedWhileOpen, submitting, reviewStatus } = store;
  if (!view?.form || reviewStatus !== 'ready' || submitting) return null;
  if (lockReason(view, removedWhileOpen) !== null) return null;
  return outcomesOf(view.form)[n - 1]?.value ?? null;
}

/**
 * The workbench's keys (listed for people in shortcuts.ts). One listener on
 * the document, reading the store at key time (getState), installed once.
 * Plain keys never fire while typing in a field; Ctrl/Cmd+Enter does.
 */
function onKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing) return;
  const store = useAppStore.getState();
  // The shortcuts sheet is modal: it handles its own keys.
  if (store.shortcutsOpen || store.addAccountOpen) return;
  const reviewing = store.screen === 'queue' && store.openId !== null;

  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Enter') {
    const outcome = reviewing && !e.repeat ? outcomeFor(store, 1) : null;
    if (outcome === null) return;
    e.preventDefault();
    void store.submitDecision(outcome);
    return;
  }
  // Ctrl/Cmd+Z takes back the last decision while its toast is up; in a field it stays the field's own undo.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z') {
    if (isTypingTarget(e.target) || !store.canUndo()) return;
    e.preventDefault();
    void store.undoLastDecision();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (isTypingTarget(e.target)) return;

  if (e.key === '?') {
    e.preventDefault();
    store.setShortcutsOpen(true);
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    store.requestSearchFocus();
    return;
  }
  if (e.key === 'Escape') {
    if (store.screen === 'queue' && !reviewing && store.checked.size > 0) {
      e.preventDefault();
      store.clearChecked();
    } else if (reviewing) {
      e.preventDefault();
      store.closeReview();
    } else if (store.screen !== 'queue') {
      e.preventDefault();
      store.setScreen('queue');
    }
    return;
  }
  if (store.screen !== 'queue') return;

  if (/^[1-9]$/.test(e.key)) {
    const outcome = reviewing && !e.repeat ? outcomeFor(store, Number(e.key)) : null;
    if (outcome === null) return;
    e.preventDefault();
    void store.submitDecision(outcome);
    return;
  }

  // Arrow keys inside the review pane scroll it, as the reviewer expects.
  const inReview = within(e.target, '.review-pane');
  const inList = within(e.target, '.queue-window');
  // Shift+j/k (or Shift+arrows in the list) extend the checked rows.
  if (e.shiftKey && (e.key === 'J' || e.key === 'K' || (inList && (e.key === 'ArrowDown' || e.key === 'ArrowUp')))) {
    e.preventDefault();
    store.extendChecked(e.key === 'J' || e.key === 'ArrowDown' ? 1 : -1);
    return;
  }
  switch (e.key) {
    case ' ':
    case 'x':
      // Space belongs to the list (elsewhere it scrolls or presses a button); x works anywhere but the review pane.
      if (e.key === ' ' ? !inList : inReview) return;
      if (store.selectedId === null) return;
      e.preventDefault();
      store.toggleChecked(store.selectedId);
      break;
    case 'j':
    case 'ArrowDown':
      if (e.key === 'ArrowDown' && inReview) return;
      e.preventDefault();
      store.moveSelection(1);
      break;
    case 'k':
    case 'ArrowUp':
      if (e.key === 'ArrowUp' && inReview) return;
      e.preventDefault();
      store.moveSelection(-1);
      break;
    case 'Home':
    case 'End':
      if (!inList) return;
      e.preventDefault();
      store.selectIndex(e.key === 'Home' ? 0 : store.total - 1);
      break;
    case 'PageDown':
    case 'PageUp':
      if (!inList) return;
      e.preventDefault();
      store.moveSelection(e.key === 'PageDown' ? PAGE_ROWS : -PAGE_ROWS);
      break;
    case 'Enter':
      if (activatesOnEnter(e.target) || store.selectedId === null || e.repeat) return;
      e.preventDefault();
      void store.openAssignment(store.selectedId);
      break;
    case 'c':
      if (!reviewing) return;
      e.preventDefault();
      document.getElementById(COMMENT_ID)?.focus();
      break;
    case 'g':
      if (!reviewing) return;
      e.preventDefault();
      store.setGuidelinesOpen(!store.guidelinesOpen);
      break;
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
