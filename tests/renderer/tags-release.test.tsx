/**
 * Tag names and colours from `tags:list`, the queue's multi-select (x, Space,
 * Shift+j/k, Ctrl+click, Shift+click) with bulk tag changes, and handing an
 * assignment back after a confirm step.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

function api4() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({ id: 1, title: 'First refund', priority: 'critical', tags: [2, 5, 9] }),
      makeAssignment({ id: 2, title: 'Second refund', priority: 'high' }),
      makeAssignment({ id: 3, title: 'Third refund', priority: 'medium' }),
      makeAssignment({ id: 4, title: 'Fourth refund', priority: 'low' }),
    ],
  });
}

const list = () => screen.getByRole('list', { name: 'Assignments' });
const row = (title: string) => within(list()).getByRole('button', { name: new RegExp(`^(Checked\\. )?${title}`) });
const checkedTitles = () => [...list().querySelectorAll('.queue-row.is-checked .queue-row__title')].map((e) => e.textContent);
const bar = () => screen.getByRole('region', { name: 'Checked assignments' });

describe('tags', () => {
  it('show by name everywhere, with only a safe colour', async () => {
    const { user } = renderApp(api4());
    await user.click(await screen.findByRole('button', { name: /^First refund/ }));
    const header = await screen.findByRole('heading', { level: 2, name: 'First refund' });
    const article = header.closest('article')!;
    await within(article).findByText('Needs receipt');
    expect(within(article).getByText('VIP customer')).toBeTruthy();
    expect(within(article).queryByText(/Tag #/)).toBeNull();
    const swatches = [...article.querySelectorAll<HTMLElement>('.tag__swatch')];
    // A colour that is not a plain hex value never reaches a style.
    expect(swatches.map((s) => s.style.background)).toEqual(['rgb(217, 119, 6)', 'rgb(37, 99, 235)']);

    await user.click(screen.getByRole('button', { name: /^Filters/ }));
    const tagGroup = screen.getByRole('group', { name: /^Tag/ });
    expect(within(tagGroup).getByLabelText(/Needs receipt/)).toBeTruthy();
  });
});

describe('multi-select', () => {
  it('x and Space toggle, Shift+j extends, Esc clears; the bar counts', async () => {
    const { user } = renderApp(api4());
    await screen.findByRole('list', { name: 'Assignments' });
    await user.keyboard('x');
    expect(checkedTitles()).toEqual(['First refund']);
    expect(within(bar()).getByText('1 checked')).toBeTruthy();
    await user.keyboard('{Shift>}J{/Shift}{Shift>}J{/Shift}');
    expect(checkedTitles()).toEqual(['First refund', 'Second refund', 'Third refund']);
    // Space belongs to the list: focus a row first.
    row('Third refund').focus();
    await user.keyboard(' ');
    expect(checkedTitles()).toEqual(['First refund', 'Second refund']);
    // Space checked, it did not open the row.
    expect(screen.queryByRole('heading', { level: 2, name: 'Third refund' })).toBeNull();
    expect(within(bar()).getByText('2 checked')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(checkedTitles()).toEqual([]);
    expect(screen.queryByRole('region', { name: 'Checked assignments' })).toBeNull();
  });

  it('Ctrl+click checks one more, Shift+click a range; a plain click still opens', async () => {
    const { user } = renderApp(api4());
    await screen.findByRole('list', { name: 'Assignments' });
    await user.keyboard('{Control>}');
    await user.click(row('Second refund'));
    await user.keyboard('{/Control}');
    expect(checkedTitles()).toEqual(['Second refund']);
    await user.keyboard('{Shift>}');
    await user.click(row('Fourth refund'));
    await user.keyboard('{/Shift}');
    expect(checkedTitles()).toEqual(['Second refund', 'Third refund', 'Fourth refund']);
    await user.click(row('First refund'));
    await screen.findByRole('heading', { level: 2, name: 'First refund' });
  });

  it('adds and removes a tag on the checked rows, queued', async () => {
    const api = api4();
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    await user.keyboard('x{Shift>}J{/Shift}');
    await user.selectOptions(within(bar()).getByLabelText('Tag'), 'VIP customer');
    await user.click(within(bar()).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(api.lastInput('tags:set')).toEqual({ ids: [1, 2], tags: [5], action: 'add' }));
    expect(await screen.findByText('Queued: tag “VIP customer” added to 2 assignments.')).toBeTruthy();
    await user.click(within(bar()).getByRole('button', { name: 'Remove tag' }));
    await waitFor(() => expect(api.lastInput('tags:set')).toEqual({ ids: [1, 2], tags: [5], action: 'remove' }));
    expect(await screen.findByText('Queued: tag “VIP customer” removed from 2 assignments.')).toBeTruthy();
  });
});

describe('hand back', () => {
  it('asks first, then releases and opens the next assignment', async () => {
    const api = api4();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /^First refund/ }));
    await screen.findByRole('heading', { level: 2, name: 'First refund' });
    await user.click(screen.getByRole('button', { name: 'Hand back…' }));
    const confirm = screen.getByRole('group', { name: /Hand this assignment back/ });
    // Keep it: nothing happens.
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(api.inputs('assignment:release')).toHaveLength(0);
    expect(screen.queryByRole('group', { name: /Hand this assignment back/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Hand back…' }));
    const again = screen.getByRole('group', { name: /Hand this assignment back/ });
    expect(document.activeElement).toBe(within(again).getByRole('button', { name: 'Hand back' }));
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'Second refund' });
    expect(api.inputs('assignment:release')).toEqual([{ id: 1 }]);
    expect(screen.getByText('Handed back “First refund” — queued.')).toBeTruthy();
  });

  it('Esc in the confirm step cancels it without leaving the review', async () => {
    const api = api4();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /^First refund/ }));
    await screen.findByRole('heading', { level: 2, name: 'First refund' });
    await user.click(screen.getByRole('button', { name: 'Hand back…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /Hand this assignment back/ })).toBeNull();
    expect(screen.getByRole('heading', { level: 2, name: 'First refund' })).toBeTruthy();
  });
});
