import { readPersisted, type Theme } from './persist';
import type { SliceCreator } from './types';

/** Preferences of this computer's reviewer, remembered in localStorage (see persist.ts). */
export interface PrefsSlice {
  theme: Theme;
  /** The form's instructions shown beside the form. */
  guidelinesOpen: boolean;
  /** The queue's filter panel expanded. */
  filtersOpen: boolean;
  setTheme(theme: Theme): void;
  setGuidelinesOpen(open: boolean): void;
  setFiltersOpen(open: boolean): void;
}

/** The remembered preferences (read at start, and by tests that reset the store). */
export function rememberedPrefs(): Pick<PrefsSlice, 'theme' | 'guidelinesOpen' | 'filtersOpen'> {
  const { theme, guidelinesOpen, filtersOpen } = readPersisted();
  return { theme, guidelinesOpen, filtersOpen };
}

export const createPrefsSlice: SliceCreator<PrefsSlice> = (set) => {
  return {
    ...rememberedPrefs(),
    setTheme: (theme) => set({ theme }),
    setGuidelinesOpen: (guidelinesOpen) => set({ guidelinesOpen }),
    setFiltersOpen: (filtersOpen) => set({ filtersOpen }),
  };
};
