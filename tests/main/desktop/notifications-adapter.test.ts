import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { NotificationIntent, NotificationTarget } from '../../../src/main/desktop/notification-policy';
import { createNotifier, type NotificationElectron } from '../../../src/main/desktop/notifications';

function fakeElectron(supported = true) {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static isSupported = () => supported;
    listeners: Record<string, () => void> = {};
    closed = false;
    constructor(readonly options: NotificationConstructorOptions) {}
    on(event: 'click' | 'close', listener: () => void) {
      this.listeners[event] = listener;
    }
    show() {
      shown.push(this);
    }
    close() {
      this.closed = true;
      this.listeners.close?.();
    }
  }
  const electron: NotificationElectron = { Notification: FakeNotification };
  return { electron, shown };
}

const intent = (id: string, over: Partial<NotificationIntent> = {}): NotificationIntent => ({
  id,
  kind: 'urgent-work',
  title: 'Critical assignment',
  body: 'Check the chart',
  urgency: 'critical',
  target: { kind: 'assignment', id: 7 },
  ...over,
});

describe('notifier', () => {
  it('shows each intent and focuses its target on click', () => {
    const f = fakeElectron();
    const clicks: NotificationTarget[] = [];
    const n = createNotifier(f.electron, { onClick: (t) => clicks.push(t), icon: '/res/icon.png' });
    n.show([intent('new:7'), intent('new-burst:1', { urgency: 'low', target: { kind: 'queue', filter: 'new' } })]);
    expect(f.shown.map((s) => s.options)).toEqual([
      {
        id: 'new:7',
        title: 'Critical assignment',
        body: 'Check the chart',
        urgency: 'critical',
        timeoutType: 'never',
        silent: false,
        icon: '/res/icon.png',
      },
      expect.objectContaining({ id: 'new-burst:1', urgency: 'low', timeoutType: 'default', silent: true }),
    ]);
    f.shown[1]!.listeners.click!();
    f.shown[0]!.listeners.click!();
    expect(clicks).toEqual([
      { kind: 'queue', filter: 'new' },
      { kind: 'assignment', id: 7 },
    ]);
  });

  it('keeps a bounded number of notifications alive, and replaces one with the same id', () => {
    const f = fakeElectron();
    const n = createNotifier(f.electron, { onClick: () => {}, maxRetained: 2 });
    n.show([intent('a'), intent('a')]);
    expect(f.shown[0]!.closed).toBe(true);
    n.show([intent('b'), intent('c')]);
    n.clear();
    // "a" (second) was let go when "c" arrived; "b" and "c" were still held, and closed now.
    expect(f.shown.map((s) => s.closed)).toEqual([true, false, true, true]);
  });

  it('does nothing where the OS has no notifications', () => {
    const f = fakeElectron(false);
    const n = createNotifier(f.electron, { onClick: () => {} });
    n.show([intent('x')]);
    expect([n.supported, f.shown.length]).toEqual([false, 0]);
  });
});
