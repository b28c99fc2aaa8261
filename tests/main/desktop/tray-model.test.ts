import { describe, expect, it } from 'vitest';
import { byUrgency, mostUrgent, pauseEnd, trayModel, type TrayMenuItem } from '../../../src/main/desktop/tray-model';
import { item, iso, MIN, state, T0 } from './fixtures';

const labels = (menu: TrayMenuItem[]): string[] => menu.map((m) => (m.kind === 'separator' ? '—' : m.label));
const sync = (over: object) => ({
  phase: 'idle' as const,
  lastSyncAt: iso(T0),
  lastError: null,
  outboxPending: 0,
  outboxAttention: 0,
  ...over,
});

describe('tray model: icon', () => {
  const seen = [1, 2];
  const items = [item(1), item(2)];

  it('follows the state over a sequence: idle, new work, syncing, offline, attention, back to idle', () => {
    const steps = [
      state(items, { knownAssignmentIds: seen }),
      state([...items, item(3)], { knownAssignmentIds: seen }),
      state([...items, item(3)], { knownAssignmentIds: seen, sync: sync({ phase: 'syncing' }) }),
      state([...items, item(3)], { knownAssignmentIds: seen, sync: sync({ phase: 'offline' }) }),
      state([...items, item(3, { localState: 'conflict' })], { knownAssignmentIds: seen, sync: sync({ phase: 'offline' }) }),
      state([...items, item(3)], { knownAssignmentIds: [...seen, 3] }),
    ];
    expect(steps.map((s) => trayModel(s, T0).icon)).toEqual(['idle', 'new-work', 'syncing', 'offline', 'attention', 'idle']);
  });

  it('shows attention for an expired sign-in and for outbox items the server refused', () => {
    const expired = sync({ phase: 'error', lastError: { code: 'unauthorized', message: 'x' } });
    const m = trayModel(state(items, { knownAssignmentIds: seen, sync: expired }), T0);
    expect(m.icon).toBe('attention');
    expect(m.tooltip).toContain('Sign-in expired');
    expect(labels(m.menu)).toContain('Sign in…');
    expect(m.menu.find((i) => i.kind === 'item' && i.action.kind === 'sync-now')).toMatchObject({ enabled: false });
    const refused = trayModel(state(items, { knownAssignmentIds: seen, sync: sync({ outboxAttention: 2 }) }), T0);
    expect([refused.icon, refused.badgeCount]).toEqual(['attention', 2]);
  });

  it('treats a failing sync as offline, and signed out as idle with nothing counted', () => {
    expect(trayModel(state(items, { knownAssignmentIds: seen, sync: sync({ phase: 'error' }) }), T0).icon).toBe('offline');
    const out = trayModel(state(items, { signedIn: false }), T0);
    expect([out.icon, out.badgeCount, out.tooltip]).toEqual(['idle', 0, 'Reviewdesk\nNot signed in']);
  });

  it('passes the panel variant through', () => {
    expect(trayModel(state([]), T0, 'light').variant).toBe('light');
    expect(trayModel(state([]), T0).variant).toBe('dark');
  });
});

