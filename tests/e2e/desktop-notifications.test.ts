/**
 * Issue 5, "What it must show": in the browser host, assignments created on
 * the backend while the app runs produce the right notification intents and
 * tray model within a few seconds of the server's event. The reference
 * server, the built browser host as a child process and Debian's Chromium;
 * the page's in-app list (behind the bell) is what is checked, and the tray
 * model is read through the page's own `window.api`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../src/shared/contract';
import type { TrayModel } from '../../src/shared/desktop';
import { assignmentInput, createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import type { HostProcess } from '../support/web-host-process';
import { signIn, launchApp, type E2eApp } from '../support/workbench-e2e';

let server: TestServer;
let host: HostProcess;
let app: E2eApp;
let page: Page;
const dataDir = tempDir('reviewdesk-e2e-notify-');
let pageErrors: string[] = [];

const CRITICAL_TITLE = 'Critical refund for order 9001';
/** "Within a few seconds of the SSE event": the burst waits 2 s for company, a sync takes well under a second here. */
const FEW_SECONDS = 10_000;

beforeAll(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 4);
  app = await launchApp(dataDir.path);
  ({ host, page, pageErrors } = app);
});

afterAll(async () => {
  await app?.close();
  await host?.stop(); // a test may have restarted it
  await server?.close();
  dataDir.remove();
});

/** Main's tray model, read as the page reads it. */
function readTray(): Promise<TrayModel | null> {
  return page.evaluate(async () => {
    const res = await (globalThis as unknown as { api: Api }).api.invoke('desktop:tray');
    return res.ok ? res.value : null;
  });
}

const bell = () => page.getByRole('button', { name: /^Notifications/ });

describe('desktop notifications in the browser host', () => {
  it('signs in and takes the first sync as the baseline: nothing is news', async () => {
    await signIn(page, host.url, server.baseUrl, server.token);
    await page.waitForFunction(
      async () => {
        const res = await (globalThis as unknown as { api: Api }).api.invoke('sync:status');
        return res.ok && res.value.phase === 'idle' && res.value.lastSyncAt !== null;
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    );
    // The reviewer looks at the window (the page tells main at most every 2 s):
    // what the queue holds now is no longer new work.
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.dispatchEvent(new Event('focus')));
          return readTray();
        },
        { timeout: 15_000, interval: 250 },
      )
      .toMatchObject({ icon: 'idle', badgeCount: 0 });
    expect(await bell().getAttribute('aria-label')).toBe('Notifications');
  });

  it('tells a critical arrival on its own and a burst of five as one, with the tray showing new work', async () => {
    await server.admin('POST', '/admin/assignments/', {
      assignments: [assignmentInput(server, 100, { priority: 'critical', title: CRITICAL_TITLE })],
    });
    await server.admin('POST', '/admin/assignments/', {
      assignments: Array.from({ length: 5 }, (_, k) =>
        assignmentInput(server, 200 + k, { priority: 'low', title: `Low refund ${k + 1}` }),
      ),
    });

    await page.getByRole('button', { name: 'Notifications, 2 unread' }).waitFor({ timeout: FEW_SECONDS });
    await expect.poll(readTray, { timeout: FEW_SECONDS, interval: 200 }).toMatchObject({ icon: 'new-work' });
    const tray = (await readTray())!;
    expect(tray.badgeCount).toBeGreaterThan(0);
    expect(tray.tooltip).toMatch(/6 new/);

    await bell().click();
    const list = page.getByRole('dialog', { name: 'Notifications' });
    const items = list.getByRole('listitem');
    expect(await items.count()).toBe(2);
    const critical = list.getByRole('button', { name: /Critical assignment/ });
    expect(await critical.count()).toBe(1);
    expect(await critical.textContent()).toContain(CRITICAL_TITLE);
    const burst = list.getByRole('button', { name: /5 new assignments/ });
    expect(await burst.count()).toBe(1);
    expect(await burst.textContent()).toContain('Low refund');
    // Opening the list read them.
    expect(await bell().getAttribute('aria-label')).toBe('Notifications');
  });

  it('opens the critical assignment from its notification', async () => {
    await page
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', { name: /Critical assignment/ })
      .click();
    await page.getByRole('heading', { level: 2, name: CRITICAL_TITLE }).waitFor();
    await page.getByRole('group', { name: 'Outcome' }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Notifications' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
