/**
 * The current pause, read from the tray model main computes: main keeps the
 * paused-until time (persisted, so it survives restarts and ends on its own)
 * and shows it in the tray menu as a label followed by "Resume notifications".
 * Reading it there keeps the page and the tray saying the same thing.
 */
import type { TrayMenuItem, TrayModel } from '../../../shared/desktop';

export interface PauseState {
  paused: boolean;
  /** Main's words, e.g. "Notifications paused until 14:30"; null when not paused. */
  label: string | null;
}

function flat(items: readonly TrayMenuItem[]): TrayMenuItem[] {
  return items.flatMap((i) => (i.kind === 'submenu' ? [i, ...flat(i.items)] : [i]));
}

export function pauseState(tray: TrayModel | null): PauseState {
  if (!tray) return { paused: false, label: null };
  const items = flat(tray.menu);
  const at = items.findIndex((i) => i.kind === 'item' && i.action.kind === 'resume');
  if (at === -1) return { paused: false, label: null };
  const before = items[at - 1];
  return { paused: true, label: before?.kind === 'label' ? before.label : 'Notifications paused' };
}
