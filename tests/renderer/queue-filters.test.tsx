/**
 * The queue's filters: facet counts from main shown beside each value, each
 * change producing the right `queue:list` query, chips to remove them, and
 * filters plus selection surviving a restart.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../../src/renderer/store/persist';
import { resetStore } from '../../src/renderer/store';
import { err } from '../../src/shared/result';
import { FakeApi, NOW, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

const HOUR = 3600_000;

function filterApi() {
  const api = new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({ id: 1, title: 'Refund A', priority: 'critical', project: 1, kind: 'approval', tags: [3] }),
      makeAssignment({
        id: 2,
        title: 'Label B',
        priority: 'high',
        project: 2,
        kind: 'annotation',
        tags: [3, 5],
        due_at: new Date(NOW - 5 * HOUR).toISOString(),
      }),
      makeAssignment({ id: 3, title: 'Key C', priority: 'low', project: 2, kind: 'api_key', due_at: null }),
      makeAssignment({ id: 4, title: 'Old D', priority: 'low', status: 'completed', project: 1, kind: 'approval' }),
    ],
  });
  api.localStates.set(3, 'unsent');
  api.localStates.set(2, 'conflict');
  return api;
}

const rows = () => within(screen.getByRole('list', { name: 'Assignments' })).getAllByRole('button');
const panelGroup = (legend: string) =>
  screen.getAllByRole('group').find((g) => g.querySelector('legend')?.textContent?.startsWith(legend)) as HTMLElement;

async function openPanel(user: ReturnType<typeof renderApp>['user'], { counts = true } = {}) {
  await screen.findByRole('list', { name: 'Assignments' });
  const toggle = screen.getByRole('button', { name: 'Filters' });
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  await user.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  // Counts are asked for once the panel opens, and arrive a moment later.
  if (counts) await within(panelGroup('Status')).findByLabelText(/^Pending \(\d+\)$/);
}

describe('queue filters', () => {
  it("shows main's counts beside every value, each facet ignoring its own filter", async () => {
    const { user } = renderApp(filterApi());
    await openPanel(user);
    // Status counts ignore the status filter: the completed one is counted though not listed.
    expect(within(panelGroup('Status')).getByLabelText('Pending (3)')).toBeTruthy();
    expect(within(panelGroup('Status')).getByLabelText('Completed (1)')).toBeTruthy();
    expect(within(panelGroup('Priority')).getByLabelText('Critical (1)')).toBeTruthy();
    expect(within(panelGroup('Priority')).getByLabelText('Low (1)')).toBeTruthy();
    expect(within(panelGroup('Due')).getByLabelText('Overdue (1)')).toBeTruthy();
    expect(within(panelGroup('Due')).getByLabelText('Due today (1)')).toBeTruthy();
    expect(within(panelGroup('Due')).getByLabelText('No due date (1)')).toBeTruthy();
    expect(within(panelGroup('Local work')).getByLabelText('Has unsent work (1)')).toBeTruthy();
    expect(within(panelGroup('Local work')).getByLabelText('Has a conflict (1)')).toBeTruthy();
    expect(within(panelGroup('Project')).getByLabelText('Project 2 (2)')).toBeTruthy();
    expect(within(panelGroup('Kind')).getByLabelText('annotation (1)')).toBeTruthy();
    // Tags have no names yet (no tags channel): ids, most used first.
    const tags = within(panelGroup('Tag')).getAllByRole('checkbox');
    expect(tags.map((t) => t.closest('label')?.textContent)).toEqual(['Tag #3 (2)', 'VIP customer (1)']);
  });

  it('turns each filter into the matching queue:list query', async () => {
    const api = filterApi();
    const { user } = renderApp(api);
    await openPanel(user);

    await user.click(within(panelGroup('Project')).getByLabelText(/^Project 2/));
    expect(api.lastInput('queue:list')).toMatchObject({ projects: [2], offset: 0 });
    await waitFor(() => expect(rows()).toHaveLength(2));
    // The counts follow the new filters, asked apart from the list.
    await waitFor(() => expect(api.lastInput('queue:facets')).toEqual({ statuses: ['pending', 'in_progress'], projects: [2] }));

    await user.click(within(panelGroup('Kind')).getByLabelText(/^annotation/));
    expect(api.lastInput('queue:list')).toMatchObject({ projects: [2], kinds: ['annotation'] });
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(within(panelGroup('Kind')).getByLabelText(/^annotation/));
    expect(api.lastInput('queue:list')?.kinds).toBeUndefined();

    await user.click(within(panelGroup('Tag')).getByLabelText(/^VIP customer/));
    expect(api.lastInput('queue:list')?.tags).toEqual([5]);
    await user.click(within(panelGroup('Tag')).getByLabelText(/^VIP customer/));

    await user.click(within(panelGroup('Due')).getByLabelText(/^Overdue/));
    await user.click(within(panelGroup('Due')).getByLabelText(/^No due date/));
    // In the offered order, whatever the click order.
    expect(api.lastInput('queue:list')?.due).toEqual(['overdue', 'none']);
    await waitFor(() =>
      expect(rows().map((r) => r.querySelector('.queue-row__title')?.textContent)).toEqual(['Label B', 'Key C']),
    );

    await user.click(within(panelGroup('Local work')).getByLabelText(/^Has unsent work/));
    expect(api.lastInput('queue:list')?.local).toEqual(['unsent']);
    await waitFor(() => expect(rows().map((r) => r.querySelector('.queue-row__title')?.textContent)).toEqual(['Key C']));
    await user.click(within(panelGroup('Local work')).getByLabelText(/^Has a conflict/));
    expect(api.lastInput('queue:list')?.local).toEqual(['unsent', 'conflict']);

    // Unticking every status means any status.
    await user.click(within(panelGroup('Status')).getByLabelText(/^Pending/));
    await user.click(within(panelGroup('Status')).getByLabelText(/^In progress/));
    expect(api.lastInput('queue:list')?.statuses).toBeUndefined();
    expect(panelGroup('Status').querySelector('legend')?.textContent).toBe('Status · any');

    expect(screen.getByRole('button', { name: /Filters 4 changed/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(api.lastInput('queue:list')).toEqual({
      ordering: 'priority',
      limit: 200,
      offset: 0,
      statuses: ['pending', 'in_progress'],
    });
  });

  it('shows active filters as chips that remove themselves', async () => {
    const api = filterApi();
    const { user } = renderApp(api);
    await openPanel(user);
    await user.click(within(panelGroup('Priority')).getByLabelText(/^Critical/));
    const chips = screen.getByRole('list', { name: 'Active filters' });
    expect(
      within(chips)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Remove filter: Status Pending', 'Remove filter: Status In progress', 'Remove filter: Priority Critical']);
    await user.click(within(chips).getByRole('button', { name: 'Remove filter: Priority Critical' }));
    expect(api.lastInput('queue:list')?.priorities).toBeUndefined();
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it('works when main cannot count: no counts rather than zeros, no empty groups', async () => {
    const api = filterApi();
    api.override('queue:facets', () => err('internal', 'cannot count'));
    const { user } = renderApp(api);
    await openPanel(user, { counts: false });
    await waitFor(() => expect(api.inputs('queue:facets')).toHaveLength(1));
    expect(within(panelGroup('Status')).getByLabelText('Pending')).toBeTruthy();
    expect(within(panelGroup('Priority')).getByLabelText('Critical')).toBeTruthy();
    expect(panelGroup('Project')).toBeUndefined();
    expect(panelGroup('Kind')).toBeUndefined();
    expect(rows()).toHaveLength(3);
  });

  it('remembers filters, the panel and the selection across a restart, per account', async () => {
    const api = filterApi();
    const { user } = renderApp(api);
    await openPanel(user);
    await user.click(within(panelGroup('Status')).getByLabelText(/^Completed/));
    await waitFor(() => expect(rows()).toHaveLength(4));
    // j is a letter while a checkbox has focus; leave it first.
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('jj');
    await waitFor(() => expect(rows()[2]!.getAttribute('aria-current')).toBe('true'));
    const remembered = JSON.parse(localStorage.getItem(STORAGE_KEY)!);
    expect(remembered.queue.selectedId).toBe(Number(rows()[2]!.dataset.id));
    expect(remembered.queue.filters.statuses).toEqual(['pending', 'in_progress', 'completed']);

    // "Restart": a fresh store and app over the same storage.
    cleanup();
    resetStore();
    const again = filterApi();
    renderApp(again);
    await screen.findByRole('list', { name: 'Assignments' });
    expect(again.inputs('queue:list')[0]?.statuses).toEqual(['pending', 'in_progress', 'completed']);
    expect(screen.getByRole('button', { name: 'Filters 1 changed' }).getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(rows()[2]!.getAttribute('aria-current')).toBe('true'));

    // Another account starts from the defaults.
    cleanup();
    resetStore();
    const other = filterApi();
    other.session = { status: 'signed_in', account: { ...ACCOUNT_B } };
    renderApp(other);
    await screen.findByRole('list', { name: 'Assignments' });
    expect(other.inputs('queue:list')[0]?.statuses).toEqual(['pending', 'in_progress']);
  });

  it('survives garbage in storage', async () => {
    localStorage.setItem(STORAGE_KEY, '{"theme":"purple","queue":{"account":1},"filtersOpen":"yes"');
    renderApp(filterApi());
    expect(await screen.findByRole('list', { name: 'Assignments' })).toBeTruthy();
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ theme: 'purple', filtersOpen: 'yes', queue: { account: 1 } }));
    cleanup();
    resetStore();
    renderApp(filterApi());
    expect(await screen.findByRole('list', { name: 'Assignments' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Filters' }).getAttribute('aria-expanded')).toBe('false');
  });
});

const ACCOUNT_B = {
  baseUrl: 'http://other.test/api/v1',
  userId: 99,
  username: 'bo',
  displayName: 'Bo',
  demo: false,
  key: 'bo-key',
  backend: 'native' as const,
};
