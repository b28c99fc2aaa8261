import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, FakeApi, deferred, makeAssignment } from './fake-api';
import { renderApp } from './render-app';
import { ok } from '../../src/shared/result';
import type { SessionState } from '../../src/shared/contract';

describe('welcome screen', () => {
  it('offers both ways in when signed out', async () => {
    renderApp(new FakeApi());
    expect(await screen.findByRole('heading', { level: 1, name: 'Reviewdesk' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Connect to a server' })).toBeTruthy();
    expect(screen.getByLabelText('Server URL')).toBeTruthy();
    expect(screen.getByLabelText('Token')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try the demo' })).toBeTruthy();
  });

  it("shows main's message for a wrong token and keeps what was typed", async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await user.type(await screen.findByLabelText('Server URL'), 'http://review.test/api/v1');
    await user.type(screen.getByLabelText('Token'), 'bad-token');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server did not accept this token.');
    expect(api.lastInput('session:connect')).toEqual({ url: 'http://review.test/api/v1', token: 'bad-token' });
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe('http://review.test/api/v1');
    expect((screen.getByLabelText('Token') as HTMLInputElement).value).toBe('bad-token');
    expect(screen.queryByRole('list', { name: 'Assignments' })).toBeNull();
  });

  it('shows a different message for a bad URL, and asks for missing fields without calling main', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: 'Connect' }));
    expect(screen.getByText('Enter the server URL')).toBeTruthy();
    expect(screen.getByText('Enter your token')).toBeTruthy();
    expect(api.inputs('session:connect')).toHaveLength(0);

    await user.type(screen.getByLabelText('Server URL'), 'review.test');
    await user.type(screen.getByLabelText('Token'), 'good-token');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByRole('alert')).textContent).toContain('must start with http:// or https://');
  });

  it('shows a busy state while connecting, then the queue on success', async () => {
    const api = new FakeApi({ assignments: [makeAssignment({ title: 'Approve refund for order 5521' })] });
    const gate = deferred<void>();
    api.override('session:connect', async () => {
      await gate.promise;
      api.session = { status: 'signed_in', account: ACCOUNT };
      return ok<SessionState>(api.session);
    });
    const { user } = renderApp(api);
    await user.type(await screen.findByLabelText('Server URL'), 'http://review.test/api/v1');
    await user.type(screen.getByLabelText('Token'), 'good-token');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    const busy = screen.getByRole('button', { name: 'Connecting…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Try the demo' }) as HTMLButtonElement).disabled).toBe(true);

    gate.resolve();
    expect(await screen.findByRole('list', { name: 'Assignments' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Approve refund for order 5521/ })).toBeTruthy();
    expect(screen.getByText('Ana Reviewer')).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
  });

  it('starts the demo with a busy label and lands on the queue with a Demo badge', async () => {
    const api = new FakeApi({ assignments: [makeAssignment({ title: 'Label the invoice' })] });
    const gate = deferred<void>();
    api.override('session:startDemo', async () => {
      await gate.promise;
      api.session = { status: 'signed_in', account: { ...ACCOUNT, displayName: 'Demo Reviewer', demo: true } };
      return ok<SessionState>(api.session);
    });
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: 'Try the demo' }));
    expect(screen.getByRole('button', { name: 'Starting the demo server…' })).toBeTruthy();

    gate.resolve();
    expect(await screen.findByRole('button', { name: /^Label the invoice/ })).toBeTruthy();
    expect(screen.getByText('Demo')).toBeTruthy();
    expect(screen.getByText('Demo Reviewer')).toBeTruthy();
  });

  it('signs out back to the welcome screen', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = renderApp(api);
    // Sign out lives on the Settings screen, with the account.
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Connect to a server' })).toBeTruthy());
    expect(api.inputs('session:signOut')).toHaveLength(1);
  });
});
