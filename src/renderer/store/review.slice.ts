import { call } from '../api';
import type { AssignmentView, DecisionState, QueueItem, SubmitInput } from '../../shared/contract';
import { checkDecision, cleanValues, defaultValues, type FieldErrors } from '../../shared/forms';
import { outcomesOf } from '../../shared/protocol';
import type { AppError } from '../../shared/result';
import { now } from './clock';
import { describeError } from './error-words';
import type { LoadStatus, SliceCreator } from './types';

export interface DecisionProblem {
  outcome: string;
  message: string;
  fields: FieldErrors;
}

export interface ReviewSlice {
  openId: number | null;
  view: AssignmentView | null;
  reviewStatus: LoadStatus;
  reviewError: AppError | null;
  /** When the view opened (the injectable clock), for the decision's duration. */
  openedAt: number;
  draftValues: Record<string, unknown>;
  draftComment: string;
  /** True once the reviewer edited the draft: a refresh then leaves it alone. */
  draftDirty: boolean;
  /** Show every field's error, not only touched ones (after a refused click). */
  showAllErrors: boolean;
  /** Why the last outcome click did not go through. */
  decisionProblem: DecisionProblem | null;
  /** The outcome being submitted. */
  submitting: string | null;
  /** The server changed the assignment while it was open. */
  changedWhileOpen: boolean;
  /** The assignment left the reviewer's queue while open (reassigned, cancelled). */
  removedWhileOpen: boolean;
  openAssignment(id: number): Promise<void>;
  closeReview(): void;
  setDraftValues(values: Record<string, unknown>): void;
  setDraftComment(comment: string): void;
  submitDecision(outcome: string): Promise<void>;
  refreshOpenAssignment(): Promise<void>;
}

export function initialReviewState() {
  return {
    openId: null as number | null,
    view: null as AssignmentView | null,
    reviewStatus: 'idle' as LoadStatus,
    reviewError: null as AppError | null,
    openedAt: 0,
    draftValues: {} as Record<string, unknown>,
    draftComment: '',
    draftDirty: false,
    showAllErrors: false,
    decisionProblem: null as DecisionProblem | null,
    submitting: null as string | null,
    changedWhileOpen: false,
    removedWhileOpen: false,
  };
}

const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;

const PAST_TENSE: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  request_changes: 'Changes requested',
  submit: 'Submitted',
  escalate: 'Escalated',
  skip: 'Skipped',
};

/** "Approved — will sync" / "Approved and sent", or the outcome's label in quotes. */
export function decisionToast(outcome: string, label: string, state: DecisionState): string {
  const done = PAST_TENSE[outcome] ?? `“${label}” recorded`;
  return state === 'sent' ? `${done} and sent` : `${done} — will sync`;
}

/** The row to open after deciding `id`: the next one down that still needs a decision. */
export function nextToReview(items: QueueItem[], id: number): number | null {
  const at = items.findIndex((i) => i.id === id);
  const rest = at === -1 ? items : items.slice(at + 1);
  return rest.find((i) => i.id !== id && i.localState !== 'unsent')?.id ?? null;
}

function draftFrom(view: AssignmentView) {
  const { decision, form } = view;
  return {
    draftValues: decision ? { ...decision.values } : form ? defaultValues(form) : {},
    draftComment: decision?.comment ?? '',
    draftDirty: false,
  };
}

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  // Opening A then B quickly must end on B whatever order the answers come in.
  let generation = 0;

  return {
    ...initialReviewState(),

    async openAssignment(id) {
      get().selectItem(id);
      // Opening what is already open must not throw away the reviewer's draft.
      if (get().openId === id && get().reviewStatus !== 'error') return;
      const mine = ++generation;
      set({ ...initialReviewState(), openId: id, reviewStatus: 'loading', openedAt: now() });
      const res = await call('assignment:get', { id });
      if (mine !== generation) return;
      if (!res.ok) {
        set({ reviewStatus: 'error', reviewError: res.error });
        return;
      }
      // The clock starts when the reviewer can see the assignment, not at the click.
      set({ view: res.value, reviewStatus: 'ready', openedAt: now(), ...draftFrom(res.value) });
    },

    closeReview() {
      generation++;
      set(initialReviewState());
    },

    setDraftValues(values) {
      set({ draftValues: values, draftDirty: true, decisionProblem: null });
    },

    setDraftComment(comment) {
      set({ draftComment: comment, draftDirty: true, decisionProblem: null });
    },

    async refreshOpenAssignment() {
      const { openId, view, reviewStatus } = get();
      if (openId === null || !view || reviewStatus !== 'ready' || get().submitting) return;
      const mine = generation;
      const res = await call('assignment:get', { id: openId });
      if (mine !== generation) return;
      if (!res.ok) {
        if (res.error.code === 'not_found') set({ removedWhileOpen: true });
        return;
      }
      const fresh = res.value;
      const formArrived = !view.form && fresh.form;
      set((s) => ({
        view: fresh,
        removedWhileOpen: false,
        changedWhileOpen: s.changedWhileOpen || fresh.assignment.version !== view.assignment.version,
        ...(formArrived && !s.draftDirty ? draftFrom(fresh) : {}),
      }));
    },

    async submitDecision(outcome) {
      const { view, draftValues, draftComment, submitting, openedAt } = get();
      if (!view?.form || submitting) return;
      const { form, assignment } = view;
      const check = checkDecision(form, outcome, draftValues, draftComment);
      if (!check.ok) {
        set({ showAllErrors: true, decisionProblem: { outcome, message: check.message, fields: check.fields } });
        return;
      }
      set({ submitting: outcome, decisionProblem: null });
      const input: SubmitInput = {
        assignmentId: assignment.id,
        outcome,
        values: cleanValues(form, draftValues),
        durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(now() - openedAt))),
      };
      const comment = draftComment.trim();
      if (comment) input.comment = comment;

      const res = await call('decision:submit', input);
      if (get().openId !== assignment.id) return;
      if (!res.ok) {
        const fields = res.error.fields ?? {};
        set({
          submitting: null,
          showAllErrors: Object.keys(fields).length > 0 || get().showAllErrors,
          decisionProblem: { outcome, message: describeError(res.error), fields },
        });
        return;
      }

      const { state } = res.value;
      const label = outcomesOf(form).find((o) => o.value === outcome)?.label ?? outcome;
      if (state === 'conflict' || state === 'parked') {
        // Settled at once and refused: stay so the reviewer sees the banner.
        set({ submitting: null });
        get().pushToast(`“${label}” was not accepted by the server. See the details above the form.`, 'error');
        await get().refreshOpenAssignment();
        return;
      }
      get().pushToast(decisionToast(outcome, label, state), 'success');
      get().markLocalState(assignment.id, state === 'sent' ? 'none' : 'unsent');
      set({ submitting: null });
      const next = nextToReview(get().items, assignment.id);
      if (next === null) get().closeReview();
      else await get().openAssignment(next);
    },
  };
};
