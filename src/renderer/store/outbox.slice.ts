import { call, subscribe } from '../api';
import type { AssignmentView, OutboxEntry, OutboxList, OutboxRefusal } from '../../shared/contract';
import type { Assignment } from '../../shared/protocol';
import type { AppError } from '../../shared/result';
import { describeError } from './error-words';
import { indexOfId, rowAt } from './queue-rows';
import type { LoadStatus, SliceCreator } from './types';

/**
 * The Outbox page: what waits to be sent, and what the server refused
 * (conflicts to re-review, parked values to fix). The conflict view is one
 * entry of it, opened by its key.
 */
export interface OutboxSlice {
  outbox: OutboxList | null;
  outboxStatus: LoadStatus;
  outboxError: AppError | null;
  /** The conflict shown in the conflict view, by its decision id; null: the list. */
  conflictKey: string | null;
  /** A resolve action in flight (its decision id), so buttons wait. */
  resolving: string | null;
  /** The local copy of the conflict's assignment (its form names the outcomes). */
  conflictLocal: AssignmentView | null;
  /**
   * The data each decision of this run was made on, by decision id: main does
   * not keep it, and the conflict view highlights what changed since.
   */
  decidedOn: Record<string, DecidedOn>;
  rememberDecidedOn(decisionId: string, assignment: Assignment): void;
  loadConflictLocal(assignmentId: number): Promise<void>;
  loadOutbox(): Promise<void>;
  openConflict(key: string | null): void;
  /** `conflict:resubmit` with the reviewer's values as they are; resolves true when queued. */
  resubmitConflict(decisionId: string): Promise<boolean>;
  /** `conflict:discard` (conflicts and parked decisions alike). */
  discardRefused(decisionId: string): Promise<boolean>;
  /** Opens the refused decision's assignment in the review view to edit its values there. */
  editRefused(entry: OutboxEntry): Promise<void>;
  /** Toasts refusals as they happen (queue:changed refreshes the page, see sync.slice); returns the unsubscribe function. */
  watchOutbox(): () => void;
}

export interface DecidedOn {
  version: number;
  data: unknown;
}

export function initialOutboxState() {
  return {
    outbox: null as OutboxList | null,
    outboxStatus: 'idle' as LoadStatus,
    outboxError: null as AppError | null,
    conflictKey: null as string | null,
    resolving: null as string | null,
    conflictLocal: null as AssignmentView | null,
    decidedOn: {} as Record<string, DecidedOn>,
  };
}

/** What a refusal means for the reviewer, in one sentence. */
export function refusalWords(r: OutboxRefusal, title: string | null = null): string {
  const what = r.kind === 'decision' ? 'decision' : r.kind === 'set_tags' ? 'tag change' : 'hand-back';
  const short = title && title.length > 48 ? `${title.slice(0, 47)}…` : title;
  const where = short
    ? ` on “${short}”`
    : r.assignmentIds.length === 1
      ? ` on #${r.assignmentIds[0]}`
      : ` on ${r.assignmentIds.length} assignments`;
  if (r.outcome === 'conflict') return `The server did not accept your ${what}${where}: the assignment changed. ${r.message}`;
  if (r.outcome === 'parked') return `The server refused the values of your ${what}${where}. ${r.message}`;
  return `The server refused your ${what}${where}; it was undone here. ${r.message}`;
}

export const createOutboxSlice: SliceCreator<OutboxSlice> = (set, get) => {
  let generation = 0;

  async function resolve(decisionId: string, run: () => Promise<boolean>): Promise<boolean> {
    if (get().resolving) return false;
    set({ resolving: decisionId });
    try {
      return await run();
    } finally {
      set({ resolving: null });
    }
  }

  return {
    ...initialOutboxState(),

    async loadOutbox() {
      const mine = ++generation;
      if (!get().outbox) set({ outboxStatus: 'loading', outboxError: null });
      const res = await call('outbox:list', { limit: 500 });
      if (mine !== generation) return;
      if (!res.ok) {
        set({ outboxStatus: 'error', outboxError: res.error });
        return;
      }
      const { conflictKey } = get();
      const stillThere = conflictKey === null || res.value.items.some((i) => i.key === conflictKey && i.state === 'conflict');
      set({ outbox: res.value, outboxStatus: 'ready', outboxError: null, ...(stillThere ? {} : { conflictKey: null }) });
    },

    openConflict(key) {
      set({ conflictKey: key, conflictLocal: null, screen: 'outbox' });
    },

    rememberDecidedOn(decisionId, assignment) {
      // A handful is plenty: only decisions of this run that may still conflict.
      const kept = Object.entries(get().decidedOn).slice(-199);
      set({ decidedOn: Object.fromEntries([...kept, [decisionId, { version: assignment.version, data: assignment.data }]]) });
    },

    async loadConflictLocal(assignmentId) {
      const res = await call('assignment:get', { id: assignmentId });
      if (res.ok && get().conflictKey !== null) set({ conflictLocal: res.value });
    },

    resubmitConflict: (decisionId) =>
      resolve(decisionId, async () => {
        const res = await call('conflict:resubmit', { decisionId });
        if (!res.ok) {
          get().pushToast(`Could not resubmit. ${describeError(res.error)}`, 'error');
          return false;
        }
        get().pushToast('Resubmitted against the new version — queued to send.', 'success', 'outbox');
        set({ conflictKey: null });
        await get().loadOutbox();
        return true;
      }),

    discardRefused: (decisionId) =>
      resolve(decisionId, async () => {
        const res = await call('conflict:discard', { decisionId });
        if (!res.ok) {
          get().pushToast(`Could not discard. ${describeError(res.error)}`, 'error');
          return false;
        }
        get().pushToast(
          res.value.removed
            ? 'Your decision was discarded; the assignment is no longer yours, so it left your queue.'
            : 'Your decision was discarded. The assignment is back in your queue as the server has it.',
          'info',
          'outbox',
        );
        set({ conflictKey: null });
        await get().loadOutbox();
        return true;
      }),

    async editRefused(entry) {
      const id = entry.assignmentIds[0];
      if (id === undefined) return;
      set({ screen: 'queue', conflictKey: null });
      await get().openAssignment(id, { fresh: true });
    },

    watchOutbox() {
      const offRefused = subscribe('outbox:refused', (r) => {
        // The decision left this machine: its undo toast would only be refused now.
        const u = get().undoable;
        if (u && u.decisionId === r.key) {
          get().dismissToast(u.toastId);
          set({ undoable: null });
        }
        const id = r.assignmentIds.length === 1 ? r.assignmentIds[0]! : null;
        const at = id === null ? -1 : indexOfId(get().pages, id);
        const title = at === -1 ? null : (rowAt(get().pages, at)?.title ?? null);
        const action = r.outcome === 'refused' ? undefined : { label: 'Open Outbox', run: () => get().setScreen('outbox') };
        get().pushToast(refusalWords(r, title), 'error', `refused:${r.key}`, action);
        if (get().screen === 'outbox') void get().loadOutbox();
      });
      return offRefused;
    },
  };
};
