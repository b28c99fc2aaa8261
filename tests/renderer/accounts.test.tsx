import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccountEntry } from '../../src/shared/contract';
import { ACCOUNT, FakeApi, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

const SYNAPSE: AccountEntry = {
  key: 'syn-key',
  backend: 'synapse',
  baseUrl: 'https://synapse.acme.test/api',
  userId: 41,
  username: 'ana.s',
  displayName: 'Ana at Acme',
  demo: false,
  active: false,
  hasToken: true,
  config: {
    type: 'synapse',
    pageSize: 100,
    overlapSeconds: 120,
    reconcileMinutes: 30,
    decision: { method: 'PUT', path: 'tasks/{task}/annotate_task_data/' },
    outcomeTags: {},
    forms: {},
  },
};
const NATIVE: AccountEntry = { ...ACCOUNT, active: true, hasToken: true, config: { type: 'native' } };

describe('connecting to each kind of server', () => {
  it('asks a HITL service for the reviewer’s name and sends it with the connection', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('radio', { name: /HITL request service/ }));
    await user.type(screen.getByLabelText('Server URL'), 'http://agents.test');
    await user.type(screen.getByLabelText('Token'), 'good-token');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByText('Enter the name the service should record as the reviewer')).toBeTruthy();
    expect(api.inputs('session:connect')).toHaveLength(0);

    await user.type(screen.getByLabelText('Your name, as the service records it'), 'Ana Lopez');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(api.lastInput('session:connect')).toEqual({
      url: 'http://agents.test',
      token: 'good-token',
      backend: { type: 'hitl', reviewerName: 'Ana Lopez', authScheme: 'Bearer' },
    });
  });

  it('takes Synapse’s project, decision route and outcome tags, refusing ones it cannot read', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('radio', { name: /Synapse/ }));
    await user.type(screen.getByLabelText('Server URL'), 'https://synapse.acme.test/api');
    await user.type(screen.getByLabelText('Token'), 'good-token');
    await user.type(screen.getByLabelText('Tenant (optional)'), 'acme');
    await user.type(screen.getByLabelText('Project id (optional: all your projects)'), '12');
    await user.click(screen.getByText('Advanced: where decisions go, outcome tags, forms'));
    await user.type(screen.getByLabelText('Tag per outcome (e.g. approve=12, reject=14)'), 'approve=3, reject');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByText('"reject" is not outcome=tag id, e.g. approve=12')).toBeTruthy();
    expect(api.inputs('session:connect')).toHaveLength(0);

    await user.type(screen.getByLabelText('Tag per outcome (e.g. approve=12, reject=14)'), '=4');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(api.lastInput('session:connect')).toEqual({
      url: 'https://synapse.acme.test/api',
      token: 'good-token',
      backend: {
        type: 'synapse',
        tenant: 'acme',
        project: 12,
        decision: { method: 'PUT', path: 'tasks/{task}/annotate_task_data/' },
        outcomeTags: { approve: 3, reject: 4 },
        forms: {},
      },
    });
  });
});

describe('several accounts', () => {
  it('opens a known account from the welcome screen without asking for its token', async () => {
    const api = new FakeApi({ assignments: [makeAssignment({ title: 'Label the invoice' })] });
    api.accounts = [{ ...NATIVE, active: false }, SYNAPSE];
    const { user } = renderApp(api);
    const list = await screen.findByRole('heading', { name: 'Your accounts' });
    expect(list).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open Ana at Acme on synapse.acme.test (Synapse)' }));
    expect(api.lastInput('session:switch')).toEqual({ key: 'syn-key' });
    expect(await screen.findByRole('list', { name: 'Assignments' })).toBeTruthy();
  });

  it('asks for the token of a signed-out account, and says so when it is wrong', async () => {
    const api = new FakeApi();
    api.accounts = [{ ...SYNAPSE, hasToken: false }];
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Open Ana at Acme/ }));
    const field = screen.getByLabelText('Token for Ana at Acme');
    await user.type(field, 'bad-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not accept this token');
    await user.clear(field);
    await user.type(field, 'good-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(api.lastInput('session:switch')).toEqual({ key: 'syn-key', token: 'good-token' });
    expect(await screen.findByRole('button', { name: /Ana at Acme/, expanded: false })).toBeTruthy();
  });

  it('switches accounts from the header menu, with a fresh queue for the other account', async () => {
    const api = new FakeApi({ signedIn: true, assignments: [makeAssignment({ title: 'Label the invoice' })] });
    api.accounts = [NATIVE, SYNAPSE];
    const { user } = renderApp(api);
    await screen.findByRole('list', { name: 'Assignments' });
    const queriesBefore = api.inputs('queue:list').length;
    await user.click(screen.getByRole('button', { name: /Ana Reviewer/ }));
    const menu = screen.getByRole('group', { name: 'Accounts' });
    await user.click(within(menu).getByRole('button', { name: 'Switch to Ana at Acme on synapse.acme.test (Synapse)' }));
    await waitFor(() => expect(api.lastInput('session:switch')).toEqual({ key: 'syn-key' }));
    await waitFor(() => expect(screen.getByRole('button', { name: /Ana at Acme/ })).toBeTruthy());
    await waitFor(() => expect(api.inputs('queue:list').length).toBeGreaterThan(queriesBefore));
  });

  it('adds an account from the header menu in a dialog', async () => {
    const api = new FakeApi({ signedIn: true });
    api.accounts = [NATIVE];
    const { user } = renderApp(api);
    await screen.findByRole('button', { name: /Ana Reviewer/ });
    await user.click(screen.getByRole('button', { name: /Ana Reviewer/ }));
    await user.click(screen.getByRole('button', { name: 'Add account…' }));
    const dialog = screen.getByRole('dialog', { name: 'Add account' });
    expect(within(dialog).getByRole('heading', { name: 'Connect to another server' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('removes another account from Settings', async () => {
    const api = new FakeApi({ signedIn: true });
    api.accounts = [NATIVE, SYNAPSE];
    const { user } = renderApp(api);
    await screen.findByRole('button', { name: /Ana Reviewer/ });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(
      await screen.findByRole('button', { name: 'Remove Ana at Acme on synapse.acme.test (Synapse) from this computer' }),
    );
    expect(api.lastInput('accounts:remove')).toEqual({ key: 'syn-key' });
    await waitFor(() => expect(screen.queryByText(/Ana at Acme/)).toBeNull());
  });
});
