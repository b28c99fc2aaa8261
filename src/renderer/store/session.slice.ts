import { call } from '../api';
import type { AccountEntry, ConnectInput, SessionState } from '../../shared/contract';
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

export type SessionBusy = 'loading' | 'connect' | 'demo' | 'sign_out' | 'switch' | null;

export interface SessionSlice {
  /** Null until `session:get` has answered. */
  session: SessionState | null;
  sessionBusy: SessionBusy;
  /** The last failure of loading, connecting, starting the demo or signing out. */
  sessionError: AppError | null;
  /** Which action `sessionError` belongs to, so each screen shows only its own. */
  lastSessionAttempt: Exclude<SessionBusy, null> | null;
  loadSession(): Promise<void>;
  /** Every account known on this computer (for the account menu and the welcome screen). */
  accounts: AccountEntry[];
  /** The "Add account" dialog, open while signed in. */
  addAccountOpen: boolean;
  /** Resolves true when signed in. */
  connect(input: ConnectInput): Promise<boolean>;
  loadAccounts(): Promise<void>;
  /** Resolves true when the account is now the active one. */
  switchAccount(key: string, token?: string): Promise<boolean>;
  removeAccount(key: string): Promise<void>;
  setAddAccountOpen(open: boolean): void;
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
  let loadingSession: Promise<void> | null = null;

  /** Shared tail of every session call: a new account starts from clean slices. */
  function settle(res: Result<SessionState>): boolean {
    if (!res.ok) {
      set({ sessionBusy: null, sessionError: res.error });
      return false;
    }
    const before = get().session;
    const changedAccount =
      before?.status !== res.value.status ||
      (before.status === 'signed_in' && res.value.status === 'signed_in' && before.account.key !== res.value.account.key);
    // One update: the new session never renders over the old account's workspace.
    if (changedAccount) {
      get().clearPrefetched();
      get().cancelDraftSave();
    }
    set({
      ...(changedAccount ? workspaceFor(res.value) : {}),
      session: res.value,
      sessionBusy: null,
      sessionError: null,
      ...(res.value.status === 'signed_in' ? { addAccountOpen: false } : {}),
    });
    // The queue's first page is asked for now, not once the workspace has rendered and run its
    // effects: a cold start shows its first rows some 50-100 ms sooner. (No change can land in
    // between: a restored session's first sync waits 1.5 s; AppShell subscribes meanwhile.)
    if (changedAccount && res.value.status === 'signed_in') void get().ensureQueue();
    void get().loadAccounts();
    return res.value.status === 'signed_in';
  }

  return {
    session: null,
    sessionBusy: null,
    sessionError: null,
    lastSessionAttempt: null,
    accounts: [],
    addAccountOpen: false,

    loadSession() {
      // One at a time: the page asks before React's first render (main.tsx) and App asks again on mount.
      return (loadingSession ??= (async () => {
        // A refresh while signed in keeps the current screen; only the first
        // load shows the splash.
        if (get().session === null) set({ sessionBusy: 'loading', sessionError: null, lastSessionAttempt: 'loading' });
        try {
          settle(await call('session:get'));
        } finally {
          loadingSession = null;
        }
      })());
    },

    async connect(input) {
      if (get().sessionBusy) return false;
      set({ sessionBusy: 'connect', sessionError: null, lastSessionAttempt: 'connect' });
      return settle(await call('session:connect', { ...input, url: input.url.trim(), token: input.token.trim() }));
    },

    async loadAccounts() {
      const res = await call('accounts:list');
      if (res.ok) set({ accounts: res.value });
    },

    async switchAccount(key, token) {
      if (get().sessionBusy) return false;
      set({ sessionBusy: 'switch', sessionError: null, lastSessionAttempt: 'switch' });
      const res = await call('session:switch', token === undefined ? { key } : { key, token });
      const switched = settle(res);
      if (res.ok)
        get().pushToast(
          `Switched to ${res.value.status === 'signed_in' ? res.value.account.displayName : 'the account'}.`,
          'info',
        );
      return switched;
    },

    async removeAccount(key) {
      const res = await call('accounts:remove', { key });
      if (!res.ok) {
        get().pushToast(`Could not remove the account. ${describeError(res.error)}`, 'error');
        return;
      }
      set({ accounts: res.value });
      get().pushToast('Account removed from this computer.', 'info');
    },

    setAddAccountOpen(open) {
      set({ addAccountOpen: open, ...(open ? { sessionError: null, lastSessionAttempt: null } : {}) });
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
