import { create } from 'zustand';
import { createQueueSlice } from './queue.slice';
import { createReviewSlice } from './review.slice';
import { createSessionSlice } from './session.slice';
import { createSyncSlice } from './sync.slice';
import { createToastsSlice } from './toasts.slice';
import type { AppState } from './types';

/** The renderer's one store. Components select single fields (`useShallow` for derived ones). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createQueueSlice(...a),
  ...createReviewSlice(...a),
  ...createSyncSlice(...a),
  ...createToastsSlice(...a),
}));

/** Puts the store back to its first state (tests render many apps in one page). */
export function resetStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}

export type { AppState } from './types';
