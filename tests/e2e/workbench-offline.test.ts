/**
 * An offline session through the browser host: sign in to a reference server
 * on a fixed loopback port, stop the server, decide 10 assignments, restart
 * the browser host (same data folder), start the server again on the same
 * port over the same database file, and see all 10 arrive and the outbox
 * empty in the UI.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { startHostProcess, type HostProcess } from '../support/web-host-process';
import { freePort, poll, signIn, syncBar, syncText, launchApp, type E2eApp } from '../support/workbench-e2e';

const TOKEN = 'offline-reviewer-token';
const ADMIN_TOKEN = 'offline-admin-token';
const DECISIONS = 10;

const dataDir = tempDir('reviewdesk-e2e-offline-');
const serverDir = tempDir('reviewdesk-e2e-offline-server-');
const db = join(serverDir.path, 'server.sqlite');
let port = 0;
let server: TestServer | null = null;
let host: HostProcess;
let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

const startBackend = async () => (server = await startTestServer({ port, db, token: TOKEN, adminToken: ADMIN_TOKEN }));

beforeAll(async () => {
  port = await freePort();
  await startBackend();
  await publishSimpleForm(server!);
  await createAssignments(server!, 14);
  app = await launchApp(dataDir.path);
  ({ host, page, pageErrors } = app);
});

afterAll(async () => {
  await app?.close();
  await host?.stop(); // a test may have restarted it
  await server?.close();
  dataDir.remove();
  serverDir.remove();
});

describe('an offline session', () => {
  it(`decides ${DECISIONS} assignments with the backend stopped`, async () => {
    await signIn(page, host.url, server!.baseUrl, TOKEN);
    await server!.close();
    server = null;

    await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().click();
    for (let i = 0; i < DECISIONS; i++) {
      const heading = page.locator('#review-title');
      await heading.waitFor();
      const title = await heading.textContent();
      const amount = page.getByLabel('Amount', { exact: false }).first();
      await amount.fill(String(20 + i));
      // Ctrl+Enter chooses the first outcome (Approve), even while typing.
      await amount.press('Control+Enter');
      if (i < DECISIONS - 1) {
        await page.waitForFunction(
          (before) =>
            (globalThis as unknown as { document: Document }).document.querySelector('#review-title')?.textContent !== before,
          title,
        );
      }
    }
    const text = await poll(
      () => syncText(page),
      (t) => t.includes(`${DECISIONS} unsent`),
    );
    expect(text).toContain(`${DECISIONS} unsent`);
  });

  it('keeps them through a restart of the app, and sends them all when the backend is back', async () => {
    await host.stop();
    host = await startHostProcess(dataDir.path);
    await page.goto(host.url);
    await syncBar(page).waitFor();
    expect(
      await poll(
        () => syncText(page),
        (t) => t.includes(`${DECISIONS} unsent`),
      ),
    ).toContain(`${DECISIONS} unsent`);

    await startBackend();
    // The engine retries by itself; "Sync now" only saves the test waiting for its backoff.
    const recorded = await poll(
      async () => {
        const button = syncBar(page).getByRole('button', { name: 'Sync now' });
        if (await button.isEnabled()) await button.click().catch(() => undefined);
        return server!.decisions();
      },
      (d) => d.length >= DECISIONS,
      60_000,
    );
    expect(recorded).toHaveLength(DECISIONS);
    expect(new Set(recorded.map((d) => d.assignment_id)).size).toBe(DECISIONS);
    expect(recorded.every((d) => d.outcome === 'approve')).toBe(true);

    expect(
      await poll(
        () => syncText(page),
        (t) => t.includes('All sent'),
      ),
    ).toContain('All sent');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Outbox' }).click();
    await page.getByText(/Nothing waiting/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
