import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { throttle } from './throttle';
import { showWebNotification } from './web-notifications';

/** Looking at the window twice in a moment is one look; main re-runs its policy on each. */
export const SEEN_THROTTLE_MS = 2000;

/**
 * The signed-in workspace's desktop wiring (mounted once by the shell, so a
 * mount is a sign-in): loads the notification list and the tray, listens for
 * intents (also shown as Web Notifications when allowed), tray model updates
 * and "open this assignment", and tells main what the reviewer has seen.
 */
export function useDesktopNotifications(): void {
  const watchDesktop = useAppStore((s) => s.watchDesktop);
  const loadNotifications = useAppStore((s) => s.loadNotifications);
  const loadTray = useAppStore((s) => s.loadTray);
  const markDesktopSeen = useAppStore((s) => s.markDesktopSeen);
  const openNotification = useAppStore((s) => s.openNotification);

  useEffect(() => {
    // Subscribe first, so an intent landing during the load is not missed.
    const stop = watchDesktop((intent) => showWebNotification(intent, () => void openNotification(intent.id)));
    // Main answers one call at a time, and a tray read over a large cache takes a while:
    // the queue's first page goes first, the bell and tray follow.
    const load = () => {
      void loadNotifications();
      void loadTray();
    };
    const settled = (s: { queueStatus: string }) => s.queueStatus === 'ready' || s.queueStatus === 'error';
    let unsubscribe = (): void => undefined;
    if (settled(useAppStore.getState())) load();
    else {
      unsubscribe = useAppStore.subscribe((s) => {
        if (!settled(s)) return;
        unsubscribe();
        load();
      });
    }
    return () => {
      unsubscribe();
      stop();
    };
  }, [watchDesktop, loadNotifications, loadTray, openNotification]);

  useEffect(() => {
    const seen = throttle(() => void markDesktopSeen(), SEEN_THROTTLE_MS);
    // A hidden page (a background tab, a minimised window) has shown nothing.
    const visible = () => document.visibilityState !== 'hidden';
    const onVisibility = () => {
      if (visible()) seen();
    };
    const onFocus = () => seen();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('focus', onFocus);
    // "After the queue is shown": the queue screen has rows the reviewer asked
    // for (a load or new filters landed, or they came back to it). Quiet
    // refreshes after a sync are not a look: new work must stay "new".
    const shown = (s: { screen: string; queueStatus: string }) => s.screen === 'queue' && s.queueStatus === 'ready';
    if (shown(useAppStore.getState()) && visible()) seen();
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (shown(s) && !shown(prev) && visible()) seen();
    });
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', onFocus);
    };
  }, [markDesktopSeen]);
}