describe('tray model: tooltip, badge and menu', () => {
  it('counts assignments, new ones, overdue ones and unsent changes, within Windows’ 127 characters', () => {
    const items = [
      item(1, { dueAt: iso(T0 - MIN) }),
      item(2),
      item(3, { status: 'completed', localState: 'unsent' }),
      item(4, { status: 'in_progress' }),
    ];
    const m = trayModel(state(items, { knownAssignmentIds: [1, 2], sync: sync({ outboxPending: 1 }) }), T0);
    expect(m.tooltip).toBe('Reviewdesk\n3 assignments · 1 new · 1 overdue\n1 change to send');
    expect(m.badgeCount).toBe(1);
    const busy = trayModel(
      state(items, { sync: sync({ outboxPending: 12345, phase: 'offline' }), pausedUntil: iso(T0 + 3600_000) }),
      T0,
    );
    expect(busy.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('offers Open, Sync now, Pause (1 h / until tomorrow), the three most urgent, Quit', () => {
    const items = [
      item(1, { priority: 'low', title: 'Low one' }),
      item(2, { priority: 'high', dueAt: iso(T0 + 90 * MIN), title: 'High later' }),
      item(3, { priority: 'high', dueAt: iso(T0 + 20 * MIN), title: 'High sooner' }),
      item(4, { priority: 'critical', title: 'Critical, decided', localState: 'unsent' }),
      item(5, { priority: 'medium', title: 'Medium' }),
      item(6, { priority: 'critical', status: 'completed', title: 'Done' }),
      item(7, { priority: 'high', title: 'High undated' }),
    ];
    const m = trayModel(state(items, { knownAssignmentIds: items.map((i) => i.id) }), T0);
    expect(labels(m.menu)).toEqual([
      'Open Reviewdesk',
      'Sync now',
      'Pause notifications',
      '—',
      'Most urgent',
      'High: High sooner (due in 20 min)',
      'High: High later (due in 2 h)',
      'High: High undated',
      '—',
      'Quit Reviewdesk',
    ]);
    const pause = m.menu.find((i) => i.kind === 'submenu');
    expect(pause?.kind === 'submenu' && pause.items.map((i) => i.kind === 'item' && i.action)).toEqual([
      { kind: 'pause', until: 'hour' },
      { kind: 'pause', until: 'tomorrow' },
    ]);
    expect(m.menu[5]).toMatchObject({ kind: 'item', action: { kind: 'open-assignment', id: 3 } });
  });

  it('offers Resume while paused and says until when', () => {
    const until = new Date(T0 + 3600_000);
    const hhmm = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`;
    const m = trayModel(state([], { pausedUntil: until.toISOString() }), T0);
    expect(labels(m.menu)).toEqual([
      'Open Reviewdesk',
      'Sync now',
      `Notifications paused until ${hhmm}`,
      'Resume notifications',
      '—',
      'Quit Reviewdesk',
    ]);
    expect(m.tooltip).toContain(`paused until ${hhmm}`);
    // A pause that has ended is no pause.
    expect(labels(trayModel(state([], { pausedUntil: until.toISOString() }), until.getTime()).menu)).toContain(
      'Pause notifications',
    );
  });

  it('keeps titles from the backend on one bounded line', () => {
    const m = trayModel(
      state([item(1, { title: `Line one\nline two\u0007${'x'.repeat(200)}` })], { knownAssignmentIds: [1] }),
      T0,
    );
    const entry = m.menu.find((i) => i.kind === 'item' && i.action.kind === 'open-assignment');
    expect(entry?.kind === 'item' && entry.label).toMatch(/^Medium: Line one line two x+…$/);
    expect(entry?.kind === 'item' && entry.label.length).toBeLessThanOrEqual(70);
  });

  it('ends a pause in an hour, or tomorrow at 08:00 local time', () => {
    const now = new Date(2030, 2, 4, 22, 15);
    expect(pauseEnd('hour', now)).toBe(new Date(now.getTime() + 3600_000).toISOString());
    expect(pauseEnd('tomorrow', now)).toBe(new Date(2030, 2, 5, 8, 0).toISOString());
  });
});

describe('tray model: the most urgent few', () => {
  it('picks the same items, in the same order, as sorting them all by urgency', () => {
    const priorities = ['low', 'medium', 'high', 'critical'] as const;
    const items = Array.from({ length: 300 }, (_, i) =>
      item(i + 1, {
        priority: priorities[(i * 7) % 4]!,
        dueAt: i % 5 === 0 ? null : iso(T0 + ((i * 37) % 50) * MIN),
      }),
    );
    for (const n of [0, 1, 3, 10, 400]) {
      expect(mostUrgent(items, n).map((i) => i.id)).toEqual(
        [...items]
          .sort(byUrgency)
          .slice(0, n)
          .map((i) => i.id),
      );
    }
  });
});
