/**
 * Issue 6 through the real UI: a reviewer connects to a HITL request service
 * (the fake one, written from that contract), supplies an API key an agent
 * asked for, and the service receives it; then adds a second account on the
 * reference backend and switches between the two, each with its own queue.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHitlServer, type FakeHitlServer } from '../support/fake-hitl-server';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { launchApp, openByTitle, poll, type E2eApp } from '../support/workbench-e2e';

const KEY = 'sk_live_e2e_51Hx';
let hitl: FakeHitlServer;
let server: TestServer;
let app: E2eApp;
let page: Page;
const dataDir = tempDir('reviewdesk-e2e-');

beforeAll(async () => {
  hitl = await startFakeHitlServer();
  hitl.create({
    request_type: 'api_key',
    title: 'API key for the billing agent',
    required_fields: { api_key: 'The Stripe API key' },
    priority: 'high',
  });
  hitl.create({ request_type: 'approval', title: 'Approve sending the weekly report', required_fields: {}, priority: 'medium' });
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 4);
  app = await launchApp(dataDir.path);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await hitl?.close();
  await server?.close();
  dataDir.remove();
});

const queue = () => page.getByRole('list', { name: 'Assignments' });

describe('a HITL request service and a second account', () => {
  it('connects to the HITL service with the reviewer’s name and lists its open requests', async () => {
    await page.goto(app.host.url);
    await page.getByRole('radio', { name: /HITL request service/ }).check();
    await page.getByLabel('Server URL').fill(hitl.baseUrl);
    await page.getByLabel('Token', { exact: true }).fill(hitl.token);
    await page.getByLabel('Your name, as the service records it').fill('Ana Lopez');
    await page.getByRole('button', { name: 'Connect' }).click();
    await queue()
      .getByRole('button', { name: /^API key for the billing agent/ })
      .waitFor({ timeout: 30_000 });
    await expect(queue().getByRole('button').count()).resolves.toBe(2);
  });

  it('supplies the API key in a masked field, and the service receives it once', async () => {
    await openByTitle(page, 'API key for the billing agent');
    // The row button's name mentions the API key too: the field is the input with that label.
    const field = page.getByLabel(/api.key/i).and(page.locator('input'));
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(KEY);
    await page
      .getByRole('group', { name: 'Outcome' })
      .getByRole('button', { name: /Fulfil/ })
      .click();
    const applied = await poll(
      async () => hitl.applications(),
      (a) => a.length > 0,
    );
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ outcome: 'fulfill', by: 'Ana Lopez', responseData: { api_key: KEY } });
  });

  it('adds an account on the reference backend and switches back and forth, each with its own queue', async () => {
    await page.getByRole('button', { name: /Ana Lopez/ }).click();
    await page.getByRole('button', { name: 'Add account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByLabel('Server URL').fill(server.baseUrl);
    await dialog.getByLabel('Token', { exact: true }).fill(server.token);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await queue()
      .getByRole('button', { name: /^Approve refund for order/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await expect(
      queue()
        .getByRole('button', { name: /API key/ })
        .count(),
    ).resolves.toBe(0);

    await page
      .getByRole('button', { name: /Reviewer/ })
      .first()
      .click();
    await page
      .getByRole('group', { name: 'Accounts' })
      .getByRole('button', { name: /Switch to Ana Lopez/ })
      .click();
    await queue()
      .getByRole('button', { name: /^Approve sending the weekly report/ })
      .waitFor({ timeout: 30_000 });
    await expect(
      queue()
        .getByRole('button', { name: /Approve refund/ })
        .count(),
    ).resolves.toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
