/**
 * What the desktop shell shows, as data: the tray model and notification
 * intents computed in the main process (src/main/desktop/), carried to the
 * page by the browser host so it can show them and tests can read them.
 */

export interface NotificationSettings {
  /** The reviewer's master switch. */
  enabled: boolean;
  /** Only high/critical work notifies (new, due); attention and sign-in events always do. */
  highPriorityOnly: boolean;
  /** How long before `dueAt` the "due soon" reminder comes; 0 turns it off. */
  dueSoonLeadMinutes: number;
}

export type TrayIcon = 'idle' | 'new-work' | 'syncing' | 'offline' | 'attention';
export type PanelVariant = 'light' | 'dark';

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'sign-in' }
  | { kind: 'sync-now' }
  | { kind: 'pause'; until: 'hour' | 'tomorrow' }
  | { kind: 'resume' }
  | { kind: 'open-assignment'; id: number }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'label'; label: string }
  | { kind: 'item'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayModel {
  icon: TrayIcon;
  variant: PanelVariant;
  tooltip: string;
  /** For the dock / taskbar badge: new work not yet seen plus items that need the reviewer. */
  badgeCount: number;
  menu: TrayMenuItem[];
}

export type NotificationTarget =
  { kind: 'assignment'; id: number } | { kind: 'queue'; filter: 'new' | 'due' | 'attention' } | { kind: 'sign-in' };

export type NotificationKind = 'new-work' | 'urgent-work' | 'due-soon' | 'overdue' | 'attention' | 'sign-in-expired';

export interface NotificationIntent {
  /** Unique per event: the OS notification id, and what an in-app list dedupes on. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  /** Where clicking it takes the reviewer. */
  target: NotificationTarget;
}
