import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Form } from '../../../src/shared/protocol';
import { Harness, last } from './harness';

afterEach(cleanup);

const form: Form = {
  id: 'api-key',
  version: 1,
  title: 'API key request',
  instructions: '',
  schema: {
    type: 'object',
    properties: {
      api_key: { type: 'string', title: 'OpenAI API key', writeOnly: true },
      note: { type: 'string', title: 'Note' },
    },
    required: ['api_key'],
  },
  ui: {},
  outcomes: [{ value: 'fulfill', label: 'Fulfill' }],
};

describe('a secret (writeOnly) field', () => {
  it('is masked, never autofilled or spell-checked, and can be shown on request', async () => {
    const user = userEvent.setup();
    const seen: Record<string, unknown>[] = [];
    render(<Harness form={form} seen={seen} />);
    const input = screen.getByLabelText(/OpenAI API key/) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.getAttribute('autocomplete')).toBe('off');
    expect(input.getAttribute('spellcheck')).toBe('false');
    await user.type(input, 'sk-test-123');
    expect(last(seen)).toEqual({ api_key: 'sk-test-123' });
    const toggle = screen.getByRole('button', { name: 'Show' });
    await user.click(toggle);
    expect(input.type).toBe('text');
    expect(screen.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true');
    // An ordinary text field beside it stays an ordinary text field.
    expect((screen.getByLabelText('Note') as HTMLInputElement).type).toBe('text');
  });
});
