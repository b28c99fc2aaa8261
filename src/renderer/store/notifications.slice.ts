import { call, subscribe } from '../api';
import type { NotificationIntent, NotificationTarget, TrayModel } from '../../shared/desktop';
import { now } from './clock';
import { describeError } from './error-words';
import { DEFAULT_FILTERS } from './queue-filters';
import type { SliceCreator } from './types';

/** The in-app list keeps this many, newest first (main keeps as many in `desktop:notifications`). */
export const NOTIFICATION_LIMIT = 50;

export interface NotificationEntry {
  intent: NotificationIntent;
  /**
   * When this page heard of it (the injectable clock); null for those loaded
   * at sign-in, because an intent carries no time of its own.
   */
  receivedAt: number | null;
  read: boolean;
}

/**
 * The desktop surface as the page sees it: the notification list behind the
 * bell, the tray model main computes (it carries the pause), and what
 * following a notification's target means in this workspace.
 */
export interface NotificationsSlice {
  notifications: NotificationEntry[];
  notificationsOpen: boolean;
  /** The tray as main would show it; null until `desktop:tray` answers. */
  tray: TrayModel | null;
  pauseBusy: boolean;
  /** Replaces the list with main's latest (at sign-in); intents that arrive meanwhile are kept. */
  loadNotifications(): Promise<void>;
  loadTray(): Promise<void>;
  /**
   * Subscribes to `desktop:notify`, `desktop:tray` and `app:openAssignment`.
   * `onNew` hears each intent the list had not seen yet (Web Notifications).
   * Returns the cleanup.
   */
  watchDesktop(onNew?: (intent: NotificationIntent) => void): () => void;
  /** Adds an intent at the top; false when the list already had it (ids are unique per event). */
  receiveNotification(intent: NotificationIntent): boolean;
  /** Opening the list marks everything in it read. */
  setNotificationsOpen(open: boolean): void;
  /** A click on one (in the list or a Web Notification): marks it read, closes the list, follows it. */
  openNotification(id: string): Promise<void>;
  followTarget(target: NotificationTarget): Promise<void>;
  /** Tells main the reviewer has looked at the queue (callers throttle). */
  markDesktopSeen(): Promise<void>;
  pauseNotifications(until: 'hour' | 'tomorrow' | null): Promise<void>;
}

export function initialNotificationsState() {
  return {
    notifications: [] as NotificationEntry[],
    notificationsOpen: false,
    tray: null as TrayModel | null,
    pauseBusy: false,
  };
}

export const createNotificationsSlice: SliceCreator<NotificationsSlice> = (set, get) => {
  // A sign-in (or another account) starts a new list; an older load's answer is dropped.
  let generation = 0;

  return {
    ...initialNotificationsState(),

    async loadNotifications() {
      const mine = ++generation;
      set({ notifications: [] });
      const res = await call('desktop:notifications');
      if (mine !== generation || !res.ok) return;
      set((s) => {
        const have = new Set(s.notifications.map((n) => n.intent.id));
        const loaded = res.value.filter((i) => !have.has(i.id)).map((intent) => ({ intent, receivedAt: null, read: false }));
        return { notifications: [...s.notifications, ...loaded].slice(0, NOTIFICATION_LIMIT) };
      });
    },

    async loadTray() {
      const res = await call('desktop:tray');
      if (res.ok) set({ tray: res.value });
    },

    watchDesktop(onNew) {
      const offNotify = subscribe('desktop:notify', (intent) => {
        if (get().receiveNotification(intent)) onNew?.(intent);
      });
      const offTray = subscribe('desktop:tray', (tray) => set({ tray }));
      const offOpen = subscribe('app:openAssignment', ({ id }) => void get().followTarget({ kind: 'assignment', id }));
      return () => {
        offNotify();
        offTray();
        offOpen();
      };
    },

    receiveNotification(intent) {
      if (get().notifications.some((n) => n.intent.id === intent.id)) return false;
      // An intent that arrives while the list is open is seen at once.
      const entry: NotificationEntry = { intent, receivedAt: now(), read: get().notificationsOpen };
      set((s) => ({ notifications: [entry, ...s.notifications].slice(0, NOTIFICATION_LIMIT) }));
      return true;
    },

    setNotificationsOpen(open) {
      if (!open) return set({ notificationsOpen: false });
      set((s) => ({
        notificationsOpen: true,
        notifications: s.notifications.some((n) => !n.read)
          ? s.notifications.map((n) => ({ ...n, read: true }))
          : s.notifications,
      }));
    },

    async openNotification(id) {
      const entry = get().notifications.find((n) => n.intent.id === id);
      set((s) => ({
        notificationsOpen: false,
        notifications: s.notifications.map((n) => (n.intent.id === id && !n.read ? { ...n, read: true } : n)),
      }));
      if (entry) await get().followTarget(entry.intent.target);
    },

    async followTarget(target) {
      const s = get();
      if (target.kind === 'assignment') {
        s.setScreen('queue');
        await s.openAssignment(target.id);
        return;
      }
      if (target.kind === 'sign-in') {
        s.setScreen('settings');
        return;
      }
      // "Needs attention" is about refused and conflicting decisions: the Outbox
      // page lists them with what to do about each, which a queue filter cannot.
      if (target.filter === 'attention') {
        s.setScreen('outbox');
        return;
      }
      s.closeReview();
      s.setScreen('queue');
      await s.setFilters(
        target.filter === 'new'
          ? { ...DEFAULT_FILTERS, ordering: 'updated' }
          : { ...DEFAULT_FILTERS, due: ['overdue', 'today'], ordering: 'due' },
      );
    },

    async markDesktopSeen() {
      const res = await call('desktop:seen');
      if (res.ok) set({ tray: res.value });
    },

    async pauseNotifications(until) {
      if (get().pauseBusy) return;
      set({ pauseBusy: true });
      const res = await call('desktop:pause', { until });
      set({ pauseBusy: false });
      if (!res.ok) {
        get().pushToast(`Could not change the pause. ${describeError(res.error)}`, 'error');
        return;
      }
      set({ tray: res.value });
      get().pushToast(until === null ? 'Notifications resumed.' : 'Notifications paused.', 'success', 'notifications-pause');
    },
  };
};
