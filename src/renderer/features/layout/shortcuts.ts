/**
 * Every keyboard shortcut, once: the handler (use-shortcuts.ts) implements
 * them and the shortcuts sheet lists them from here, so the two cannot drift.
 */
export interface ShortcutHelp {
  keys: string[];
  what: string;
}

export interface ShortcutSection {
  title: string;
  shortcuts: ShortcutHelp[];
}

export const SHORTCUT_SECTIONS: readonly ShortcutSection[] = [
  {
    title: 'Queue',
    shortcuts: [
      { keys: ['j', '↓'], what: 'Next assignment' },
      { keys: ['k', '↑'], what: 'Previous assignment' },
      { keys: ['Home', 'End'], what: 'First / last assignment (in the list)' },
      { keys: ['PgUp', 'PgDn'], what: 'A screen up / down (in the list)' },
      { keys: ['Enter'], what: 'Open the selected assignment' },
      { keys: ['/'], what: 'Search' },
      { keys: ['x', 'Space'], what: 'Check or uncheck the selected assignment (Space in the list)' },
      { keys: ['Shift+j', 'Shift+k'], what: 'Check the next / previous one too' },
      { keys: ['Shift+click', 'Ctrl+click'], what: 'Check a range / one more' },
      { keys: ['Esc'], what: 'Uncheck all' },
    ],
  },
  {
    title: 'Review',
    shortcuts: [
      { keys: ['1–9'], what: 'Choose the outcome with that number (shown on its button)' },
      { keys: ['Ctrl+Enter'], what: 'Choose the first outcome (works while typing; ⌘+Enter on a Mac)' },
      { keys: ['c'], what: 'Write a comment' },
      { keys: ['g'], what: 'Show or hide the guidelines' },
      { keys: ['Ctrl+Z'], what: 'Undo the last decision while its notice is showing (⌘+Z on a Mac)' },
      { keys: ['Esc'], what: 'Back to the queue' },
    ],
  },
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: ['?'], what: 'This list of shortcuts' },
      { keys: ['Esc'], what: 'Close this list; from Statistics or Settings, back to the queue' },
    ],
  },
];

/** Shortcuts never fire while typing, except these with a modifier. */
export const TYPING_NOTE = 'Letters and numbers type normally in text fields; only Ctrl+Enter works there.';

/** The comment box of the open review, for `c`. */
export const COMMENT_ID = 'decision-comment';
