import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, NOW, syncStatus } from './fake-api';
import { renderApp } from './render-app';

const bar = () => screen.getByRole('region', { name: 'Sync status' });

describe('sync status', () => {
  it('shows the phase, last sync and the outbox count', async () => {
    const api = new FakeApi({ signedIn: true });
    api.status = syncStatus({ outboxPending: 3, outboxAttention: 1 });
    renderApp(api);
    await waitFor(() => expect(within(bar()).getByText('3 unsent')).toBeTruthy());
    expect(within(bar()).getByText('Online')).toBeTruthy();
    expect(within(bar()).getByText('Last synced 2 min ago')).toBeTruthy();
    expect(within(bar()).getByText('1 need attention')).toBeTruthy();
  });

  it('reacts to sync:status events', async () => {
    const api = new FakeApi({ signedIn: true });
    renderApp(api);
    await waitFor(() => expect(within(bar()).getByText('All sent')).toBeTruthy());
    expect(api.listenerCount('sync:status')).toBe(1);

    act(() => api.emit('sync:status', syncStatus({ phase: 'syncing', pulled: 120, outboxPending: 2 })));
    expect(within(bar()).getByText('Syncing…')).toBeTruthy();
    expect(within(bar()).getByText('120 changes')).toBeTruthy();
    expect(within(bar()).getByText('2 unsent')).toBeTruthy();
    expect((within(bar()).getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);

    act(() => api.emit('sync:status', syncStatus({ phase: 'offline', lastSyncAt: new Date(NOW - 5 * 3600_000).toISOString() })));
    expect(within(bar()).getByText('Offline')).toBeTruthy();
    expect(within(bar()).getByText('Last synced 5 h ago')).toBeTruthy();

    act(() =>
      api.emit(
        'sync:status',
        syncStatus({ phase: 'error', lastError: { code: 'server', message: 'HTTP 503 from the backend' } }),
      ),
    );
    expect(within(bar()).getByText('Sync error')).toBeTruthy();
    expect(within(bar()).getByText(/HTTP 503 from the backend/)).toBeTruthy();
  });

  it('Sync now calls sync:now and shows what it returns', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = renderApp(api);
    await waitFor(() => expect(within(bar()).getByText('Online')).toBeTruthy());
    api.status = syncStatus({ lastSyncAt: new Date(NOW).toISOString(), outboxPending: 0 });
    await user.click(within(bar()).getByRole('button', { name: 'Sync now' }));
    expect(api.inputs('sync:now')).toHaveLength(1);
    await waitFor(() => expect(within(bar()).getByText('Last synced just now')).toBeTruthy());
  });

  it('unsubscribes from events when signing out', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = renderApp(api);
    await waitFor(() => expect(api.listenerCount('queue:changed')).toBe(1));
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Connect to a server' });
    expect(api.listenerCount('queue:changed')).toBe(0);
    expect(api.listenerCount('sync:status')).toBe(0);
  });
});
