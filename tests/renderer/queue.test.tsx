import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi, NOW, deferred, makeAssignment } from './fake-api';
import { renderApp } from './render-app';
import { err } from '../../src/shared/result';
import type { QueueFacets, QueuePage } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';

const HOUR = 3600_000;
const EMPTY_FACETS: QueueFacets = { status: {}, priority: {}, project: {}, kind: {}, tag: {}, due: {}, local: {} };

function queueApi() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({
        id: 1,
        title: 'Approve refund for order 5521',
        priority: 'critical',
        due_at: new Date(NOW + 3 * HOUR).toISOString(),
      }),
      makeAssignment({
        id: 2,
        title: 'Correct the invoice label',
        priority: 'high',
        kind: 'annotation',
        due_at: new Date(NOW - 2 * 24 * HOUR).toISOString(),
      }),
      makeAssignment({ id: 3, title: 'Reject risky shell command', priority: 'low', kind: 'api_key', due_at: null }),
      makeAssignment({ id: 4, title: 'Old refund', status: 'completed' }),
    ],
  });
}

const rows = () => within(screen.getByRole('list', { name: 'Assignments' })).getAllByRole('button');
const selectedTitle = () => rows().find((r) => r.getAttribute('aria-current') === 'true')?.textContent ?? '';

describe('queue', () => {
  it('lists assignments with their facts, due countdowns and local markers', async () => {
    const api = queueApi();
    api.localStates.set(2, 'conflict');
    api.localStates.set(3, 'unsent');
    renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    expect(rows().map((r) => r.textContent?.slice(0, 20))).toEqual([
      'Approve refund for o',
      'Correct the invoice ',
      'Reject risky shell c',
    ]);
    const first = screen.getByRole('button', { name: /^Approve refund for order 5521/ });
    expect(first.textContent).toContain('Critical');
    expect(first.textContent).toContain('approval');
    expect(first.textContent).toContain('Pending');
    expect(within(first).getByText('due in 3 h')).toBeTruthy();

    const second = screen.getByRole('button', { name: /^Correct the invoice label/ });
    const overdue = within(second).getByText('overdue 2 d');
    expect(overdue.className).toContain('due--overdue');
    expect(within(second).getByText('Conflict')).toBeTruthy();
    expect(within(screen.getByRole('button', { name: /^Reject risky/ })).getByText('Unsent')).toBeTruthy();

    // First query: the default "to do" filter, ordered by priority, first page; counts are asked apart.
    expect(api.inputs('queue:list')[0]).toEqual({
      ordering: 'priority',
      limit: 200,
      offset: 0,
      statuses: ['pending', 'in_progress'],
    });
    expect(screen.getByText('3 assignments')).toBeTruthy();
  });

  it('asks for counts apart from the list, only once the filter panel is open', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    expect(api.inputs('queue:facets')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    expect(await screen.findByLabelText(/Pending \(3\)/)).toBeTruthy();
    expect(screen.getByLabelText(/Completed \(1\)/)).toBeTruthy();
    expect(api.inputs('queue:facets')).toEqual([{ statuses: ['pending', 'in_progress'] }]);
    expect(api.inputs('queue:list').every((q) => q?.facets === undefined)).toBe(true);
  });

  it('keeps the counts shown, marked as updating, after a change the reviewer did not ask for', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await screen.findByLabelText(/Pending \(3\)/);
    const gate = deferred<Result<QueueFacets>>();
    api.override('queue:facets', () => gate.promise);
    api.assignments = api.assignments.filter((a) => a.id !== 3);
    act(() => api.emit('queue:changed', { reason: 'decision' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    // The old counts stay on screen, said to be updating, until main has counted again.
    expect(screen.getByLabelText(/Pending \(3\)/)).toBeTruthy();
    expect(screen.getByText('Counts updating…')).toBeTruthy();
    await waitFor(() => expect(api.inputs('queue:facets')).toHaveLength(2), { timeout: 3000 });
    await act(async () => gate.resolve({ ok: true, value: { ...EMPTY_FACETS, status: { pending: 2, completed: 1 } } }));
    expect(await screen.findByLabelText(/Pending \(2\)/)).toBeTruthy();
    expect(screen.queryByText('Counts updating…')).toBeNull();
  });

  it('debounces the search box into one queue:list call with the search', async () => {
    const api = queueApi();
    renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    const before = api.inputs('queue:list').length;
    // One burst, no pause between the keys: with a pause per key, a busy machine's can outlast the debounce.
    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Search'), 'refund');
    await waitFor(() => expect(api.lastInput('queue:list')?.search).toBe('refund'));
    // Six keystrokes, one query.
    expect(api.inputs('queue:list').length).toBe(before + 1);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.textContent).toMatch(/^Approve refund/);
  });

  it('sends one search at a time: what is typed while main answers goes as one query after it', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    const gate = deferred<void>();
    const plain = new FakeApi({ signedIn: true, assignments: api.assignments });
    api.override('queue:list', async (q) => {
      if (q?.search === 'ref') await gate.promise;
      return plain.invoke('queue:list', q);
    });
    const searches = () => api.inputs('queue:list').flatMap((q) => (q?.search ? [q.search] : []));
    const box = screen.getByLabelText('Search');
    // Pasted, so that it is one edit: typed, a busy machine's pause between two keys can outlast the debounce.
    await user.click(box);
    await user.paste('ref');
    await waitFor(() => expect(searches()).toEqual(['ref']));
    await user.type(box, 'u');
    await user.type(box, 'nd');
    // Past the debounce, still held behind the answer to "ref".
    await new Promise((r) => setTimeout(r, 100));
    expect(searches()).toEqual(['ref']);
    await act(async () => gate.resolve());
    await waitFor(() => expect(searches()).toEqual(['ref', 'refund']));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.textContent).toMatch(/^Approve refund/);
  });

  it('sends status, priority and ordering filters', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    await user.click(screen.getByRole('button', { name: 'Filters' }));

    await user.click(screen.getByLabelText(/Completed/));
    expect(api.lastInput('queue:list')?.statuses).toEqual(['pending', 'in_progress', 'completed']);
    await waitFor(() => expect(rows()).toHaveLength(4));

    await user.click(screen.getByLabelText(/^High/));
    expect(api.lastInput('queue:list')?.priorities).toEqual(['high']);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await user.selectOptions(screen.getByLabelText('Order by'), 'due');
    expect(api.lastInput('queue:list')).toEqual({
      ordering: 'due',
      statuses: ['pending', 'in_progress', 'completed'],
      priorities: ['high'],
      offset: 0,
      limit: 200,
    });
  });

  it('shows "No assignments match" with a way out when filters hide everything', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    await user.type(screen.getByLabelText('Search'), 'zzz');
    expect(await screen.findByText('No assignments match.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('');
  });

  it('says all caught up when there is nothing to do', async () => {
    renderApp(new FakeApi({ signedIn: true }));
    expect(await screen.findByText(/Nothing to review — you.re all caught up/)).toBeTruthy();
  });

  it('shows loading, then an error with a retry that works', async () => {
    const api = queueApi();
    const gate = deferred<Result<QueuePage>>();
    api.override('queue:list', () => gate.promise);
    const { user } = renderApp(api);
    expect(await screen.findByText('Loading assignments…')).toBeTruthy();
    await act(async () => gate.resolve(err('db_corrupt', 'The cache file cannot be read.')));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The cache file cannot be read.');

    const fresh = queueApi();
    api.override('queue:list', (q) => fresh.invoke('queue:list', q));
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('list', { name: 'Assignments' })).toBeTruthy();
  });

  it('moves with j/k and arrows, opens with Enter, focuses search with /', async () => {
    const api = queueApi();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    expect(selectedTitle()).toMatch(/^Approve refund/);

    await user.keyboard('j');
    expect(selectedTitle()).toMatch(/^Correct the invoice/);
    await user.keyboard('{ArrowDown}');
    expect(selectedTitle()).toMatch(/^Reject risky/);
    await user.keyboard('j');
    expect(selectedTitle()).toMatch(/^Reject risky/); // stays on the last row
    await user.keyboard('k');
    expect(selectedTitle()).toMatch(/^Correct the invoice/);
    await user.keyboard('{ArrowUp}');
    expect(selectedTitle()).toMatch(/^Approve refund/);

    await user.keyboard('/');
    const search = screen.getByLabelText('Search');
    expect(document.activeElement).toBe(search);
    // While typing, j/k are letters, not shortcuts.
    await user.keyboard('jk');
    expect((search as HTMLInputElement).value).toBe('jk');
    expect(selectedTitle()).toMatch(/^Approve refund/);
    await user.clear(search);
    (search as HTMLInputElement).blur();

    await user.keyboard('j');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.inputs('assignment:get')).toContainEqual({ id: 2 }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Correct the invoice label' })).toBeTruthy();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'Correct the invoice label' })).toBeNull());
    // Focus returns to the row the reviewer came from.
    expect(document.activeElement?.textContent).toMatch(/^Correct the invoice/);
  });

  it('re-queries when main says the queue changed', async () => {
    const api = queueApi();
    renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    api.assignments.push(makeAssignment({ id: 9, title: 'Fresh from the server', priority: 'critical' }));
    const before = api.inputs('queue:list').length;
    act(() => api.emit('queue:changed', { reason: 'pull' }));
    expect(await screen.findByRole('button', { name: /^Fresh from the server/ })).toBeTruthy();
    expect(api.inputs('queue:list').length).toBe(before + 1);
  });
});
