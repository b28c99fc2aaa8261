import { call } from '../api';
import { describeError } from './error-words';
import type { SliceCreator } from './types';

/** What the undo toast would take back. */
export interface Undoable {
  decisionId: string;
  assignmentId: number;
  toastId: number;
}

/**
 * Undo of the last decision while it is still unsent (`decision:undo`), and
 * handing an assignment back (`assignment:release`) after a confirm step.
 */
export interface DecisionActionsSlice {
  undoable: Undoable | null;
  undoing: boolean;
  /** The hand-back confirmation is showing. */
  releaseConfirm: boolean;
  releasing: boolean;
  /** Shows the decision toast with an "Undo" button (Ctrl/Cmd+Z while it is up). */
  offerUndo(decisionId: string, assignmentId: number, text: string): void;
  /** True when an undo toast is on screen. */
  canUndo(): boolean;
  undoLastDecision(): Promise<void>;
  setReleaseConfirm(open: boolean): void;
  /** Hands the open assignment back and opens the next one. */
  releaseOpen(): Promise<void>;
}

export const createDecisionActionsSlice: SliceCreator<DecisionActionsSlice> = (set, get) => ({
  undoable: null,
  undoing: false,
  releaseConfirm: false,
  releasing: false,

  offerUndo(decisionId, assignmentId, text) {
    const toastId = get().pushToast(text, 'success', 'decision', {
      label: 'Undo',
      keys: 'Control+Z Meta+Z',
      run: () => void get().undoLastDecision(),
    });
    set({ undoable: { decisionId, assignmentId, toastId } });
  },

  canUndo() {
    const u = get().undoable;
    return u !== null && get().toasts.some((t) => t.id === u.toastId);
  },

  async undoLastDecision() {
    const u = get().undoable;
    if (!u || get().undoing || !get().canUndo()) return;
    set({ undoing: true });
    const res = await call('decision:undo', { decisionId: u.decisionId });
    set({ undoing: false, undoable: null });
    get().dismissToast(u.toastId);
    if (!res.ok) {
      // Main says why (already on its way, already sent) in words for the reviewer.
      get().pushToast(res.error.code === 'conflict' ? res.error.message : `Could not undo. ${describeError(res.error)}`, 'error');
      return;
    }
    get().markLocalState(res.value.assignmentId, 'none');
    get().setScreen('queue');
    await get().openAssignment(res.value.assignmentId, { fresh: true, draft: res.value.draft });
    get().pushToast('Decision undone. Your values are back in the form.', 'info', 'decision');
  },

  setReleaseConfirm(open) {
    set({ releaseConfirm: open });
  },

  async releaseOpen() {
    const { view, releasing } = get();
    if (!view || releasing) return;
    const { id, title } = view.assignment;
    set({ releasing: true });
    // Found before the row leaves the queue, so the reviewer moves on from where they were.
    const next = await get().nextToReview(id, { load: true });
    get().cancelDraftSave();
    const res = await call('assignment:release', { id });
    set({ releasing: false, releaseConfirm: false });
    if (!res.ok) {
      get().pushToast(`Could not hand this assignment back. ${describeError(res.error)}`, 'error');
      return;
    }
    get().pushToast(`Handed back “${title.length > 48 ? `${title.slice(0, 47)}…` : title}” — queued.`, 'success', 'release');
    if (get().openId !== id) return;
    if (next === null) get().closeReview();
    else await get().openAssignment(next);
  },
});
