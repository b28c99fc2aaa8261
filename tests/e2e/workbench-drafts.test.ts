/**
 * A draft surviving a restart: type into an assignment's form, wait for the
 * autosave, stop the browser host and start it again with the same data
 * folder, reopen the assignment and find the values and comment as typed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { startHostProcess, type HostProcess } from '../support/web-host-process';
import { openByTitle, signIn, launchApp, type E2eApp } from '../support/workbench-e2e';

const TITLE = 'Refund with a half-written review';

let server: TestServer;
let host: HostProcess;
let app: E2eApp;
let page: Page;
const dataDir = tempDir('reviewdesk-e2e-drafts-');
let pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await server.admin('POST', '/admin/assignments/', {
    assignments: [assignmentInput(server, 0, { title: TITLE, priority: 'critical' }), assignmentInput(server, 1)],
  });
  app = await launchApp(dataDir.path);
  ({ host, page, pageErrors } = app);
});

afterAll(async () => {
  await app?.close();
  await host?.stop(); // a test may have restarted it
  await server?.close();
  dataDir.remove();
});

describe('a draft', () => {
  it('autosaves as the reviewer types', async () => {
    await signIn(page, host.url, server.baseUrl, server.token);
    await openByTitle(page, TITLE);
    await page.getByLabel('Amount', { exact: false }).first().fill('321');
    await page.getByLabel('Note', { exact: false }).first().fill('Half done: check the second receipt');
    await page.getByLabel('Comment').fill('Waiting for the shop’s answer');
    await page.getByText('Draft saved').waitFor();
  });

  it('survives a restart of the app', async () => {
    await host.stop();
    host = await startHostProcess(dataDir.path);
    await page.goto(host.url);
    await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().waitFor();
    await openByTitle(page, TITLE);
    expect(await page.getByLabel('Amount', { exact: false }).first().inputValue()).toBe('321');
    expect(await page.getByLabel('Note', { exact: false }).first().inputValue()).toBe('Half done: check the second receipt');
    expect(await page.getByLabel('Comment').inputValue()).toBe('Waiting for the shop’s answer');
    await page.getByText('Draft restored').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
