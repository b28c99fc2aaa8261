import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/renderer/features/layout/ErrorBoundary';
import { api, setApiForTests } from '../../src/renderer/api';
import { useAppStore } from '../../src/renderer/store';
import { FakeApi } from './fake-api';
import { renderApp } from './render-app';

function Boom(): never {
  throw new Error('The data tree exploded');
}

describe('app shell', () => {
  it('has header, navigation and main landmarks once signed in', async () => {
    renderApp(new FakeApi({ signedIn: true }));
    expect(await screen.findByRole('banner')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Queue' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Queue' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Review' })).toBeTruthy();
    expect(within(screen.getByRole('banner')).getByText('Ana Reviewer')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Queue' })).toBeTruthy();
  });

  it('asks for the first queue page once, right after the session, before the workspace asks for anything else', async () => {
    const fake = new FakeApi({ signedIn: true });
    renderApp(fake);
    await screen.findByRole('region', { name: 'Queue' });
    await act(async () => {});
    const order = fake.calls.map((c) => c.channel);
    expect(order.filter((c) => c === 'session:get')).toHaveLength(1);
    expect(order.filter((c) => c === 'queue:list')).toHaveLength(1);
    // Asked as the session answers: before the account list and before the workspace's own first calls.
    for (const later of ['accounts:list', 'sync:status', 'tags:list'] as const)
      expect(order.indexOf('queue:list')).toBeLessThan(order.indexOf(later));
  });

  it('moves between Queue, Statistics and Settings, focusing each page', async () => {
    const { user } = renderApp(new FakeApi({ signedIn: true }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('button', { name: 'Statistics' }));
    const stats = await screen.findByRole('heading', { level: 1, name: 'Statistics' });
    expect(document.activeElement).toBe(stats);
    expect(within(nav).getByRole('button', { name: 'Statistics' }).getAttribute('aria-current')).toBe('page');
    await user.click(within(nav).getByRole('button', { name: 'Settings' }));
    expect(document.activeElement).toBe(await screen.findByRole('heading', { level: 1, name: 'Settings' }));
    expect(screen.getByText('http://127.0.0.1:8787/api/v1')).toBeTruthy();
    await user.click(within(nav).getByRole('button', { name: 'Queue' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeTruthy();
  });

  it('announces toasts politely and lets them be dismissed', async () => {
    renderApp(new FakeApi({ signedIn: true }));
    await screen.findByRole('banner');
    const region = screen.getByRole('status', { name: 'Notifications' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    act(() => void useAppStore.getState().pushToast('Something failed', 'error'));
    expect(within(region).getByText('Something failed')).toBeTruthy();
    await userEvent.click(within(region).getByRole('button', { name: 'Dismiss notification' }));
    expect(within(region).queryByText('Something failed')).toBeNull();
  });

  it('shows a readable message when a screen crashes', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ErrorBoundary>
        <Boom />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeTruthy();
    expect(screen.getByText('The data tree exploded')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload the window' })).toBeTruthy();
    quiet.mockRestore();
  });

  it('explains a missing window.api instead of failing silently', async () => {
    setApiForTests(null);
    expect(() => api()).toThrow(/desktop app or the browser host/);
  });

  it('shows why the session could not be loaded, with a retry', async () => {
    const fake = new FakeApi();
    let fail = true;
    fake.override('session:get', () =>
      fail
        ? { ok: false, error: { code: 'db_corrupt', message: 'reviewdesk.db is not a database' } }
        : { ok: true, value: { status: 'signed_out' } },
    );
    const { user } = renderApp(fake);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('reviewdesk.db is not a database');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Connect to a server' })).toBeTruthy();
  });
});
