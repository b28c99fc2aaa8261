import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Form } from '../../../src/shared/protocol';
import { Harness, last } from './harness';

afterEach(cleanup);

const form: Form = {
  id: 'rr',
  version: 1,
  title: '',
  instructions: '',
  schema: {
    type: 'object',
    properties: {
      quality: { type: 'integer', title: 'Quality', minimum: 1, maximum: 4 },
      stars: { type: 'integer', title: 'Stars' },
      order: { type: 'array', title: 'Priority order', items: { enum: ['Alpha', 'Beta', 'Gamma'] }, uniqueItems: true },
    },
    required: ['quality'],
  },
  ui: { fields: { quality: { widget: 'rating' }, stars: { widget: 'rating' }, order: { widget: 'ranking' } } },
  outcomes: [],
};

function setup() {
  const seen: Array<Record<string, unknown>> = [];
  const user = userEvent.setup();
  render(<Harness form={form} seen={seen} />);
  return { seen, user };
}

const names = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.rf-rank-label')?.textContent);

describe('rating', () => {
  it('is a required radiogroup of n stars, n = maximum (default 5)', () => {
    setup();
    const quality = screen.getByRole('radiogroup', { name: 'Quality' });
    expect(quality.getAttribute('aria-required')).toBe('true');
    expect(
      within(quality)
        .getAllByRole('radio')
        .map((r) => r.getAttribute('aria-label')),
    ).toEqual(['1 star', '2 stars', '3 stars', '4 stars']);
    expect(within(screen.getByRole('radiogroup', { name: 'Stars' })).getAllByRole('radio')).toHaveLength(5);
  });

  it('clicking a star stores its integer', async () => {
    const { user, seen } = setup();
    const quality = screen.getByRole('radiogroup', { name: 'Quality' });
    await user.click(within(quality).getByRole('radio', { name: '3 stars' }));
    expect(last(seen).quality).toBe(3);
    expect(within(quality).getByRole('radio', { name: '3 stars' }).getAttribute('aria-checked')).toBe('true');
    expect(within(quality).getByRole('radio', { name: '2 stars' }).getAttribute('aria-checked')).toBe('false');
  });

  it('has one tab stop and moves with arrows, Home and End', async () => {
    const { user, seen } = setup();
    const group = screen.getByRole('radiogroup', { name: 'Quality' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1]);
    await user.tab();
    expect(document.activeElement).toBe(radios[0]);
    await user.keyboard('{ArrowRight}');
    expect(last(seen).quality).toBe(1);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(last(seen).quality).toBe(3);
    expect(document.activeElement).toBe(radios[2]);
    expect(radios.map((r) => r.tabIndex)).toEqual([-1, -1, 0, -1]);
    await user.keyboard('{End}');
    expect(last(seen).quality).toBe(4);
    await user.keyboard('{ArrowRight}');
    expect(last(seen).quality).toBe(4); // stays at the top
    await user.keyboard('{ArrowLeft}');
    expect(last(seen).quality).toBe(3);
    await user.keyboard('{Home}');
    expect(last(seen).quality).toBe(1);
    expect(document.activeElement).toBe(radios[0]);
  });
});

describe('ranking', () => {
  it('starts in enum order with every option', () => {
    setup();
    expect(names(screen.getByRole('list'))).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('moves items with the buttons and stores the full order', async () => {
    const { user, seen } = setup();
    expect((screen.getByRole('button', { name: 'Move Alpha up' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Move Gamma up' }));
    expect(last(seen).order).toEqual(['Alpha', 'Gamma', 'Beta']);
    expect(names(screen.getByRole('list'))).toEqual(['Alpha', 'Gamma', 'Beta']);
    expect(screen.getByText('Gamma moved to position 2 of 3').getAttribute('aria-live')).toBe('polite');
  });

  it('works from the keyboard and keeps focus on the moved item', async () => {
    const { user, seen } = setup();
    screen.getByRole('button', { name: 'Move Alpha down' }).focus();
    await user.keyboard('{Enter}');
    expect(last(seen).order).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Alpha down' }));
    await user.keyboard(' ');
    expect(last(seen).order).toEqual(['Beta', 'Gamma', 'Alpha']);
    // At the bottom "down" is disabled, so focus moves to "up" rather than to nowhere.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Alpha up' }));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(last(seen).order).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Alpha up' }));
  });
});
