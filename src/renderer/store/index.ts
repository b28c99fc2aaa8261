import { create } from 'zustand';
import { accountKey, otherQueuesBeside, readPersisted, writePersisted } from './persist';
import { createDecisionActionsSlice } from './decision-actions.slice';
import { createDraftSlice } from './draft.slice';
import { createFilesSlice } from './files.slice';
import { createLocalSlice } from './local.slice';
import { createNotificationsSlice } from './notifications.slice';
import { createOutboxSlice } from './outbox.slice';
import { createPrefsSlice, rememberedPrefs } from './prefs.slice';
import { createQueueSlice } from './queue.slice';
import { createReviewSlice } from './review.slice';
import { createSessionSlice } from './session.slice';
import { createStatsSlice } from './stats.slice';
import { createSyncSlice } from './sync.slice';
import { createTagsSlice } from './tags.slice';
import { createToastsSlice } from './toasts.slice';
import type { AppState } from './types';
import { createUiSlice } from './ui.slice';

/** The renderer's one store. Components select single fields (`useShallow` for derived ones). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createQueueSlice(...a),
  ...createReviewSlice(...a),
  ...createSyncSlice(...a),
  ...createToastsSlice(...a),
  ...createStatsSlice(...a),
  ...createUiSlice(...a),
  ...createPrefsSlice(...a),
  ...createTagsSlice(...a),
  ...createOutboxSlice(...a),
  ...createLocalSlice(...a),
  ...createDraftSlice(...a),
  ...createDecisionActionsSlice(...a),
  ...createFilesSlice(...a),
  ...createNotificationsSlice(...a),
}));

/**
 * Remembers preferences, and the signed-in account's filters and selection,
 * whenever one of them changes (a few hundred bytes: cheap enough to write on
 * every j/k). Before sign-in the last account's memory is left as it was.
 */
function remember(s: AppState): void {
  const account = s.session?.status === 'signed_in' ? accountKey(s.session.account) : null;
  const before = readPersisted();
  writePersisted({
    theme: s.theme,
    guidelinesOpen: s.guidelinesOpen,
    filtersOpen: s.filtersOpen,
    queue: account ? { account, filters: s.filters, selectedId: s.selectedId, selectedIndex: s.selectedIndex } : before.queue,
    otherQueues: account ? otherQueuesBeside(account, before) : before.otherQueues,
  });
}

useAppStore.subscribe((s, prev) => {
  if (
    s.theme !== prev.theme ||
    s.guidelinesOpen !== prev.guidelinesOpen ||
    s.filtersOpen !== prev.filtersOpen ||
    s.filters !== prev.filters ||
    s.selectedId !== prev.selectedId ||
    s.selectedIndex !== prev.selectedIndex
  ) {
    remember(s);
  }
});

/** Puts the store back to its first state, with what is remembered now (tests render many apps in one page). */
export function resetStore(): void {
  useAppStore.getState().clearPrefetched();
  useAppStore.getState().cancelDraftSave();
  useAppStore.setState({ ...useAppStore.getInitialState(), ...rememberedPrefs() }, true);
}

export type { AppState } from './types';
