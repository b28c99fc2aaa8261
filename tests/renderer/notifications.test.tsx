import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationIntent } from '../../src/shared/desktop';
import { throttle } from '../../src/renderer/features/notifications/throttle';
import { NOTIFICATION_LIMIT } from '../../src/renderer/store/notifications.slice';
import { FakeApi, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

function intent(over: Partial<NotificationIntent> & { id: string }): NotificationIntent {
  return {
    kind: 'new-work',
    title: 'New assignment',
    body: 'Something to review',
    urgency: 'low',
    target: { kind: 'queue', filter: 'new' },
    ...over,
  };
}

const CRITICAL = intent({
  id: 'new:1',
  kind: 'urgent-work',
  title: 'Critical assignment',
  body: 'Approve refund for order 5521',
  urgency: 'critical',
  target: { kind: 'assignment', id: 1 },
});
const BURST = intent({ id: 'new-burst:1', title: '5 new assignments', body: 'Refund A, Refund B, Refund C…' });

function workApi() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({ id: 1, title: 'Approve refund for order 5521', priority: 'critical' }),
      makeAssignment({ id: 2, title: 'Second refund', priority: 'low' }),
    ],
  });
}

async function signedIn(api = workApi()) {
  const utils = renderApp(api);
  await screen.findByRole('button', { name: /^Approve refund for order 5521/ });
  return utils;
}

const bell = () => screen.getByRole('button', { name: /^Notifications/ });

async function openList(user: ReturnType<typeof renderApp>['user']) {
  await user.click(bell());
  return screen.findByRole('dialog', { name: 'Notifications' });
}

