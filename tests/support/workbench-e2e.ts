/** Shared steps of the end-to-end tests: launching the app, a free fixed port, signing in, polling, reading the sync bar. */
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startHostProcess, type HostProcess } from './web-host-process';

/** A loopback port free right now, to start (and restart) a reference server on the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function poll<T>(fn: () => Promise<T>, until: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (until(v) || Date.now() - start > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function signIn(page: Page, url: string, baseUrl: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Server URL').fill(baseUrl);
  await page.getByLabel('Token').fill(token);
  await page.getByLabel('Token').press('Enter');
  await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().waitFor({ timeout: 30_000 });
}

export const syncBar = (page: Page) => page.getByRole('region', { name: 'Sync status' });

/** The sync bar's text, e.g. "Offline … 10 unsent". */
export async function syncText(page: Page): Promise<string> {
  return (await syncBar(page).textContent()) ?? '';
}

/** Opens the assignment with this title from the queue and waits for its form. */
export async function openByTitle(page: Page, title: string): Promise<void> {
  await page
    .getByRole('list', { name: 'Assignments' })
    .getByRole('button', { name: new RegExp(`^${escape(title)}`) })
    .click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
  await page.getByRole('group', { name: 'Outcome' }).waitFor();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The app as a reviewer meets it: the browser host as a child process on `dataDir`, and a page in Chromium. */
export interface E2eApp {
  host: HostProcess;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
  page: Page;
  /** Uncaught errors in the page, which every test expects to stay empty. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchApp(dataDir: string, viewport = { width: 1280, height: 820 }): Promise<E2eApp> {
  const host = await startHostProcess(dataDir);
  const browser = await launchBrowser();
  const page = await browser.browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    host,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await host.stop();
    },
  };
}
