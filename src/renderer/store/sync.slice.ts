import { call, subscribe } from '../api';
import type { SyncStatus } from '../../shared/contract';
import { describeError } from './error-words';
import type { SliceCreator } from './types';

export interface SyncSlice {
  syncStatus: SyncStatus | null;
  syncRequested: boolean;
  loadSyncStatus(): Promise<void>;
  syncNow(): Promise<void>;
  applySyncStatus(status: SyncStatus): void;
  /**
   * Subscribes to the main side's events for as long as the signed-in shell is
   * mounted; returns the unsubscribe function.
   */
  startLiveUpdates(): () => void;
}

export function initialSyncState(): Pick<SyncSlice, 'syncStatus' | 'syncRequested'> {
  return { syncStatus: null, syncRequested: false };
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  ...initialSyncState(),

  async loadSyncStatus() {
    const res = await call('sync:status');
    if (res.ok) get().applySyncStatus(res.value);
  },

  async syncNow() {
    if (get().syncRequested) return;
    set({ syncRequested: true });
    const res = await call('sync:now');
    set({ syncRequested: false });
    if (res.ok) get().applySyncStatus(res.value);
    else get().pushToast(`Sync failed: ${describeError(res.error)}`, 'error');
  },

  applySyncStatus(status) {
    const before = get().syncStatus;
    set({ syncStatus: status });
    // The Outbox page follows the counts (an item sent, a new refusal) as they move.
    const moved = before?.outboxPending !== status.outboxPending || before?.outboxAttention !== status.outboxAttention;
    if (moved && get().screen === 'outbox') void get().loadOutbox();
    // Main reports signed_out when the server stopped accepting the token;
    // asking for the session again brings the welcome screen back.
    if (status.phase === 'signed_out' && get().session?.status === 'signed_in') void get().loadSession();
  },

  startLiveUpdates() {
    const offStatus = subscribe('sync:status', (status) => get().applySyncStatus(status));
    const offQueue = subscribe('queue:changed', ({ reason }) => {
      if (reason === 'session') void get().loadSession();
      // Our own decision changes only the assignment decided; a pull or a new session may change any.
      if (reason !== 'decision') get().markPrefetchedStale();
      void get().refreshQueue();
      void get().refreshOpenAssignment();
      if (get().screen === 'outbox') void get().loadOutbox();
    });
    return () => {
      offStatus();
      offQueue();
    };
  },
});
