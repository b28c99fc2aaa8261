import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Statistics } from '../../src/shared/protocol';
import type { Result } from '../../src/shared/result';
import { formatDuration, formatHours, formatShare } from '../../src/renderer/features/stats/stats-format';
import { FakeApi, deferred } from './fake-api';
import { renderApp } from './render-app';

const STATS: Statistics = {
  total: 120,
  by_status: { pending: 60, in_progress: 30, completed: 20, rejected: 6, cancelled: 4 },
  by_priority: { low: 30, medium: 48, high: 30, critical: 12 },
  by_kind: { annotation: 20, approval: 70, moderation: 30 },
  completed_today: 14,
  average_handle_seconds: 83.4,
  average_response_hours: 5.25,
};

async function openStats(api: FakeApi) {
  const utils = renderApp(api);
  await utils.user.click(await screen.findByRole('button', { name: 'Statistics' }));
  return utils;
}

describe('statistics page', () => {
  it('shows the headline figures and three accessible bar charts with text values', async () => {
    const api = new FakeApi({ signedIn: true });
    api.stats = STATS;
    await openStats(api);
    const today = await screen.findByText('Done today');
    expect(today.nextElementSibling?.textContent).toBe('14');
    expect(screen.getByText('Assignments', { selector: 'dt' }).nextElementSibling?.textContent).toBe('120');
    expect(screen.getByText('Average handle time').nextElementSibling?.textContent).toBe('1 min 23 s');
    expect(screen.getByText('Average response time').nextElementSibling?.textContent).toBe('5.3 h');

    const byStatus = screen.getByRole('table', { name: 'By status' });
    const statusRows = within(byStatus).getAllByRole('row').slice(1);
    expect(statusRows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'Pending',
      'In progress',
      'Completed',
      'Rejected',
      'Cancelled',
    ]);
    expect(
      within(statusRows[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['', '60', '50%']);

    // Priorities most urgent first; kinds busiest first.
    const byPriority = screen.getByRole('table', { name: 'By priority' });
    expect(
      within(byPriority)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Critical', 'High', 'Medium', 'Low']);
    const byKind = screen.getByRole('table', { name: 'By kind' });
    expect(
      within(byKind)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['approval', 'moderation', 'annotation']);
    // Bars are SVG decoration, scaled to the biggest value, hidden from screen readers.
    const bars = byKind.querySelectorAll('svg');
    expect([...bars].every((b) => b.getAttribute('aria-hidden') === 'true')).toBe(true);
    expect(bars[0]!.querySelector('.chart__fill')?.getAttribute('width')).toBe('100');
    expect(Number(bars[2]!.querySelector('.chart__fill')?.getAttribute('width'))).toBeCloseTo((20 / 70) * 100);
  });

  it('shows loading, then an error with a retry that works', async () => {
    const api = new FakeApi({ signedIn: true });
    const gate = deferred<Result<Statistics>>();
    api.override('stats:get', () => gate.promise);
    const { user } = await openStats(api);
    expect(await screen.findByText('Loading statistics…')).toBeTruthy();
    await act(async () => gate.resolve({ ok: false, error: { code: 'offline', message: 'The server could not be reached.' } }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Couldn.t load your statistics\. Can.t reach the server\./);
    expect(alert.textContent).toContain('they need a connection');

    api.override('stats:get', () => ({ ok: true, value: STATS }));
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table', { name: 'By status' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when there is nothing to count, and Refresh asks again', async () => {
    const api = new FakeApi({ signedIn: true });
    api.stats = {
      ...STATS,
      total: 0,
      completed_today: 0,
      by_kind: {},
      average_handle_seconds: null,
      average_response_hours: null,
    };
    const { user } = await openStats(api);
    expect(await screen.findByText('No assignments yet, so nothing to count.')).toBeTruthy();
    api.stats = STATS;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'By kind' })).toBeTruthy());
    expect(api.inputs('stats:get')).toHaveLength(2);
  });

  it('shows done this week, counted from this computer’s decisions, beside the server’s figures', async () => {
    const api = new FakeApi({ signedIn: true });
    api.stats = STATS;
    api.localStats = { today: 3, week: 17, weekStart: '2026-11-16T00:00:00.000Z' };
    await openStats(api);
    const week = await screen.findByText('Done this week');
    expect(week.nextElementSibling?.textContent).toBe('17');
    expect(week.parentElement?.textContent).toContain('since Monday');
    expect(screen.getByText('Done today').nextElementSibling?.textContent).toBe('14');
  });

  it('still shows today and this week from this computer when the server cannot be reached', async () => {
    const api = new FakeApi({ signedIn: true });
    api.localStats = { today: 3, week: 17, weekStart: '2026-11-16T00:00:00.000Z' };
    await openStats(api);
    expect(await screen.findByRole('alert')).toBeTruthy();
    const cards = await screen.findByLabelText('On this computer');
    expect(within(cards).getByText('Done today').nextElementSibling?.textContent).toBe('3');
    expect(within(cards).getByText('Done this week').nextElementSibling?.textContent).toBe('17');
  });

  it('formats durations, hours and shares for people', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    expect(formatHours(0.5)).toBe('30 min');
    expect(formatHours(3.5)).toBe('3.5 h');
    expect(formatHours(72)).toBe('3 d');
    expect(formatShare(1, 300)).toBe('<1%');
    expect(formatShare(0, 0)).toBe('0%');
  });
});
