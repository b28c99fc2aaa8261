import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../src/shared/result';
import { FakeApi } from './fake-api';
import { renderApp } from './render-app';

async function openSettings(api: FakeApi) {
  const utils = renderApp(api);
  await utils.user.click(await screen.findByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  const section = await screen.findByRole('region', { name: 'This computer' });
  return { ...utils, section };
}

const toasts = () => screen.getByRole('status', { name: 'Notifications' });

describe('settings: this computer', () => {
  it('the desktop host: start at login follows the OS and is changed through main', async () => {
    const api = new FakeApi({ signedIn: true });
    api.settings = { ...api.settings, startAtLogin: false, logsFolder: '/home/ana/.config/Reviewdesk/logs' };
    const { user, section } = await openSettings(api);
    const box = within(section).getByRole('checkbox', { name: 'Start Reviewdesk when I log in' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    expect(api.lastInput('settings:set')).toEqual({ startAtLogin: true });
    await waitFor(() => expect(box.checked).toBe(true));
  });

  it('the desktop host: shows where the logs are and opens the folder', async () => {
    const api = new FakeApi({ signedIn: true });
    api.settings = { ...api.settings, startAtLogin: true, logsFolder: '/home/ana/.config/Reviewdesk/logs' };
    api.override('app:openLogsFolder', () => ok({ folder: '/home/ana/.config/Reviewdesk/logs' }));
    const { user, section } = await openSettings(api);
    expect(within(section).getByText('/home/ana/.config/Reviewdesk/logs')).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Open logs folder' }));
    expect(api.inputs('app:openLogsFolder')).toHaveLength(1);
  });

  it('says so when the folder cannot be opened', async () => {
    const api = new FakeApi({ signedIn: true });
    api.settings = { ...api.settings, logsFolder: '/nowhere' };
    api.override('app:openLogsFolder', () => err('internal', 'No application is registered for folders'));
    const { user, section } = await openSettings(api);
    await user.click(within(section).getByRole('button', { name: 'Open logs folder' }));
    expect(await within(toasts()).findByText(/Could not open the logs folder/)).toBeTruthy();
  });

  it('the browser host: explains instead of offering what it cannot do', async () => {
    const api = new FakeApi({ signedIn: true });
    const { section } = await openSettings(api);
    expect(within(section).queryByRole('checkbox')).toBeNull();
    expect(within(section).queryByRole('button', { name: 'Open logs folder' })).toBeNull();
    expect(within(section).getByText(/installed desktop app only/)).toBeTruthy();
    expect(within(section).getByText(/terminal it was started from/)).toBeTruthy();
  });
});
