import { call } from '../api';
import type { AssignmentView, DecisionState, Draft, SubmitInput, SubmitResult } from '../../shared/contract';
import { checkDecision, cleanValues, defaultValues, type FieldErrors } from '../../shared/forms';
import { outcomesOf } from '../../shared/protocol';
import type { AppError, Result } from '../../shared/result';
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
  /**
   * Opens an assignment. `fresh` asks main again even when it is open or was
   * fetched ahead (after an undo, or to fix a refused decision); `draft` is
   * the draft to show when main's answer has none (an undo's returned draft).
   */
  openAssignment(id: number, options?: { fresh?: boolean; draft?: Draft }): Promise<void>;
  closeReview(): void;
  setDraftValues(values: Record<string, unknown>): void;
  setDraftComment(comment: string): void;
  submitDecision(outcome: string): Promise<void>;
  refreshOpenAssignment(): Promise<void>;
  /** The cache changed under the views fetched ahead: they are checked again once opened. */
  markPrefetchedStale(): void;
  /** Another account (or none): views fetched ahead belong to the old one. */
  clearPrefetched(): void;
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

/** Titles can be long; a toast names the assignment, it does not quote it whole. */
function shortTitle(title: string): string {
  const t = title.trim();
  return t.length > 48 ? `${t.slice(0, 47)}…` : t;
}

/** "Approved “Refund 5521” — will sync" / "… and sent", or the outcome's label in quotes. */
export function decisionToast(outcome: string, label: string, state: DecisionState, title = ''): string {
  const done = PAST_TENSE[outcome] ?? `“${label}” recorded`;
  const what = title.trim() ? ` “${shortTitle(title)}”` : '';
  return state === 'sent' ? `${done}${what} and sent` : `${done}${what} — will sync`;
}

/**
 * What the form starts with: a local decision's values (the reviewer's
 * latest word), else the autosaved draft, else the form's defaults.
 */
export function draftFrom(view: AssignmentView) {
  const { decision, form, draft } = view;
  const values = decision ? decision.values : draft ? draft.values : form ? defaultValues(form) : {};
  const comment = decision ? decision.comment : draft ? draft.comment : null;
  return { draftValues: { ...values }, draftComment: comment ?? '', draftDirty: false };
}

/** A parked decision's field errors show on the form at once, so the reviewer sees what to fix. */
function refusedProblem(view: AssignmentView) {
  const d = view.decision;
  if (d?.state !== 'parked' || !d.error) return {};
  return {
    showAllErrors: true,
    decisionProblem: {
      outcome: d.outcome,
      message: `The server refused these values: ${d.error.message}`,
      fields: d.error.fields ?? {},
    },
  };
}

/** A view fetched ahead of time; `stale` once a sync may have changed it. */
interface Ahead {
  promise: Promise<Result<AssignmentView>>;
  value?: Result<AssignmentView>;
  stale: boolean;
}

/** The next one or two assignments are enough: the reviewer moves forward. */
const MAX_AHEAD = 3;

/**
 * A refused decision is settled through its own channel: a conflict is
 * resubmitted against the server's version, parked values are resent; any
 * other decision is a new one.
 */
