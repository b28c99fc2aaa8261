/**
 * The tray, as a pure function of app state (convention 8, after Signal's
 * SystemTrayService and Mattermost's tray.ts): `trayModel(state, now, panel)`
 * says which icon, tooltip, badge and menu to show; `tray.ts` only renders it.
 * `DesktopState` is also the input of the notification policy, so both read
 * the same picture of the app.
 */
import type { LocalState, QueueItem, SyncStatus } from '../../shared/contract';
import type { Priority } from '../../shared/protocol';
import type { NotificationSettings, PanelVariant, TrayAction, TrayIcon, TrayMenuItem, TrayModel } from '../../shared/desktop';

export type { NotificationSettings, PanelVariant, TrayAction, TrayIcon, TrayMenuItem, TrayModel };

/** The fields of a cached assignment the desktop shell looks at. */
export type DesktopItem = Pick<QueueItem, 'id' | 'title' | 'priority' | 'status' | 'dueAt' | 'localState'>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: true,
  highPriorityOnly: false,
  dueSoonLeadMinutes: 60,
};

export interface DesktopState {
  signedIn: boolean;
  /** Which account's cache this is (e.g. its cacheKey): the notification memory starts afresh for another one. */
  accountKey?: string | null;
  sync: Pick<SyncStatus, 'phase' | 'lastSyncAt' | 'lastError' | 'outboxPending' | 'outboxAttention'>;
  /**
   * Every cached assignment that is pending/in progress, plus any other with
   * local work (localState ≠ 'none'). Pass them all, not a page: the policy
   * tells new work from old by these ids.
   */
  items: readonly DesktopItem[];
  /** Ids the reviewer has already seen in the window (e.g. the queue's ids when it was last focused). */
  knownAssignmentIds: readonly number[];
  settings: NotificationSettings;
  /** ISO time until which notifications are paused, or null. */
  pausedUntil: string | null;
}

export const TRAY_ICONS: readonly TrayIcon[] = ['idle', 'new-work', 'syncing', 'offline', 'attention'];
/** The panel the icon sits on: a dark glyph for light panels and vice versa. */
// ---------------------------------------------------------------- shared reading of the state

export const PRIORITY_RANK: Record<Priority, number> = { critical: 3, high: 2, medium: 1, low: 0 };
export const isUrgentPriority = (p: Priority): boolean => PRIORITY_RANK[p] >= PRIORITY_RANK.high;
export const isActive = (i: DesktopItem): boolean => i.status === 'pending' || i.status === 'in_progress';
export const needsAttention = (s: LocalState): boolean => s === 'conflict' || s === 'parked';

/** The server stopped accepting the token: the sync engine parks itself until the reviewer signs in again. */
export const signInExpired = (s: DesktopState): boolean => s.signedIn && s.sync.lastError?.code === 'unauthorized';

export function pausedUntilMs(s: DesktopState, now: number): number | null {
  const t = s.pausedUntil ? Date.parse(s.pausedUntil) : NaN;
  return Number.isFinite(t) && t > now ? t : null;
}

// The policy and the tray read the due time of up to 5,000 items several times per update (sorts
// included): parsing each ISO string once keeps an update of the whole app state to a few ms.
const parsedDue = new Map<string, number | null>();
const MAX_PARSED = 20_000;

export const dueMs = (i: DesktopItem): number | null => {
  if (!i.dueAt) return null;
  let t = parsedDue.get(i.dueAt);
  if (t === undefined) {
    const ms = Date.parse(i.dueAt);
    t = Number.isFinite(ms) ? ms : null;
    if (parsedDue.size >= MAX_PARSED) parsedDue.clear();
    parsedDue.set(i.dueAt, t);
  }
  return t;
};

/** Priority first, then the earliest due date (undated last), then the oldest id: a stable order. */
export function byUrgency(a: DesktopItem, b: DesktopItem): number {
  const p = PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority];
  if (p !== 0) return p;
  const da = dueMs(a) ?? Infinity;
  const db = dueMs(b) ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}

