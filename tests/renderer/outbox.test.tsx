/**
 * The Outbox page (unsent, parked, conflicts, with what to do about each),
 * the conflict view (the reviewer's values beside the server's assignment,
 * what changed highlighted), and refusals as they happen.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/shared/contract';
import { FakeApi, NOW, makeAssignment, syncStatus } from './fake-api';
import { renderApp } from './render-app';

const at = new Date(NOW - 10 * 60_000).toISOString();

function entry(over: Partial<OutboxEntry> & Pick<OutboxEntry, 'key' | 'state'>): OutboxEntry {
  return {
    kind: 'decision',
    assignmentIds: [1],
    title: 'First refund',
    createdAt: at,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    decision: null,
    tagChange: null,
    error: null,
    serverAssignment: null,
    ...over,
  };
}

function outboxApi() {
  const first = makeAssignment({ id: 1, title: 'First refund', data: { amount: 50, note: 'as ordered' }, version: 1 });
  const api = new FakeApi({
    signedIn: true,
    assignments: [first, makeAssignment({ id: 2, title: 'Second refund' }), makeAssignment({ id: 3, title: 'Third refund' })],
  });
  api.status = syncStatus({ outboxPending: 1, outboxAttention: 2 });
  const decision = (id: string, values: Record<string, unknown>) => ({
    decisionId: id,
    outcome: 'approve',
    values,
    comment: 'Looks right',
    state: 'conflict' as const,
    createdAt: at,
    error: null,
  });
  api.outbox = [
    entry({
      key: 'c-1',
      state: 'conflict',
      decision: decision('c-1', { amount: 50 }),
      error: { code: 'stale', message: 'The assignment’s data or form changed after you opened it.' },
      serverAssignment: { ...first, data: { amount: 75, note: 'as ordered', extra: true }, version: 2 },
    }),
    entry({
      key: 'p-2',
      state: 'parked',
      assignmentIds: [2],
      title: 'Second refund',
      decision: { ...decision('p-2', { amount: -5 }), state: 'parked' },
      error: {
        code: 'validation',
        message: 'The decision does not satisfy the form.',
        fields: { '/amount': ['Must be 0 or more.'] },
      },
    }),
    entry({
      key: 't-3',
      state: 'unsent',
      kind: 'set_tags',
      assignmentIds: [1, 3],
      title: null,
      attempts: 2,
      lastError: 'The server could not be reached.',
      tagChange: { ids: [1, 3], tags: [5], action: 'add' },
    }),
  ];
  api.decisions.set(2, { ...api.outbox[1]!.decision!, error: api.outbox[1]!.error });
  api.localStates.set(2, 'parked');
  return api;
}

const nav = () => screen.findByRole('navigation', { name: 'Main' });

async function openOutbox(api: FakeApi) {
  const utils = renderApp(api);
  const link = await within(await nav()).findByRole('button', { name: /Outbox 2 need attention/ });
  await utils.user.click(link);
  await screen.findByRole('heading', { level: 1, name: 'Outbox' });
  return utils;
}

describe('outbox page', () => {
  it('is in the navigation with the attention count, and the sync bar links to it', async () => {
    const api = outboxApi();
    const { user } = renderApp(api);
    await within(await nav()).findByRole('button', { name: /Outbox 2 need attention/ });
    const bar = screen.getByRole('region', { name: 'Sync status' });
    await user.click(within(bar).getByRole('button', { name: '2 need attention' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Outbox' })).toBeTruthy();
  });

  it('lists what needs attention first, then what waits, each with what to do', async () => {
    await openOutbox(outboxApi());
    const attention = await screen.findByRole('region', { name: /Needs your attention/ });
    expect(within(attention).getByText('First refund')).toBeTruthy();
    expect(within(attention).getByRole('button', { name: 'Review conflict' })).toBeTruthy();
    expect(within(attention).getByText('Must be 0 or more.', { exact: false })).toBeTruthy();
    expect(within(attention).getByRole('button', { name: 'Fix values and resend' })).toBeTruthy();
    const waiting = screen.getByRole('region', { name: /Waiting to be sent/ });
    expect(within(waiting).getByText('Tag “VIP customer” added to 2 assignments')).toBeTruthy();
    expect(within(waiting).getByText(/Tried 2 times — The server could not be reached/)).toBeTruthy();
  });

  it('says so when nothing is waiting', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = renderApp(api);
    await user.click(await within(await nav()).findByRole('button', { name: 'Outbox' }));
    expect(await screen.findByText(/Nothing waiting/)).toBeTruthy();
  });
});

describe('conflict view', () => {
  it('shows my values beside the server’s version, what changed, and resubmits against it', async () => {
    const api = outboxApi();
    const { user } = await openOutbox(api);
    await user.click(await screen.findByRole('button', { name: 'Review conflict' }));
    await screen.findByRole('heading', { level: 1, name: 'Conflict: First refund' });
    const mine = screen.getByRole('region', { name: 'Your decision' });
    expect(await within(mine).findByText('Approve')).toBeTruthy();
    expect(within(mine).getByText('Looks right')).toBeTruthy();
    const server = screen.getByRole('region', { name: 'On the server now' });
    expect(within(server).getByText('2')).toBeTruthy();
    const table = await within(server).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['amount (Changed)5075', 'extra (Added)—true']);
    expect(table.querySelector('del')?.textContent).toBe('50');
    expect(table.querySelector('ins')?.textContent).toBe('75');

    await user.click(screen.getByRole('button', { name: 'Resubmit against the new version (v2)' }));
    await waitFor(() => expect(api.lastInput('conflict:resubmit')).toEqual({ decisionId: 'c-1' }));
    expect(await screen.findByText(/Resubmitted against the new version/)).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Outbox' })).toBeTruthy();
  });

  it('after a restart, compares with what main kept of the version I decided on', async () => {
    const api = outboxApi();
    // A new run: the renderer remembers nothing, and the local copy is already the server's version.
    const server = api.outbox[0]!.serverAssignment!;
    api.assignments[0] = server;
    api.outbox[0] = { ...api.outbox[0]!, decidedOn: { version: 1, data: { amount: 50, note: 'as ordered' } } };
    const { user } = await openOutbox(api);
    await user.click(await screen.findByRole('button', { name: 'Review conflict' }));
    const mine = screen.getByRole('region', { name: 'Your decision' });
    expect(await within(mine).findByText('Approve')).toBeTruthy();
    expect(within(mine).getByText('On version').nextElementSibling?.textContent).toBe('1');
    const table = await within(screen.getByRole('region', { name: 'On the server now' })).findByRole('table');
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual(['amount (Changed)5075', 'extra (Added)—true']);
  });

  it('discards my decision', async () => {
    const api = outboxApi();
    const { user } = await openOutbox(api);
    await user.click(await screen.findByRole('button', { name: 'Review conflict' }));
    await user.click(await screen.findByRole('button', { name: 'Discard my decision' }));
    await waitFor(() => expect(api.lastInput('conflict:discard')).toEqual({ decisionId: 'c-1' }));
    expect(await screen.findByText(/Your decision was discarded/)).toBeTruthy();
  });

  it('edits in the form first, then resubmits from the review view', async () => {
    const api = outboxApi();
    api.decisions.set(1, { ...api.outbox[0]!.decision! });
    const { user } = await openOutbox(api);
    await user.click(await screen.findByRole('button', { name: 'Review conflict' }));
    await user.click(await screen.findByRole('button', { name: 'Edit in the form first' }));
    await screen.findByRole('heading', { level: 2, name: 'First refund' });
    const input = screen.getByLabelText(/Refund amount/) as HTMLInputElement;
    expect(input.value).toBe('50');
    await user.clear(input);
    await user.type(input, '75');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.lastInput('conflict:resubmit')).toMatchObject({ decisionId: 'c-1', outcome: 'approve', values: { amount: 75 } }),
    );
    expect(api.inputs('decision:submit')).toHaveLength(0);
  });
});

describe('parked decisions', () => {
  it('open in the form with the server’s field errors and resend', async () => {
    const api = outboxApi();
    const { user } = await openOutbox(api);
    await user.click(await screen.findByRole('button', { name: 'Fix values and resend' }));
    await screen.findByRole('heading', { level: 2, name: 'Second refund' });
    expect(screen.getAllByText(/Must be 0 or more/).length).toBeGreaterThan(0);
    const input = screen.getByLabelText(/Refund amount/) as HTMLInputElement;
    await user.clear(input);
    await user.type(input, '5');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.lastInput('decision:resend')).toMatchObject({ decisionId: 'p-2', outcome: 'approve', values: { amount: 5 } }),
    );
  });
});

describe('refusals as they happen', () => {
  it('are toasted, and the page refreshes on changes', async () => {
    const api = outboxApi();
    const { user } = await openOutbox(api);
    await screen.findByRole('region', { name: /Needs your attention/ });
    const before = api.inputs('outbox:list').length;
    act(() =>
      api.emit('outbox:refused', {
        key: 'k-9',
        kind: 'set_tags',
        assignmentIds: [3],
        outcome: 'refused',
        status: 422,
        code: 'validation',
        message: 'Unknown tag.',
      }),
    );
    expect(
      await screen.findByText('The server refused your tag change on “Third refund”; it was undone here. Unknown tag.'),
    ).toBeTruthy();
    act(() =>
      api.emit('outbox:refused', {
        key: 'd-7',
        kind: 'decision',
        assignmentIds: [77],
        outcome: 'conflict',
        status: 409,
        code: 'stale',
        message: 'It changed.',
      }),
    );
    const toast = (await screen.findByText(/did not accept your decision on #77/)).closest('.toast') as HTMLElement;
    await user.click(within(toast).getByRole('button', { name: 'Open Outbox' }));
    await waitFor(() => expect(api.inputs('outbox:list').length).toBeGreaterThan(before));
    api.outbox = [];
    act(() => api.emit('queue:changed', { reason: 'outbox' }));
    expect(await screen.findByText(/Nothing waiting/)).toBeTruthy();
  });
});
