/**
 * The keyboard flow: moving, opening, searching, choosing outcomes by number
 * or Ctrl/Cmd+Enter, the shortcuts sheet, going back, and never firing while
 * the reviewer types in a field (unless with a modifier).
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../../src/renderer/store/persist';
import { FakeApi, REFUND_FORM, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

function api3() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({ id: 1, title: 'First refund', priority: 'critical' }),
      makeAssignment({ id: 2, title: 'Second refund', priority: 'high' }),
      makeAssignment({ id: 3, title: 'Third refund', priority: 'low' }),
    ],
  });
}

const selectedTitle = () =>
  screen.getByRole('list', { name: 'Assignments' }).querySelector('[aria-current="true"] .queue-row__title')?.textContent;
const reviewHeading = (name: string) => screen.findByRole('heading', { level: 2, name });

async function openFirst(api: FakeApi) {
  const utils = renderApp(api);
  await screen.findByRole('list', { name: 'Assignments' });
  await utils.user.keyboard('{Enter}');
  await reviewHeading('First refund');
  return utils;
}

describe('keyboard', () => {
  it('j/k move, Enter opens, Esc goes back', async () => {
    const { user } = renderApp(api3());
    await screen.findByRole('list', { name: 'Assignments' });
    expect(selectedTitle()).toBe('First refund');
    await user.keyboard('jj');
    expect(selectedTitle()).toBe('Third refund');
    await user.keyboard('k');
    expect(selectedTitle()).toBe('Second refund');
    await user.keyboard('{Enter}');
    await reviewHeading('Second refund');
    // j/k keep moving the queue selection while a review is open.
    await user.keyboard('k');
    expect(selectedTitle()).toBe('First refund');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'Second refund' })).toBeNull());
    expect(screen.getByRole('heading', { name: 'Select an assignment to review it here' })).toBeTruthy();
  });

  it('numbers choose outcomes in order, shown on each button', async () => {
    const api = api3();
    const { user } = await openFirst(api);
    const group = screen.getByRole('group', { name: 'Outcome' });
    const buttons = within(group).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['1Approve', '2Reject']);
    expect(buttons.map((b) => b.getAttribute('aria-keyshortcuts'))).toEqual(['1 Control+Enter Meta+Enter', '2']);
    // The names stay the outcomes' labels.
    expect(within(group).getByRole('button', { name: 'Approve' })).toBe(buttons[0]);

    // 2 = Reject, which needs a comment: refused with the reason, nothing sent.
    await user.keyboard('2');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Add a comment to reject/);
    expect(api.inputs('decision:submit')).toHaveLength(0);

    // c goes to the comment; typing there is typing, even digits.
    await user.keyboard('c');
    expect(document.activeElement).toBe(screen.getByLabelText('Comment'));
    await user.keyboard('Wrong order 12');
    expect(api.inputs('decision:submit')).toHaveLength(0);
    expect((screen.getByLabelText('Comment') as HTMLTextAreaElement).value).toBe('Wrong order 12');
    // Tab to the buttons, then 2 rejects; the next assignment opens at once.
    await user.tab();
    await user.keyboard('2');
    await waitFor(() =>
      expect(api.lastInput('decision:submit')).toMatchObject({ assignmentId: 1, outcome: 'reject', comment: 'Wrong order 12' }),
    );
    await reviewHeading('Second refund');
    // 9 is nobody's number here: nothing happens.
    await user.keyboard('9');
    expect(api.inputs('decision:submit')).toHaveLength(1);
  });

  it('Ctrl+Enter and Cmd+Enter choose the first outcome, even while typing', async () => {
    const api = api3();
    const { user } = await openFirst(api);
    await user.click(screen.getByLabelText('Comment'));
    await user.keyboard('Looks right');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(api.lastInput('decision:submit')).toMatchObject({ assignmentId: 1, outcome: 'approve', comment: 'Looks right' }),
    );
    await reviewHeading('Second refund');
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    await waitFor(() => expect(api.lastInput('decision:submit')).toMatchObject({ assignmentId: 2, outcome: 'approve' }));
    await reviewHeading('Third refund');
  });

  it('never fires plain shortcuts while typing in a field', async () => {
    const api = api3();
    const { user } = await openFirst(api);
    const amount = screen.getByLabelText(/Refund amount/) as HTMLInputElement;
    await user.clear(amount);
    await user.type(amount, '12');
    expect(amount.value).toBe('12');
    await user.click(screen.getByLabelText('Comment'));
    await user.keyboard('jk/?1g');
    expect(api.inputs('decision:submit')).toHaveLength(0);
    expect(selectedTitle()).toBe('First refund');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: /Guidelines/ }).getAttribute('aria-expanded')).toBe('true');
    // Esc while typing stays in the review.
    await user.keyboard('{Escape}');
    expect(screen.getByRole('heading', { level: 2, name: 'First refund' })).toBeTruthy();
    expect((screen.getByLabelText('Comment') as HTMLTextAreaElement).value).toBe('jk/?1g');
  });

  it('/ focuses search from anywhere, even another screen', async () => {
    const { user } = renderApp(api3());
    await screen.findByRole('list', { name: 'Assignments' });
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    await screen.findByRole('heading', { level: 1, name: 'Statistics' });
    await user.keyboard('/');
    const search = await screen.findByLabelText('Search');
    await waitFor(() => expect(document.activeElement).toBe(search));
    // From Settings (or Statistics), Esc comes back to the queue.
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeTruthy();
  });

  it('? opens the shortcuts sheet: a modal that keeps focus and closes with Esc', async () => {
    const { user } = renderApp(api3());
    await screen.findByRole('list', { name: 'Assignments' });
    const row = screen.getByRole('button', { name: /^First refund/ });
    row.focus();
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByText('Choose the outcome with that number (shown on its button)')).toBeTruthy();
    const close = within(dialog).getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);
    // The page behind is inert while the sheet is open.
    expect(document.querySelector('.shell')?.hasAttribute('inert')).toBe(true);
    // Tab cannot leave the dialog (its one control).
    await user.tab();
    expect(document.activeElement).toBe(close);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(close);
    // Shortcuts of the page do not fire behind it.
    await user.keyboard('j');
    expect(selectedTitle()).toBe('First refund');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(row);
    // The header button opens it too.
    await user.click(screen.getByRole('button', { name: 'Shortcuts' }));
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('g toggles the guidelines, and the choice is remembered', async () => {
    const api = api3();
    const { user } = await openFirst(api);
    const toggle = screen.getByRole('button', { name: /Guidelines/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('region', { name: 'Guidelines' }).textContent).toContain(REFUND_FORM.instructions);
    await user.keyboard('g');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Guidelines' })).toBeNull();
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).guidelinesOpen).toBe(false);
    await user.click(toggle);
    expect(screen.getByRole('region', { name: 'Guidelines' })).toBeTruthy();
  });
});
