import { call } from '../api';
import type { SessionState } from '../../shared/contract';
import type { AppError, Result } from '../../shared/result';
import { accountKey, queueMemoryFor } from './persist';
import { initialLocalState } from './local.slice';
import { initialOutboxState } from './outbox.slice';
import { initialQueueState } from './queue.slice';
import { initialReviewState } from './review.slice';
import { initialStatsState } from './stats.slice';
import { initialSyncState } from './sync.slice';
import { initialTagsState } from './tags.slice';
import { initialUiState } from './ui.slice';
import { describeError } from './error-words';
import type { SliceCreator } from './types';

export type SessionBusy = 'loading' | 'connect' | 'demo' | 'sign_out' | null;

export interface SessionSlice {
  /** Null until `session:get` has answered. */
  session: SessionState | null;
  sessionBusy: SessionBusy;
  /** The last failure of loading, connecting, starting the demo or signing out. */
  sessionError: AppError | null;
  /** Which action `sessionError` belongs to, so each screen shows only its own. */
  lastSessionAttempt: Exclude<SessionBusy, null> | null;
  loadSession(): Promise<void>;
  /** Resolves true when signed in. */
  connect(url: string, token: string): Promise<boolean>;
  startDemo(): Promise<boolean>;
  signOut(): Promise<void>;
  /** Forgets the queue, the open review, statistics and the sync status (another account, or none). */
  resetWorkspace(): void;
}

/** A clean workspace for a session; a signed-in account gets back its remembered filters and selection. */
function workspaceFor(session: SessionState | null) {
  const memory = session?.status === 'signed_in' ? queueMemoryFor(accountKey(session.account)) : null;
  return {
    ...initialQueueState(memory),
    ...initialReviewState(),
    ...initialSyncState(),
    ...initialStatsState(),
    ...initialUiState(),
    ...initialTagsState(),
    ...initialOutboxState(),
    ...initialLocalState(),
    tagsById: {},
    tagOrder: [],
    undoable: null,
    releaseConfirm: false,
    draftSave: 'idle' as const,
    filePreviews: {},
  };
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => {
  /** Shared tail of every session call: a new account starts from clean slices. */
  function settle(res: Result<SessionState>): boolean {
    if (!res.ok) {
      set({ sessionBusy: null, sessionError: res.error });
      return false;
    }
    const before = get().session;
    const changedAccount =
      before?.status !== res.value.status ||
      (before.status === 'signed_in' &&
        res.value.status === 'signed_in' &&
        (before.account.baseUrl !== res.value.account.baseUrl || before.account.userId !== res.value.account.userId));
    // One update: the new session never renders over the old account's workspace.
    if (changedAccount) {
      get().clearPrefetched();
      get().cancelDraftSave();
    }
    set({ ...(changedAccount ? workspaceFor(res.value) : {}), session: res.value, sessionBusy: null, sessionError: null });
    return res.value.status === 'signed_in';
  }

  return {
    session: null,
    sessionBusy: null,
    sessionError: null,
    lastSessionAttempt: null,

    async loadSession() {
      // A refresh while signed in keeps the current screen; only the first
      // load shows the splash.
      if (get().session === null) set({ sessionBusy: 'loading', sessionError: null, lastSessionAttempt: 'loading' });
      settle(await call('session:get'));
    },

    async connect(url, token) {
      if (get().sessionBusy) return false;
      set({ sessionBusy: 'connect', sessionError: null, lastSessionAttempt: 'connect' });
      return settle(await call('session:connect', { url: url.trim(), token: token.trim() }));
    },

    async startDemo() {
      if (get().sessionBusy) return false;
      set({ sessionBusy: 'demo', sessionError: null, lastSessionAttempt: 'demo' });
      return settle(await call('session:startDemo'));
    },

    async signOut() {
      if (get().sessionBusy) return;
      set({ sessionBusy: 'sign_out', sessionError: null, lastSessionAttempt: 'sign_out' });
      const res = await call('session:signOut');
      settle(res);
      if (!res.ok) get().pushToast(`Could not sign out. ${describeError(res.error)}`, 'error');
      else get().pushToast('Signed out.', 'info');
    },

    resetWorkspace() {
      get().clearPrefetched();
      set(workspaceFor(get().session));
    },
  };
};