/** The first `n` by `byUrgency`, without sorting them all (the menu shows three of thousands). */
export function mostUrgent(items: readonly DesktopItem[], n: number): DesktopItem[] {
  const top: DesktopItem[] = [];
  if (n <= 0) return top;
  for (const i of items) {
    if (top.length === n && byUrgency(i, top[n - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && byUrgency(i, top[at - 1]!) < 0) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  }
  return top;
}

/** When "Pause notifications" ends: in an hour, or tomorrow at 08:00 local time. */
export function pauseEnd(until: 'hour' | 'tomorrow', now: Date): string {
  if (until === 'hour') return new Date(now.getTime() + 3600_000).toISOString();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0).toISOString();
}

/** Text from the backend goes into OS menus and toasts: one line, no control characters, bounded. */
export function plainText(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const one = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

const hhmm = (t: number): string => {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** "in 25 min", "in 3 h", "overdue": short enough for a menu line. */
export function dueLabel(due: number, now: number): string {
  const min = Math.round((due - now) / 60_000);
  if (min <= 0) return 'overdue';
  if (min < 60) return `due in ${min} min`;
  if (min < 48 * 60) return `due in ${Math.round(min / 60)} h`;
  return `due in ${Math.round(min / 1440)} d`;
}

const PRIORITY_LABEL: Record<Priority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

// Windows truncates tray tooltips at 127 characters (NOTIFYICONDATA.szTip).
const TOOLTIP_MAX = 127;

// ---------------------------------------------------------------- the model

export function trayModel(state: DesktopState, now: number, variant: PanelVariant = 'dark'): TrayModel {
  const known = new Set(state.knownAssignmentIds);
  const active = state.items.filter(isActive);
  const fresh = active.filter((i) => !known.has(i.id)).length;
  const overdue = active.filter((i) => i.localState === 'none' && (dueMs(i) ?? Infinity) <= now).length;
  const attention = Math.max(state.items.filter((i) => needsAttention(i.localState)).length, state.sync.outboxAttention);
  const expired = signInExpired(state);
  const paused = pausedUntilMs(state, now);

  let icon: TrayIcon = 'idle';
  let status = '';
  if (!state.signedIn) status = 'Not signed in';
  else if (expired) [icon, status] = ['attention', 'Sign-in expired: sign in again to sync'];
  else if (attention > 0)
    [icon, status] = ['attention', `${plural(attention, 'decision')} need${attention === 1 ? 's' : ''} you`];
  else if (state.sync.phase === 'offline') [icon, status] = ['offline', 'Offline: work is kept and sent later'];
  else if (state.sync.phase === 'error') [icon, status] = ['offline', 'Cannot sync: will retry'];
  else if (state.sync.phase === 'syncing') [icon, status] = ['syncing', 'Syncing…'];
  else if (fresh > 0) icon = 'new-work';

  const counts: string[] = [];
  if (state.signedIn) {
    counts.push(plural(active.length, 'assignment'));
    if (fresh > 0) counts.push(`${fresh} new`);
    if (overdue > 0) counts.push(`${overdue} overdue`);
  }
  const lines = ['Reviewdesk', counts.join(' · '), status];
  if (state.signedIn && state.sync.outboxPending > 0) lines.push(`${plural(state.sync.outboxPending, 'change')} to send`);
  if (paused !== null) lines.push(`Notifications paused until ${hhmm(paused)}`);
  const text = lines.filter(Boolean).join('\n');
  const tooltip = text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;

  return {
    icon,
    variant,
    tooltip,
    badgeCount: state.signedIn ? fresh + attention : 0,
    menu: trayMenu(state, active, now, paused, expired),
  };
}

function trayMenu(
  state: DesktopState,
  active: DesktopItem[],
  now: number,
  paused: number | null,
  expired: boolean,
): TrayMenuItem[] {
  const menu: TrayMenuItem[] = [{ kind: 'item', label: 'Open Reviewdesk', action: { kind: 'open' }, enabled: true }];
  if (expired || !state.signedIn) {
    menu.push({ kind: 'item', label: 'Sign in…', action: { kind: 'sign-in' }, enabled: true });
  }
  menu.push({
    kind: 'item',
    label: state.sync.phase === 'syncing' ? 'Syncing…' : 'Sync now',
    action: { kind: 'sync-now' },
    enabled: state.signedIn && !expired && state.sync.phase !== 'syncing',
  });
  if (paused !== null) {
    menu.push({ kind: 'label', label: `Notifications paused until ${hhmm(paused)}` });
    menu.push({ kind: 'item', label: 'Resume notifications', action: { kind: 'resume' }, enabled: true });
  } else {
    menu.push({
      kind: 'submenu',
      label: 'Pause notifications',
      items: [
        { kind: 'item', label: 'For 1 hour', action: { kind: 'pause', until: 'hour' }, enabled: true },
        { kind: 'item', label: 'Until tomorrow', action: { kind: 'pause', until: 'tomorrow' }, enabled: true },
      ],
    });
  }
  // Work already decided locally (unsent) is not "urgent" any more: the outbox will carry it.
  const urgent = mostUrgent(
    active.filter((i) => i.localState !== 'unsent'),
    3,
  );
  if (state.signedIn && urgent.length > 0) {
    menu.push({ kind: 'separator' }, { kind: 'label', label: 'Most urgent' });
    for (const i of urgent) {
      const due = dueMs(i);
      const suffix = due === null ? '' : ` (${dueLabel(due, now)})`;
      const label = `${PRIORITY_LABEL[i.priority]}: ${plainText(i.title, 60)}${suffix}`;
      menu.push({ kind: 'item', label, action: { kind: 'open-assignment', id: i.id }, enabled: true });
    }
  }
  menu.push({ kind: 'separator' }, { kind: 'item', label: 'Quit Reviewdesk', action: { kind: 'quit' }, enabled: true });
  return menu;
}
