import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { everything, Harness, last } from './harness';

afterEach(cleanup);

function setup(extra: { showAllErrors?: boolean; disabled?: boolean; initial?: Record<string, unknown> } = {}) {
  const seen: Array<Record<string, unknown>> = [];
  const user = userEvent.setup();
  const view = render(<Harness form={everything} seen={seen} {...extra} />);
  return { seen, user, ...view };
}

describe('DynamicForm: rendering', () => {
  it('renders a labelled control for every type and widget', () => {
    setup();
    expect(screen.getByRole('checkbox', { name: 'Looks correct' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Amount' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Item count' })).toBeTruthy(); // unknown widget → number input
    expect(screen.getByRole('slider', { name: 'Confidence' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Quality' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Contact email' }).getAttribute('type')).toBe('email');
    expect(screen.getByRole('textbox', { name: 'Website' }).getAttribute('type')).toBe('url');
    expect(screen.getByLabelText('Due date').getAttribute('type')).toBe('date');
    expect(screen.getByLabelText('Happened at').getAttribute('type')).toBe('datetime-local');
    expect(screen.getByRole('textbox', { name: 'Summary' }).tagName).toBe('INPUT');
    expect(screen.getByRole('textbox', { name: 'Notes' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('textbox', { name: 'Feedback' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('combobox', { name: 'Category' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Verdict' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Labels' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Priority order' })).toBeTruthy();
    const address = screen.getByRole('group', { name: 'Address' });
    expect(within(address).getByRole('textbox', { name: 'ZIP code' })).toBeTruthy();
  });

  it('labels hold exactly the title; the required marker is aria-hidden', () => {
    setup();
    const amount = screen.getByLabelText('Amount');
    expect(amount.getAttribute('aria-required')).toBe('true');
    const label = document.querySelector(`label[for="${amount.id}"]`);
    expect(label?.textContent).toBe('Amount');
    const marker = label?.parentElement?.querySelector('.rf-required');
    expect(marker?.getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByLabelText('Item count').getAttribute('aria-required')).toBeNull();
  });

  it('ties help text with aria-describedby', () => {
    setup();
    const amount = screen.getByLabelText('Amount');
    const help = document.getElementById(amount.getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toBe('In euros');
    const notes = screen.getByLabelText('Notes');
    expect(document.getElementById(notes.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Visible to the team');
  });

  it('orders fields by ui.order', () => {
    setup();
    const labels = [...document.querySelectorAll('.rf-form > .rf-field')].map(
      (el) => el.querySelector('label, legend')?.textContent,
    );
    expect(labels.slice(0, 3)).toEqual(['Verdict', 'Amount', 'Looks correct']);
  });

  it('does not render a hidden field but keeps its value', async () => {
    const { user, seen } = setup();
    expect(screen.queryByLabelText('Token')).toBeNull();
    expect(document.body.textContent).not.toContain('Token');
    await user.click(screen.getByRole('checkbox', { name: 'Looks correct' }));
    expect(last(seen)).toMatchObject({ token: 'abc', approved: true });
  });

  it('disables every control', () => {
    setup({ disabled: true });
    const controls = document.querySelectorAll('input, select, textarea, button');
    expect(controls.length).toBeGreaterThan(20);
    controls.forEach((el) => expect((el as HTMLInputElement).disabled).toBe(true));
  });
});

describe('DynamicForm: values', () => {
  it('number inputs produce numbers; emptying removes the key', async () => {
    const { user, seen } = setup();
    const amount = screen.getByRole('spinbutton', { name: 'Amount' });
    await user.type(amount, '12.5');
    expect(last(seen).amount).toBe(12.5);
    await user.clear(amount);
    expect('amount' in last(seen)).toBe(false);
    await user.type(screen.getByRole('spinbutton', { name: 'Item count' }), '7');
    expect(last(seen).count).toBe(7);
    expect(seen.every((v) => v.amount === undefined || typeof v.amount === 'number')).toBe(true);
  });

  it('checkbox stores booleans', async () => {
    const { user, seen } = setup();
    const box = screen.getByRole('checkbox', { name: 'Looks correct' });
    await user.click(box);
    expect(last(seen).approved).toBe(true);
    await user.click(box);
    expect(last(seen).approved).toBe(false);
  });

  it('text inputs store strings and remove the key when emptied', async () => {
    const { user, seen } = setup();
    const email = screen.getByRole('textbox', { name: 'Contact email' });
    await user.type(email, 'ana@example.com');
    expect(last(seen).email).toBe('ana@example.com');
    await user.clear(email);
    expect('email' in last(seen)).toBe(false);
  });

  it('date stays a date; date-time is stored as ISO in UTC with Z', () => {
    const { seen } = setup();
    fireEvent.change(screen.getByLabelText('Due date'), { target: { value: '2026-11-21' } });
    expect(last(seen).due).toBe('2026-11-21');
    fireEvent.change(screen.getByLabelText('Happened at'), { target: { value: '2026-11-21T13:30' } });
    expect(last(seen).happened).toBe(new Date(2026, 10, 21, 13, 30).toISOString());
    expect(String(last(seen).happened)).toMatch(/Z$/);
    expect((screen.getByLabelText('Happened at') as HTMLInputElement).value).toBe('2026-11-21T13:30');
  });

  it('select and radio store the option value', async () => {
    const { user, seen } = setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Category' }), 'feature');
    expect(last(seen).category).toBe('feature');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Category' }), '');
    expect('category' in last(seen)).toBe(false);
    await user.click(screen.getByRole('radio', { name: 'Reject it' }));
    expect(last(seen).verdict).toBe('reject');
  });

  it('checkboxes store an array in option order; unchecking all removes it', async () => {
    const { user, seen } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'vip' }));
    await user.click(screen.getByRole('checkbox', { name: 'urgent' }));
    expect(last(seen).labels).toEqual(['urgent', 'vip']);
    await user.click(screen.getByRole('checkbox', { name: 'urgent' }));
    await user.click(screen.getByRole('checkbox', { name: 'vip' }));
    expect('labels' in last(seen)).toBe(false);
  });

  it('slider stores a number and shows it', () => {
    const { seen } = setup();
    const slider = screen.getByRole('slider', { name: 'Confidence' });
    expect(slider.getAttribute('aria-valuetext')).toBe('Not set');
    fireEvent.change(slider, { target: { value: '0.7' } });
    expect(last(seen).confidence).toBe(0.7);
    expect(slider.parentElement?.querySelector('output')?.textContent).toBe('0.7');
    expect(slider.getAttribute('step')).toBe('0.1');
    expect(slider.getAttribute('max')).toBe('1');
  });

  it('nested fields write into their object', async () => {
    const { user, seen } = setup();
    await user.type(screen.getByRole('textbox', { name: 'ZIP code' }), '75001');
    expect(last(seen).address).toEqual({ zip: '75001' });
    await user.clear(screen.getByRole('textbox', { name: 'ZIP code' }));
    expect('address' in last(seen)).toBe(false);
  });

  it('shows fields and required markers that an if/then turns on', async () => {
    const { user } = setup();
    expect(screen.queryByLabelText('Severity')).toBeNull();
    expect(screen.getByLabelText('Reason').getAttribute('aria-required')).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Reject it' }));
    expect(screen.getByLabelText('Severity')).toBeTruthy();
    expect(screen.getByLabelText('Reason').getAttribute('aria-required')).toBe('true');
  });
});

describe('DynamicForm: errors', () => {
  it('shows a field error only after it was touched', async () => {
    const { user } = setup();
    const amount = screen.getByRole('spinbutton', { name: 'Amount' });
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    expect(amount.getAttribute('aria-invalid')).toBeNull();
    await user.click(amount);
    await user.tab();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Required');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(amount.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('shows an error as soon as a change makes the field invalid', async () => {
    const { user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Summary' }), 'ab');
    expect(screen.getByRole('alert').textContent).toBe('Must be at least 3 characters');
    await user.type(screen.getByRole('textbox', { name: 'Summary' }), 'c');
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('shows every error at once with showAllErrors', () => {
    setup({ showAllErrors: true, initial: { verdict: 'reject', labels: ['urgent', 'legal', 'vip'], address: { zip: '1' } } });
    const texts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Required', 'Choose at most 2']));
    expect(screen.getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('City').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Amount').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('checkbox', { name: 'vip' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('lists errors no visible field can show on top, after a failed submit', () => {
    setup({ showAllErrors: true, initial: { amount: 5, token: 42 } });
    expect(screen.getByRole('alert').textContent).toBe('Token: Must be text');
  });
});
