/**
 * The foundation's vertical slice, through the real UI: the browser host as a
 * child process, Debian's Chromium, the reference backend on loopback. A
 * reviewer signs in, the queue syncs, they open an assignment, fill its form,
 * approve, and the decision is read back from the backend's admin API.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import type { HostProcess } from '../support/web-host-process';
import { launchApp, poll, type E2eApp } from '../support/workbench-e2e';

const ARTIFACTS = join(process.cwd(), 'tests', 'e2e', 'artifacts');

let server: TestServer;
let host: HostProcess;
let app: E2eApp;
let page: Page;
const dataDir = tempDir('reviewdesk-e2e-');
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 8);
  app = await launchApp(dataDir.path);
  ({ host, page, pageErrors } = app);
});

afterAll(async () => {
  await app?.close();
  await host?.stop(); // a test may have restarted it
  await server?.close();
  dataDir.remove();
});

describe('the review slice in the browser host', () => {
  it('shows the welcome screen with both ways in', async () => {
    await page.goto(host.url);
    // The welcome screen follows the session check, a moment after the page loads.
    await page.getByRole('button', { name: 'Try the demo' }).waitFor();
    await expect(page.getByLabel('Server URL').isVisible()).resolves.toBe(true);
  });

  it('explains a wrong token and keeps what was typed', async () => {
    await page.getByLabel('Server URL').fill(server.baseUrl);
    await page.getByLabel('Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'did not accept this token' });
    await alert.waitFor();
    expect(await page.getByLabel('Server URL').inputValue()).toBe(server.baseUrl);
  });

  it('signs in, syncs and lists the queue', async () => {
    await page.getByLabel('Token').fill(server.token);
    await page.getByRole('button', { name: 'Connect' }).click();
    const list = page.getByRole('list', { name: 'Assignments' });
    await list
      .getByRole('button', { name: /Approve refund for order/ })
      .first()
      .waitFor();
    expect(await list.getByRole('button', { name: /Approve refund for order/ }).count()).toBe(8);
    await page.screenshot({ path: join(ARTIFACTS, 'queue.png') });
  });

  it('opens an assignment, fills the form, approves, and the backend records it once', async () => {
    await page.getByRole('button', { name: /Approve refund for order 5503/ }).click();
    await page.getByRole('heading', { name: 'Approve refund for order 5503' }).waitFor();
    // The assignment's data is shown as text.
    await page.getByText('Customer message number 3').waitFor();
    await page.getByLabel('Amount').fill('250.5');
    await page.getByLabel('Note').fill('Matches the receipt');
    await page.screenshot({ path: join(ARTIFACTS, 'assignment.png') });
    await page.getByRole('button', { name: 'Approve', exact: true }).click();

    const id = (
      await server.asReviewer<{ results: { id: number; title: string }[] }>('GET', '/assignments/?page_size=100')
    ).body.results.find((a) => a.title === 'Approve refund for order 5503')!.id;
    const recorded = await poll(
      () => server.decisions(id),
      (d) => d.length > 0,
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ outcome: 'approve', values: { amount: 250.5, note: 'Matches the receipt' } });
    const a = await server.asReviewer<{ status: string }>('GET', `/assignments/${id}/`);
    expect(a.body.status).toBe('completed');
    expect(pageErrors).toEqual([]);
  });
});
