/**
 * The browser's Web Notifications, for the browser host. Electron's main
 * process already shows every intent as an OS notification, so inside
 * Electron (and wherever `Notification` is missing, as in jsdom) this does
 * nothing. Permission is asked only from a button the reviewer presses:
 * browsers ignore (or penalise) requests made without a user gesture.
 */
import type { NotificationIntent } from '../../../shared/desktop';

export type WebNotificationState = 'unsupported' | 'electron' | 'default' | 'granted' | 'denied';

function notificationApi(): typeof Notification | null {
  if (typeof window === 'undefined') return null;
  const api = (window as { Notification?: typeof Notification }).Notification;
  return typeof api === 'function' ? api : null;
}

const inElectron = (): boolean => typeof navigator !== 'undefined' && navigator.userAgent.includes('Electron');

/** Whether this page can show Web Notifications, and what the reviewer said so far. */
export function webNotificationState(): WebNotificationState {
  if (inElectron()) return 'electron';
  const api = notificationApi();
  if (!api) return 'unsupported';
  const p = api.permission;
  return p === 'granted' || p === 'denied' ? p : 'default';
}

/** Asks the browser (from a click); resolves to the new state. */
export async function requestWebNotifications(): Promise<WebNotificationState> {
  const api = notificationApi();
  if (inElectron() || !api) return webNotificationState();
  try {
    await api.requestPermission();
  } catch {
    // Very old engines only take a callback; the state below says what happened.
  }
  return webNotificationState();
}

/** Shows one intent when allowed; `onClick` runs after the window is focused. Returns whether it was shown. */
export function showWebNotification(intent: NotificationIntent, onClick: () => void): boolean {
  const api = notificationApi();
  if (!api || webNotificationState() !== 'granted') return false;
  try {
    // The tag is the intent's id: the browser replaces rather than stacks a repeat.
    const n = new api(intent.title, { body: intent.body, tag: intent.id, requireInteraction: intent.urgency === 'critical' });
    n.onclick = () => {
      window.focus();
      n.close();
      onClick();
    };
    return true;
  } catch {
    // Chrome on Android and some embedders throw on the constructor (ServiceWorker only).
    return false;
  }
}