describe('notification bell', () => {
  it('counts unread notifications from sign-in and live, once each', async () => {
    const api = workApi();
    api.recentNotifications = [BURST];
    await signedIn(api);
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread'));
    act(() => api.emit('desktop:notify', CRITICAL));
    act(() => api.emit('desktop:notify', intent({ id: 'due:2', kind: 'due-soon', title: 'Due in 25 min' })));
    // The same event twice (a reconnect replays it) is one notification.
    act(() => api.emit('desktop:notify', CRITICAL));
    expect(screen.getByRole('button', { name: 'Notifications, 3 unread' })).toBeTruthy();
  });

  it('lists title, body and time, newest first, and marks them read when opened', async () => {
    const api = workApi();
    api.recentNotifications = [BURST];
    const { user } = await signedIn(api);
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread'));
    act(() => api.emit('desktop:notify', CRITICAL));
    const dialog = await openList(user);
    const items = within(dialog).getAllByRole('button');
    expect(items.map((b) => b.textContent)).toEqual([
      'Urgentjust nowCritical assignmentApprove refund for order 5521',
      'New workearlier5 new assignmentsRefund A, Refund B, Refund C…',
    ]);
    expect(bell().getAttribute('aria-label')).toBe('Notifications');
    expect(bell().getAttribute('aria-expanded')).toBe('true');
    // Esc closes the list (and only the list) and gives focus back to the bell.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell());
  });

  it('keeps the newest fifty', async () => {
    const api = workApi();
    await signedIn(api);
    act(() => {
      for (let i = 0; i < NOTIFICATION_LIMIT + 5; i++) api.emit('desktop:notify', intent({ id: `n:${i}`, title: `Note ${i}` }));
    });
    expect(bell().getAttribute('aria-label')).toBe(`Notifications, ${NOTIFICATION_LIMIT} unread`);
  });

  it('opens the assignment a notification points at', async () => {
    const api = workApi();
    const { user } = await signedIn(api);
    act(() => api.emit('desktop:notify', CRITICAL));
    const dialog = await openList(user);
    await user.click(within(dialog).getByRole('button', { name: /Critical assignment/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Approve refund for order 5521' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).toBeNull();
    expect(api.inputs('assignment:get')[0]).toEqual({ id: 1 });
  });

  it('follows queue, attention and sign-in targets', async () => {
    const api = workApi();
    const { user } = await signedIn(api);
    act(() => {
      api.emit('desktop:notify', BURST);
      api.emit('desktop:notify', intent({ id: 'due-many:1', title: '3 due soon', target: { kind: 'queue', filter: 'due' } }));
      api.emit(
        'desktop:notify',
        intent({ id: 'att:1', title: '2 decisions need you', target: { kind: 'queue', filter: 'attention' } }),
      );
      api.emit('desktop:notify', intent({ id: 'sign-in:1', title: 'Sign in again', target: { kind: 'sign-in' } }));
    });

    await user.click(within(await openList(user)).getByRole('button', { name: /2 decisions need you/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Outbox' })).toBeTruthy();

    await user.click(within(await openList(user)).getByRole('button', { name: /Sign in again/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Account' })).toBeTruthy();

    await user.click(within(await openList(user)).getByRole('button', { name: /3 due soon/ }));
    await waitFor(() =>
      expect(api.lastInput('queue:list')).toMatchObject({
        due: ['overdue', 'today'],
        ordering: 'due',
        statuses: ['pending', 'in_progress'],
      }),
    );

    await user.click(within(await openList(user)).getByRole('button', { name: /5 new assignments/ }));
    await waitFor(() => expect(api.lastInput('queue:list')).toMatchObject({ ordering: 'updated' }));
    expect(api.lastInput('queue:list')).not.toHaveProperty('due');
  });

  it('opens an assignment when main asks (a tray item or a reviewdesk:// link)', async () => {
    const api = workApi();
    const { user } = await signedIn(api);
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    act(() => api.emit('app:openAssignment', { id: 2 }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Second refund' })).toBeTruthy();
  });
});

describe('telling main what the reviewer has seen', () => {
  afterEach(() => vi.restoreAllMocks());

  it('after the queue is shown, on focus and when the page becomes visible, at most every 2 s', async () => {
    const start = Date.now();
    let later = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => start + later);
    const api = workApi();
    const { user } = await signedIn(api);
    await waitFor(() => expect(api.inputs('desktop:seen')).toHaveLength(1));
    // Within 2 s of the last: dropped.
    fireEvent.focus(window);
    fireEvent(document, new Event('visibilitychange'));
    expect(api.inputs('desktop:seen')).toHaveLength(1);
    later = 2_000;
    fireEvent.focus(window);
    expect(api.inputs('desktop:seen')).toHaveLength(2);
    later = 4_000;
    fireEvent(document, new Event('visibilitychange'));
    expect(api.inputs('desktop:seen')).toHaveLength(3);
    // A page that is hidden has shown nothing.
    later = 6_000;
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    fireEvent(document, new Event('visibilitychange'));
    expect(api.inputs('desktop:seen')).toHaveLength(3);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    // Coming back to the queue from another screen is a look too; quiet refreshes are not.
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    await user.click(screen.getByRole('button', { name: 'Queue' }));
    await waitFor(() => expect(api.inputs('desktop:seen')).toHaveLength(4));
    later = 8_000;
    const lists = api.inputs('queue:list').length;
    act(() => api.emit('queue:changed', { reason: 'pull' }));
    await waitFor(() => expect(api.inputs('queue:list').length).toBeGreaterThan(lists));
    expect(api.inputs('desktop:seen')).toHaveLength(4);
  });

  it('throttles to one call per window, dropping the rest', () => {
    let t = 0;
    const fn = vi.fn();
    const run = throttle(fn, 2000, () => t);
    run();
    run();
    expect(fn).toHaveBeenCalledTimes(1);
    t = 1999;
    run();
    expect(fn).toHaveBeenCalledTimes(1);
    t = 2000;
    run();
    expect(fn).toHaveBeenCalledTimes(2);
    t = 3000;
    run();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

async function openSettings(api = workApi()) {
  const utils = await signedIn(api);
  await utils.user.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  const section = screen.getByRole('region', { name: 'Notifications' });
  await within(section).findByLabelText('Remind me before due (minutes)');
  return { ...utils, section };
}

describe('notification settings', () => {
  it('round-trips main’s settings', async () => {
    const api = workApi();
    const { user, section } = await openSettings(api);
    const enabled = within(section).getByRole('checkbox', { name: /Notify me/ }) as HTMLInputElement;
    expect(enabled.checked).toBe(true);
    await user.click(enabled);
    await waitFor(() => expect(api.lastInput('settings:set')).toEqual({ notifications: { enabled: false } }));
    await waitFor(() => expect(enabled.checked).toBe(false));

    await user.click(within(section).getByRole('checkbox', { name: /Only for high and critical/ }));
    await waitFor(() => expect(api.lastInput('settings:set')).toEqual({ notifications: { highPriorityOnly: true } }));
    expect(api.settings.notifications).toEqual({ enabled: false, highPriorityOnly: true, dueSoonLeadMinutes: 60 });

    const lead = within(section).getByLabelText('Remind me before due (minutes)') as HTMLInputElement;
    expect(lead.value).toBe('60');
    await user.clear(lead);
    await user.type(lead, '2.5');
    expect(within(section).getByText(/Enter a whole number of minutes/)).toBeTruthy();
    expect((within(section).getByRole('button', { name: 'Save reminder' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(lead);
    await user.type(lead, '0{Enter}');
    await waitFor(() => expect(api.lastInput('settings:set')).toEqual({ notifications: { dueSoonLeadMinutes: 0 } }));
    expect(api.settings.notifications.dueSoonLeadMinutes).toBe(0);
  });

  it('pauses for an hour or until tomorrow and resumes, showing main’s pause', async () => {
    const api = workApi();
    const { user, section } = await openSettings(api);
    expect(within(section).getByText('Notifications are not paused.')).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Pause for 1 hour' }));
    expect(await within(section).findByText('Notifications paused until 13:00.')).toBeTruthy();
    expect(api.lastInput('desktop:pause')).toEqual({ until: 'hour' });

    await user.click(within(section).getByRole('button', { name: 'Resume notifications' }));
    expect(await within(section).findByText('Notifications are not paused.')).toBeTruthy();
    expect(api.lastInput('desktop:pause')).toEqual({ until: null });

    await user.click(within(section).getByRole('button', { name: 'Pause until tomorrow' }));
    expect(await within(section).findByText('Notifications paused until 08:00.')).toBeTruthy();
    expect(api.lastInput('desktop:pause')).toEqual({ until: 'tomorrow' });

    // A pause ended or changed elsewhere (the tray menu) arrives as a tray model.
    api.pausedUntil = null;
    act(() => api.emit('desktop:tray', api.trayModel()));
    expect(within(section).getByText('Notifications are not paused.')).toBeTruthy();
  });

  it('says when this page cannot show desktop notifications', async () => {
    const { section } = await openSettings();
    expect(within(section).getByText(/This browser cannot show desktop notifications/)).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Show desktop notifications' })).toBeNull();
  });
});

/** A stand-in for the browser's Notification, recording what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
}

describe('Web Notifications', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    FakeNotification.permission = 'default';
    FakeNotification.shown = [];
    FakeNotification.requestPermission.mockClear();
  });

  it('asks only from the button, then shows intents and follows a click', async () => {
    vi.stubGlobal('Notification', FakeNotification);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    const api = workApi();
    const { user, section } = await openSettings(api);
    // Before permission: the in-app list only, and nothing asked on load.
    act(() => api.emit('desktop:notify', BURST));
    expect(FakeNotification.shown).toEqual([]);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();

    await user.click(within(section).getByRole('button', { name: 'Show desktop notifications' }));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(await within(section).findByText(/under the bell and on your desktop/)).toBeTruthy();

    act(() => api.emit('desktop:notify', CRITICAL));
    act(() => api.emit('desktop:notify', CRITICAL));
    expect(FakeNotification.shown).toHaveLength(1);
    const [shown] = FakeNotification.shown;
    expect(shown!.title).toBe('Critical assignment');
    expect(shown!.options).toMatchObject({ body: 'Approve refund for order 5521', tag: 'new:1' });

    act(() => shown!.onclick!());
    expect(focus).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { level: 2, name: 'Approve refund for order 5521' })).toBeTruthy();
    expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');
  });

  it('leaves them to main inside Electron', async () => {
    vi.stubGlobal('Notification', FakeNotification);
    FakeNotification.permission = 'granted';
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue('Mozilla/5.0 Reviewdesk/0.1.0 Electron/45.4.1');
    const api = workApi();
    const { section } = await openSettings(api);
    expect(within(section).getByText(/system’s notifications/)).toBeTruthy();
    act(() => api.emit('desktop:notify', CRITICAL));
    expect(FakeNotification.shown).toEqual([]);
    expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');
  });
});
