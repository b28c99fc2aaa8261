import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../../src/renderer/store/persist';
import { ACCOUNT, FakeApi } from './fake-api';
import { renderApp } from './render-app';

async function openSettings(api = new FakeApi({ signedIn: true })) {
  const utils = renderApp(api);
  await utils.user.click(await screen.findByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  return utils;
}

const theme = () => document.documentElement.getAttribute('data-theme');

describe('settings', () => {
  it('shows the account and signs out', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = await openSettings(api);
    const account = screen.getByRole('region', { name: 'Account' });
    expect(within(account).getByText(ACCOUNT.displayName)).toBeTruthy();
    expect(within(account).getByText(ACCOUNT.username)).toBeTruthy();
    expect(within(account).getByText(ACCOUNT.baseUrl)).toBeTruthy();
    expect(within(account).queryByText('Demo')).toBeNull();
    await user.click(within(account).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Connect to a server' })).toBeTruthy();
    expect(api.inputs('session:signOut')).toHaveLength(1);
  });

  it('marks the demo account', async () => {
    const api = new FakeApi({ signedIn: true });
    api.session = { status: 'signed_in', account: { ...ACCOUNT, demo: true } };
    await openSettings(api);
    const account = screen.getByRole('region', { name: 'Account' });
    expect(within(account).getByText('Demo')).toBeTruthy();
    expect(within(account).getByText(/practice server on this computer/)).toBeTruthy();
  });

  it('applies the theme to <html> at once and remembers it', async () => {
    const { user } = await openSettings();
    const group = screen.getByRole('group', { name: 'Theme' });
    expect((within(group).getByLabelText('Follow system') as HTMLInputElement).checked).toBe(true);
    expect(theme()).toBeNull();

    await user.click(within(group).getByLabelText('Dark'));
    expect(theme()).toBe('dark');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).theme).toBe('dark');
    await user.click(within(group).getByLabelText('Light'));
    expect(theme()).toBe('light');
    // Following the system removes the override: prefers-color-scheme decides.
    await user.click(within(group).getByLabelText('Follow system'));
    expect(theme()).toBeNull();
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).theme).toBe('system');
  });

  it('starts with the remembered theme', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ theme: 'dark' }));
    await openSettings();
    await waitFor(() => expect(theme()).toBe('dark'));
    expect((screen.getByLabelText('Dark') as HTMLInputElement).checked).toBe(true);
  });
});