function send(view: AssignmentView, input: SubmitInput): Promise<Result<SubmitResult>> {
  const refused = view.decision;
  if (refused?.state === 'conflict' || refused?.state === 'parked') {
    const { outcome, values, comment, durationMs } = input;
    const redo = { decisionId: refused.decisionId, outcome, values, comment: comment ?? '', durationMs };
    return call(refused.state === 'conflict' ? 'conflict:resubmit' : 'decision:resend', redo);
  }
  return call('decision:submit', input);
}

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  // Opening A then B quickly must end on B whatever order the answers come in.
  let generation = 0;
  // While one assignment is open the next one is fetched, so that after a
  // decision it opens with no round trip (issue 4: "the next assignment opens at once").
  const ahead = new Map<number, Ahead>();

  function prefetch(id: number): void {
    if (ahead.has(id)) return;
    const entry: Ahead = { promise: call('assignment:get', { id }), stale: false };
    ahead.set(id, entry);
    void entry.promise.then((res) => {
      entry.value = res;
      if (!res.ok && ahead.get(id) === entry) ahead.delete(id);
    });
    for (const key of ahead.keys()) {
      if (ahead.size <= MAX_AHEAD) break;
      ahead.delete(key);
    }
  }

  async function prefetchNext(id: number): Promise<void> {
    const next = await get().nextToReview(id);
    if (next !== null && get().openId === id) prefetch(next);
  }

  function show(view: AssignmentView): void {
    get().flushDraftSave();
    // The clock starts when the reviewer can see the assignment, not at the click.
    set({
      ...initialReviewState(),
      openId: view.assignment.id,
      view,
      reviewStatus: 'ready',
      openedAt: now(),
      ...draftFrom(view),
      ...refusedProblem(view),
      releaseConfirm: false,
      draftSave: view.draft ? 'restored' : 'idle',
    });
    const name = view.assignment.metadata.project_name;
    if (typeof name === 'string' && name.trim()) get().learnProjectName(view.assignment.project, name.trim().slice(0, 200));
    void prefetchNext(view.assignment.id);
  }

  return {
    ...initialReviewState(),

    async openAssignment(id, options = {}) {
      get().selectItem(id);
      // Opening what is already open must not throw away the reviewer's draft.
      if (get().openId === id && get().reviewStatus !== 'error' && !options.fresh) return;
      const mine = ++generation;
      const early = options.fresh ? undefined : ahead.get(id);
      ahead.delete(id);
      if (early?.value?.ok) {
        show(early.value.value);
        // Fetched before the last sync: show it now, and look again at once.
        if (early.stale) void get().refreshOpenAssignment();
        return;
      }
      set({ ...initialReviewState(), openId: id, reviewStatus: 'loading', openedAt: now() });
      const res = await (early?.promise ?? call('assignment:get', { id }));
      if (mine !== generation) return;
      if (!res.ok) {
        set({ reviewStatus: 'error', reviewError: res.error });
        return;
      }
      const view = options.draft && !res.value.draft ? { ...res.value, draft: options.draft } : res.value;
      show(view);
      if (early?.stale) void get().refreshOpenAssignment();
    },

    closeReview() {
      generation++;
      get().flushDraftSave();
      set({ ...initialReviewState(), releaseConfirm: false, draftSave: 'idle' });
    },

    setDraftValues(values) {
      set({ draftValues: values, draftDirty: true, decisionProblem: null });
      get().scheduleDraftSave();
    },

    setDraftComment(comment) {
      set({ draftComment: comment, draftDirty: true, decisionProblem: null });
      get().scheduleDraftSave();
    },

    markPrefetchedStale() {
      for (const entry of ahead.values()) entry.stale = true;
    },

    clearPrefetched() {
      ahead.clear();
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
      // The draft becomes the decision: a save landing after it would bring the draft back.
      get().cancelDraftSave();
      set({ submitting: outcome, decisionProblem: null });
      const input: SubmitInput = {
        assignmentId: assignment.id,
        outcome,
        values: cleanValues(form, draftValues),
        durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(now() - openedAt))),
      };
      const comment = draftComment.trim();
      if (comment) input.comment = comment;

      const res = await send(view, input);
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
      get().rememberDecidedOn(res.value.decisionId, assignment);
      const label = outcomesOf(form).find((o) => o.value === outcome)?.label ?? outcome;
      if (state === 'conflict' || state === 'parked') {
        // Settled at once and refused: stay so the reviewer sees the banner.
        set({ submitting: null });
        get().pushToast(`“${label}” was not accepted by the server. See the details above the form.`, 'error');
        await get().refreshOpenAssignment();
        return;
      }
      // One decision toast at a time: a fast reviewer would otherwise stack them over the form.
      // An unsent decision never left this machine yet, so the toast offers to take it back.
      if (state === 'unsent')
        get().offerUndo(res.value.decisionId, assignment.id, decisionToast(outcome, label, state, assignment.title));
      else get().pushToast(decisionToast(outcome, label, state, assignment.title), 'success', 'decision');
      ahead.delete(assignment.id);
      get().markLocalState(assignment.id, state === 'sent' ? 'none' : 'unsent');
      set({ submitting: null });
      const next = await get().nextToReview(assignment.id, { load: true });
      // The reviewer may have moved on while the next page loaded.
      if (get().openId !== assignment.id) return;
      if (next === null) get().closeReview();
      else await get().openAssignment(next);
    },
  };
};
