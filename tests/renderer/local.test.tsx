/**
 * This computer's side: connectivity from the page, the damaged-cache notice,
 * main's settings with their figures, the audit export as a download, file
 * previews from the offline cache, and the sync bar's live marker.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi, makeAssignment, syncStatus } from './fake-api';
import { renderApp } from './render-app';

const toBase64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

let created: Blob[] = [];
let clicked: { download: string; href: string }[] = [];

beforeEach(() => {
  created = [];
  clicked = [];
  // jsdom has no object URLs and does not follow <a download>: record what would be saved.
  URL.createObjectURL = vi.fn((b: Blob) => {
    created.push(b);
    return `blob:test/${created.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.href });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('connectivity', () => {
  it('tells main navigator.onLine at start and on online/offline events', async () => {
    const api = new FakeApi({ signedIn: true });
    renderApp(api);
    await waitFor(() => expect(api.inputs('connectivity:set')).toEqual([{ online: true }]));
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    online.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(api.inputs('connectivity:set')).toEqual([{ online: true }, { online: false }, { online: true }]);
  });
});

describe('damaged-cache notice', () => {
  it('says what was kept, in words, until dismissed', async () => {
    const api = new FakeApi({ signedIn: true });
    api.notice = {
      at: '2026-11-21T11:00:00.000Z',
      movedTo: '/data/cache.damaged-1.sqlite',
      reason: 'SQLITE_CORRUPT',
      carried: { decisions: 3, outbox: 3, drafts: 1, audit: 20 },
    };
    const { user } = renderApp(api);
    const banner = await screen.findByRole('region', { name: 'Local cache rebuilt' });
    expect(
      within(banner).getByText(
        'Reviewdesk found its local cache damaged and rebuilt it from the server. Your 3 unsent decisions and 1 draft were kept.',
      ),
    ).toBeTruthy();
    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Local cache rebuilt' })).toBeNull();
    expect(api.inputs('cache:dismissNotice')).toHaveLength(1);
  });
});

describe('settings', () => {
  async function openSettings(api: FakeApi) {
    const utils = renderApp(api);
    await utils.user.click(await screen.findByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Sync and offline files' });
    return utils;
  }

  it('change the sync interval and the file cache budget, with what the cache uses', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = await openSettings(api);
    expect(await screen.findByText(/Using 12\.0 MB of 500\.0 MB/)).toBeTruthy();
    expect(screen.getByText(/only your user account can read/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Check the server'), 'Every 5 minutes');
    await waitFor(() => expect(api.lastInput('settings:set')).toEqual({ syncIntervalMs: 300_000 }));
    const budget = screen.getByLabelText('Offline file cache budget (MB)');
    await user.clear(budget);
    await user.type(budget, '-3');
    expect(screen.getByText('Enter a whole number of megabytes, 0 or more.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(budget);
    await user.type(budget, '200{Enter}');
    await waitFor(() => expect(api.lastInput('settings:set')).toEqual({ fileBudgetBytes: 200 * 1024 * 1024 }));
    expect(await screen.findByText(/Using 12\.0 MB of 200\.0 MB/)).toBeTruthy();
  });

  it('export the audit log as a file (JSON and CSV)', async () => {
    const api = new FakeApi({ signedIn: true });
    const { user } = await openSettings(api);
    await user.click(screen.getByRole('button', { name: 'Export audit log (CSV)' }));
    await waitFor(() => expect(clicked).toEqual([{ download: 'reviewdesk-audit.csv', href: 'blob:test/1' }]));
    expect(created[0]!.type).toBe('text/csv');
    // jsdom's Blob has no text(): read it the old way.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]!);
    });
    expect(text).toBe('at,action\n');
    await user.click(screen.getByRole('button', { name: 'Export audit log (JSON)' }));
    await waitFor(() => expect(clicked.at(-1)?.download).toBe('reviewdesk-audit.json'));
    expect(api.inputs('audit:export')).toEqual([{ format: 'csv' }, { format: 'json' }]);
  });
});

describe('file previews', () => {
  function filesApi() {
    const api = new FakeApi({
      signedIn: true,
      assignments: [
        makeAssignment({
          id: 1,
          title: 'With files',
          files: {
            photo: { url: 'https://f.test/p.png?sig=1', mime: 'image/png', size: 4 },
            notes: { url: 'https://f.test/n.txt', mime: 'text/plain', size: 20 },
            contract: { url: 'https://f.test/c.pdf', mime: 'application/pdf', size: 9 },
            call: { url: 'https://f.test/a.mp3', mime: 'audio/mpeg', size: 3 },
            later: { url: 'https://f.test/later.png', mime: 'image/png', size: 1 },
          },
        }),
      ],
    });
    api.files.set('https://f.test/p.png?sig=1', { mime: 'image/png', size: 4, base64: 'iVBORw==' });
    api.files.set('https://f.test/n.txt', { mime: 'text/plain', size: 20, base64: toBase64('<b>not markup</b> ✓') });
    api.files.set('https://f.test/c.pdf', { mime: 'application/pdf', size: 9, base64: toBase64('%PDF-1.4\n') });
    api.files.set('https://f.test/a.mp3', { mime: 'audio/mpeg', size: 3, base64: toBase64('ID3') });
    return api;
  }

  it('show images, text as text, a player for audio, PDF to save, and a placeholder when not downloaded', async () => {
    const api = filesApi();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /^With files/ }));
    const files = await screen.findByRole('region', { name: /Files/ });
    const img = (await within(files).findByRole('img', { name: 'photo (image file)' })) as HTMLImageElement;
    expect(img.src).toBe('data:image/png;base64,iVBORw==');
    const pre = await within(files).findByLabelText('notes (text file)');
    expect(pre.textContent).toBe('<b>not markup</b> ✓');
    expect(pre.querySelector('b')).toBeNull();
    expect(await within(files).findByText(/Not downloaded yet/)).toBeTruthy();
    // The URL is a key, never shown.
    expect(files.textContent).not.toContain('f.test');

    await user.click(within(files).getByRole('button', { name: 'Save PDF' }));
    expect(clicked.at(-1)?.download).toBe('contract.pdf');
    expect(created.at(-1)!.type).toBe('application/pdf');
    // Audio plays from an object URL of the cached bytes (the CSP's media-src allows blob:), and can be saved.
    const audio = within(files).getByLabelText('call (audio file)') as HTMLAudioElement;
    expect(audio.tagName).toBe('AUDIO');
    expect(audio.getAttribute('src')).toMatch(/^blob:/);
    expect(audio.controls).toBe(true);
    expect(created.some((b) => b.type === 'audio/mpeg')).toBe(true);
    await user.click(within(files).getByRole('button', { name: 'Save audio' }));
    expect(clicked.at(-1)?.download).toBe('call.mp3');

    // Downloaded meanwhile: "Check again" shows it.
    api.files.set('https://f.test/later.png', { mime: 'image/png', size: 1, base64: 'AA==' });
    await user.click(within(files).getByRole('button', { name: 'Check again' }));
    expect(await within(files).findByRole('img', { name: 'later (image file)' })).toBeTruthy();
  });
});

describe('sync status', () => {
  it('shows Live while the event stream is connected', async () => {
    const api = new FakeApi({ signedIn: true });
    api.status = syncStatus({ live: true });
    renderApp(api);
    const bar = await screen.findByRole('region', { name: 'Sync status' });
    expect(await within(bar).findByText('Live')).toBeTruthy();
    act(() => api.emit('sync:status', syncStatus({ live: false })));
    expect(within(bar).queryByText('Live')).toBeNull();
  });
});
