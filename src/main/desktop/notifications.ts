/**
 * Shows NotificationIntents with Electron's Notification, and nothing else:
 * which ones to show is decided in `notification-policy.ts`. Electron comes
 * in as an argument (only types are imported), so tests drive it with fakes.
 */
import type { NotificationConstructorOptions } from 'electron';
import type { NotificationIntent, NotificationTarget } from './notification-policy';

export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

/** Pass `{ Notification }` from 'electron'. */
export interface NotificationElectron {
  Notification: { new (options: NotificationConstructorOptions): NotificationLike; isSupported(): boolean };
}

type ElectronModule = typeof import('electron');
const _fits = (e: ElectronModule): NotificationElectron => e;
void _fits;

export interface NotifierOptions {
  /** Focus the window on the target (show, restore, then route to the assignment / queue / sign-in). */
  onClick(target: NotificationTarget, intent: NotificationIntent): void;
  /** The app icon for Linux, whose notification daemons show no icon otherwise. */
  icon?: string;
  /** Notifications kept alive for their click handlers; older ones are let go. */
  maxRetained?: number;
}

export interface Notifier {
  /** False where the OS has no notification service (the in-app list still gets the intents). */
  readonly supported: boolean;
  show(intents: readonly NotificationIntent[]): void;
  /** Closes what is still on screen (sign out, quit). */
  clear(): void;
}

export function createNotifier(electron: NotificationElectron, options: NotifierOptions): Notifier {
  const supported = (() => {
    try {
      return electron.Notification.isSupported();
    } catch {
      return false;
    }
  })();
  // Electron holds a notification only weakly: unless we keep it, it can be garbage
  // collected and its click handler lost (electron/electron#16922). Bounded, because
  // some Linux daemons never report 'close'.
  const live = new Map<string, NotificationLike>();
  const max = options.maxRetained ?? 50;

  return {
    supported,
    show(intents) {
      if (!supported) return;
      for (const intent of intents) {
        const n = new electron.Notification({
          id: intent.id,
          title: intent.title,
          body: intent.body,
          urgency: intent.urgency,
          // Critical ones stay until dismissed (Windows toasts, Linux urgency), the rest time out.
          timeoutType: intent.urgency === 'critical' ? 'never' : 'default',
          silent: intent.urgency === 'low',
          ...(options.icon ? { icon: options.icon } : {}),
        });
        const release = () => {
          if (live.get(intent.id) === n) live.delete(intent.id);
        };
        n.on('click', () => {
          release();
          options.onClick(intent.target, intent);
        });
        n.on('close', release);
        live.get(intent.id)?.close();
        live.set(intent.id, n);
        while (live.size > max) live.delete(live.keys().next().value!);
        n.show();
      }
    },
    clear() {
      for (const n of live.values()) n.close();
      live.clear();
    },
  };
}
