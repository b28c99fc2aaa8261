/**
 * Drafts (autosave, restore, discard) and undo of the last decision (the
 * toast's button, Ctrl/Cmd+Z, and main's refusal).
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, NOW, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

function api2() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({ id: 1, title: 'First refund', priority: 'critical' }),
      makeAssignment({ id: 2, title: 'Second refund', priority: 'high' }),
    ],
  });
}

const heading = (name: string) => screen.findByRole('heading', { level: 2, name });
const amount = () => screen.getByLabelText(/Refund amount/) as HTMLInputElement;
const comment = () => screen.getByLabelText('Comment') as HTMLTextAreaElement;
const toasts = () => screen.getByRole('status', { name: 'Notifications' });

async function open(api: FakeApi, title = 'First refund') {
  const utils = renderApp(api);
  await utils.user.click(await screen.findByRole('button', { name: new RegExp(`^${title}`) }));
  await heading(title);
  return utils;
}

describe('drafts', () => {
  it('autosave once typing pauses, with values and comment, and say so quietly', async () => {
    const api = api2();
    const { user } = await open(api);
    await user.clear(amount());
    await user.type(amount(), '40');
    await user.type(comment(), 'Receipt checked');
    // Debounced: one save for the whole burst of typing.
    await waitFor(() => expect(api.inputs('draft:save')).toHaveLength(1));
    expect(api.lastInput('draft:save')).toEqual({ assignmentId: 1, values: { amount: 40 }, comment: 'Receipt checked' });
    expect(await screen.findByText('Draft saved')).toBeTruthy();
  });

  it('come back when the assignment opens again: the draft wins over the defaults', async () => {
    const api = api2();
    api.drafts.set(1, { assignmentId: 1, values: { amount: 12, reason: 'half' }, comment: 'partly', updatedAt: '' });
    await open(api);
    expect(amount().value).toBe('12');
    expect((screen.getByLabelText(/Reason/) as HTMLInputElement).value).toBe('half');
    expect(comment().value).toBe('partly');
    expect(screen.getByText('Draft restored')).toBeTruthy();
  });

  it('a local decision’s values win over a draft', async () => {
    const api = api2();
    api.drafts.set(1, { assignmentId: 1, values: { amount: 12 }, comment: 'draft', updatedAt: '' });
    api.decisions.set(1, {
      decisionId: 'd-1',
      outcome: 'approve',
      values: { amount: 30 },
      comment: 'decided',
      state: 'unsent',
      createdAt: new Date(NOW).toISOString(),
      error: null,
    });
    await open(api);
    expect(amount().value).toBe('30');
    expect(comment().value).toBe('decided');
  });

  it('"Discard draft" throws it away and puts the defaults back', async () => {
    const api = api2();
    api.drafts.set(1, { assignmentId: 1, values: { amount: 12 }, comment: 'partly', updatedAt: '' });
    const { user } = await open(api);
    await user.click(screen.getByRole('button', { name: 'Discard draft' }));
    await waitFor(() => expect(api.inputs('draft:discard')).toEqual([{ assignmentId: 1 }]));
    expect(amount().value).toBe('25');
    expect(comment().value).toBe('');
    expect(screen.queryByRole('button', { name: 'Discard draft' })).toBeNull();
  });

  it('a pending save is written at once when the reviewer leaves, and never after a decision', async () => {
    const api = api2();
    const { user } = await open(api);
    await user.type(comment(), 'x');
    await user.click(screen.getByRole('button', { name: /Back to queue/ }));
    expect(api.inputs('draft:save')).toEqual([{ assignmentId: 1, values: { amount: 25 }, comment: 'x' }]);

    await user.click(screen.getByRole('button', { name: /^First refund/ }));
    await heading('First refund');
    await user.type(comment(), 'y');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await heading('Second refund');
    await new Promise((r) => setTimeout(r, 500));
    expect(api.inputs('draft:save')).toHaveLength(1);
  });
});

describe('undo', () => {
  it('the toast’s Undo takes the decision back and reopens it with its values', async () => {
    const api = api2();
    const { user } = await open(api);
    await user.clear(amount());
    await user.type(amount(), '33');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await heading('Second refund');
    const undo = within(toasts()).getByRole('button', { name: /Undo/ });
    expect(undo.getAttribute('aria-keyshortcuts')).toBe('Control+Z Meta+Z');
    await user.click(undo);
    await heading('First refund');
    expect(api.lastInput('decision:undo')).toEqual({ decisionId: 'd-1' });
    await waitFor(() => expect(amount().value).toBe('33'));
    expect(within(toasts()).getByText(/Decision undone/)).toBeTruthy();
  });

  it('Ctrl+Z undoes while the toast is up, but not while typing in a field', async () => {
    const api = api2();
    const { user } = await open(api);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await heading('Second refund');
    await user.click(comment());
    await user.keyboard('{Control>}z{/Control}');
    expect(api.inputs('decision:undo')).toHaveLength(0);
    act(() => (document.activeElement as HTMLElement).blur());
    await user.keyboard('{Control>}z{/Control}');
    await heading('First refund');
    expect(api.inputs('decision:undo')).toHaveLength(1);
  });

  it('a refusal shows main’s message', async () => {
    const api = api2();
    api.undoRefused.add('d-1');
    const { user } = await open(api);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await heading('Second refund');
    await user.click(within(toasts()).getByRole('button', { name: /Undo/ }));
    expect(
      await within(toasts()).findByText(
        'This decision is on its way to the server (or may have reached it), so it cannot be undone.',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Second refund' })).toBeTruthy();
  });

  it('is not offered for a decision sent at once', async () => {
    const api = api2();
    api.submitState = 'sent';
    const { user } = await open(api);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await heading('Second refund');
    expect(within(toasts()).queryByRole('button', { name: /Undo/ })).toBeNull();
  });
});
