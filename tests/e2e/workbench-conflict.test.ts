/**
 * A conflict resolved through the UI: decide while the backend is down, an
 * admin changes the assignment's data meanwhile, the backend comes back and
 * refuses the decision (409 stale); the reviewer opens the Outbox, then the
 * conflict (after a restart of the app, so what it was decided on comes from
 * the cache), and resubmits against the new version. The server records
 * exactly one decision, on the new version. Screenshots of the outbox and
 * the conflict view, light and dark.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { startHostProcess, type HostProcess } from '../support/web-host-process';
import { freePort, openByTitle, poll, signIn, syncBar, launchApp, type E2eApp } from '../support/workbench-e2e';

const ARTIFACTS = join(process.cwd(), 'tests', 'e2e', 'artifacts');
const TOKEN = 'conflict-reviewer-token';
const ADMIN_TOKEN = 'conflict-admin-token';
const TITLE = 'Approve refund for order 7781';

const dataDir = tempDir('reviewdesk-e2e-conflict-');
const serverDir = tempDir('reviewdesk-e2e-conflict-server-');
const db = join(serverDir.path, 'server.sqlite');
let port = 0;
let server: TestServer | null = null;
let host: HostProcess;
let app: E2eApp;
let page: Page;
let assignmentId = 0;
let pageErrors: string[] = [];

interface RecordedDecision {
  decision_id: string;
  assignment_id: number;
  outcome: string;
  base_version: number;
  values: Record<string, unknown>;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  port = await freePort();
  server = await startTestServer({ port, db, token: TOKEN, adminToken: ADMIN_TOKEN });
  await publishSimpleForm(server);
  const created = await server.admin<unknown>('POST', '/admin/assignments/', {
    assignments: [
      assignmentInput(server, 0, {
        title: TITLE,
        priority: 'critical',
        data: { order: 7781, amount: 40, currency: 'EUR', message: 'The parcel arrived damaged.' },
      }),
      assignmentInput(server, 1),
      assignmentInput(server, 2),
    ],
  });
  const list = (
    Array.isArray(created)
      ? created
      : ((created as { assignments?: unknown[]; results?: unknown[] }).assignments ??
        (created as { results?: unknown[] }).results ??
        [])
  ) as { id: number }[];
  assignmentId = list[0]?.id ?? 0;
  app = await launchApp(dataDir.path, { width: 1360, height: 900 });
  ({ host, page, pageErrors } = app);
});

afterAll(async () => {
  await app?.close();
  await host?.stop(); // a test may have restarted it
  await server?.close();
  dataDir.remove();
  serverDir.remove();
});

async function shoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(ARTIFACTS, `workbench-${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('a conflict resolved through the UI', () => {
  it('is decided offline while the server’s copy changes', async () => {
    expect(assignmentId).toBeGreaterThan(0);
    await signIn(page, host.url, server!.baseUrl, TOKEN);
    await openByTitle(page, TITLE);
    await server!.close();
    server = null;

    const amount = page.getByLabel('Amount', { exact: false }).first();
    await amount.fill('40');
    await page.getByLabel('Comment').fill('Photo shows the damage');
    await amount.press('Control+Enter');
    await poll(
      async () => (await syncBar(page).textContent()) ?? '',
      (t) => t.includes('1 unsent'),
    );

    // Meanwhile an admin corrects the amount: the server on the same database, on another port the app does not know.
    const side = await startTestServer({ db, token: TOKEN, adminToken: ADMIN_TOKEN });
    const patched = await side.admin<{ version: number }>('PATCH', `/admin/assignments/${assignmentId}/`, {
      data: { order: 7781, amount: 55, currency: 'EUR', message: 'The parcel arrived damaged.', refund_shipping: true },
    });
    expect(patched.version).toBe(2);
    await side.close();
  });

  it('comes back as a conflict in the Outbox when the server is back', async () => {
    server = await startTestServer({ port, db, token: TOKEN, adminToken: ADMIN_TOKEN });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await poll(
      async () => {
        const button = syncBar(page).getByRole('button', { name: 'Sync now' });
        if (await button.isEnabled()) await button.click().catch(() => undefined);
        return (await nav.textContent()) ?? '';
      },
      (t) => t.includes('1 need attention'),
      60_000,
    );
    expect(await server.decisions()).toHaveLength(0);

    // A restart in between: what the decision was made on must come from main's cache, not the page's memory.
    await host.stop();
    host = await startHostProcess(dataDir.path);
    await page.goto(host.url);
    await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().waitFor();
    await nav.getByRole('button', { name: /Outbox/ }).click();
    const attention = page.getByRole('region', { name: /Needs your attention/ });
    await attention.getByText(TITLE).waitFor();
    await shoot('outbox');
  });

  it('is resolved by resubmitting against the new version', async () => {
    await page.getByRole('button', { name: 'Review conflict' }).click();
    await page.getByRole('heading', { level: 1, name: `Conflict: ${TITLE}` }).waitFor();
    const serverSide = page.getByRole('region', { name: 'On the server now' });
    const changes = serverSide.getByRole('table');
    await changes.waitFor();
    expect(await changes.locator('ins').allTextContents()).toEqual(['55', 'true']);
    expect(await changes.locator('del').allTextContents()).toEqual(['40']);
    await shoot('conflict');

    await page.getByRole('button', { name: 'Resubmit against the new version (v2)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    const recorded = await poll(
      () => server!.decisions(assignmentId) as Promise<RecordedDecision[]>,
      (d) => d.length >= 1,
      30_000,
    );
    // Give a stray second send the chance to show itself before counting.
    await page.getByText(/Nothing waiting/).waitFor({ timeout: 30_000 });
    const final = (await server!.decisions(assignmentId)) as RecordedDecision[];
    expect(final).toHaveLength(1);
    expect(recorded[0]!.base_version).toBe(2);
    expect(final[0]!.outcome).toBe('approve');
    expect(final[0]!.values).toEqual({ amount: 40 });
    expect(pageErrors).toEqual([]);
  });
});
