import type { SliceCreator } from './types';

export const SCREENS = ['queue', 'outbox', 'stats', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/** Where the reviewer is in the workspace, and the shortcuts sheet. Not remembered: a restart opens the queue. */
export interface UiSlice {
  screen: Screen;
  shortcutsOpen: boolean;
  /** Set by `/` from anywhere; the search box takes focus once it is on screen, then clears it. */
  searchFocusPending: boolean;
  setScreen(screen: Screen): void;
  setShortcutsOpen(open: boolean): void;
  requestSearchFocus(): void;
  searchFocused(): void;
}

export function initialUiState() {
  return { screen: 'queue' as Screen, shortcutsOpen: false, searchFocusPending: false };
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  ...initialUiState(),
  setScreen(screen) {
    if (get().screen !== screen) set({ screen });
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
  requestSearchFocus() {
    set({ screen: 'queue', searchFocusPending: true });
  },
  searchFocused() {
    if (get().searchFocusPending) set({ searchFocusPending: false });
  },
});
