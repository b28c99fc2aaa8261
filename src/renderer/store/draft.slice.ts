import { call } from '../api';
import { defaultValues } from '../../shared/forms';
import { describeError } from './error-words';
import type { SliceCreator } from './types';

/** How long typing must pause before the draft is written (issue 4: "drafts autosave (debounced)"). */
export const DRAFT_DEBOUNCE_MS = 400;

/** idle: nothing kept; restored: the form opened from a draft; saving / saved / error: the autosave. */
export type DraftSaveState = 'idle' | 'restored' | 'saving' | 'saved' | 'error';

/**
 * Autosave of what the reviewer types (`draft:save`), so it comes back after
 * a restart or a crash, and "Discard draft" (`draft:discard`).
 */
export interface DraftSlice {
  draftSave: DraftSaveState;
  /** Schedules a save of the open form's values and comment, replacing one scheduled before. */
  scheduleDraftSave(): void;
  /** Writes a scheduled save now (leaving or switching assignment). */
  flushDraftSave(): void;
  /** Forgets a scheduled save (the values became a decision). */
  cancelDraftSave(): void;
  /** Throws the draft away and puts the form back to its starting values. */
  discardDraft(): Promise<void>;
}

interface Pending {
  assignmentId: number;
  values: Record<string, unknown>;
  comment: string;
}

export const createDraftSlice: SliceCreator<DraftSlice> = (set, get) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: Pending | null = null;
  // Counts saves so an older answer cannot overwrite the state of a newer one.
  let saves = 0;

  async function save(p: Pending): Promise<void> {
    const mine = ++saves;
    const open = () => get().openId === p.assignmentId;
    if (open()) set({ draftSave: 'saving' });
    const res = await call('draft:save', { assignmentId: p.assignmentId, values: p.values, comment: p.comment || null });
    if (mine !== saves || !open()) return;
    if (res.ok) set({ draftSave: 'saved' });
    else {
      set({ draftSave: 'error' });
      get().pushToast(`Your draft could not be saved. ${describeError(res.error)}`, 'error', 'draft');
    }
  }

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return {
    draftSave: 'idle',

    scheduleDraftSave() {
      const { openId, view, draftValues, draftComment } = get();
      if (openId === null || !view) return;
      // A sent decision is final; its form is read-only.
      if (view.decision?.state === 'sent' || view.decision?.state === 'sending') return;
      pending = { assignmentId: openId, values: draftValues, comment: draftComment };
      clearTimer();
      timer = setTimeout(() => {
        timer = null;
        const p = pending;
        pending = null;
        if (p) void save(p);
      }, DRAFT_DEBOUNCE_MS);
    },

    flushDraftSave() {
      clearTimer();
      const p = pending;
      pending = null;
      if (p) void save(p);
    },

    cancelDraftSave() {
      clearTimer();
      pending = null;
      saves++;
    },

    async discardDraft() {
      const { openId, view } = get();
      if (openId === null || !view) return;
      get().cancelDraftSave();
      const res = await call('draft:discard', { assignmentId: openId });
      if (get().openId !== openId) return;
      if (!res.ok) {
        get().pushToast(`Could not discard the draft. ${describeError(res.error)}`, 'error');
        return;
      }
      const { decision, form } = view;
      set({
        view: { ...view, draft: null },
        draftValues: decision ? { ...decision.values } : form ? defaultValues(form) : {},
        draftComment: decision?.comment ?? '',
        draftDirty: false,
        draftSave: 'idle',
        decisionProblem: null,
        showAllErrors: false,
      });
      get().pushToast('Draft discarded.', 'info', 'draft');
    },
  };
};
