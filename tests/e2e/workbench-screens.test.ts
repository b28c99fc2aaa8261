/**
 * The workbench's screens in Chromium through the browser host, against the
 * reference server with a seeded demo: untrusted markup shown as inert text,
 * an axe-core check of every main screen (light and dark) with no serious or
 * critical violations, and screenshots of each for people to look at
 * (tests/e2e/artifacts/, git-ignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { startHostProcess, type HostProcess } from '../support/web-host-process';

const ARTIFACTS = join(process.cwd(), 'tests', 'e2e', 'artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const PAYLOAD_TITLE = `Payload check ${IMG}`;

let server: TestServer;
let host: HostProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const dataDir = tempDir('reviewdesk-e2e-screens-');
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ seed: 60 });
  await publishSimpleForm(server);
  await server.admin('POST', '/admin/assignments/', {
    assignments: [
      assignmentInput(server, 0, {
        title: PAYLOAD_TITLE,
        priority: 'critical',
        data: {
          message: SCRIPT,
          html: IMG,
          nested: { list: [SCRIPT, IMG, '<a href="javascript:alert(1)">click</a>'] },
        },
        metadata: { confidence: 0.42, note: SCRIPT },
      }),
    ],
  });
  host = await startHostProcess(dataDir.path);
  browser = await launchBrowser();
  page = await browser.browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await server?.close();
  dataDir.remove();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

interface AxeWindow {
  axe?: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
      passes: unknown[];
    }>;
  };
  document: unknown;
}

/**
 * Puts axe-core into the page. The page's CSP (script-src 'self') refuses an
 * inline <script>, which is what addScriptTag({content}) makes; evaluating the
 * source through the DevTools protocol (page.evaluate with a string) is not
 * governed by the page's CSP, so that is the fallback that works.
 */
async function injectAxe(): Promise<string> {
  const before = consoleErrors.length;
  await page.addScriptTag({ content: AXE_SOURCE }).catch(() => undefined);
  if (await page.evaluate(() => typeof (globalThis as unknown as AxeWindow).axe !== 'undefined')) return 'addScriptTag';
  // The refusal is the CSP doing its job; it is not one of the app's errors.
  const refused = consoleErrors.splice(before).filter((e) => /Content Security Policy/.test(e));
  expect(refused.length).toBeGreaterThan(0);
  await page.evaluate(AXE_SOURCE);
  return 'evaluate';
}

async function axeRun(): Promise<{ violations: Violation[]; passed: number }> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as AxeWindow;
    const result = await w.axe!.run(w.document, { resultTypes: ['violations'] });
    return {
      passed: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })),
    };
  });
}

/** Serious and critical violations fail; the rest are printed for people to judge. */
async function checkA11y(screen: string): Promise<void> {
  const { violations, passed } = await axeRun();
  // Proof that axe looked at something (rules with passing nodes).
  expect(passed, screen).toBeGreaterThan(10);
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) console.info(`axe (${screen}) minor:`, JSON.stringify(minor));
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    screen,
  ).toEqual([]);
}

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `workbench-${name}.png`) });

async function openFirstAssignment(): Promise<void> {
  const list = page.getByRole('list', { name: 'Assignments' });
  await list.getByRole('button').first().click();
  await page.locator('#review-title').waitFor();
  // A calm screenshot: the form is there, nothing is still loading.
  await page.getByRole('group', { name: 'Outcome' }).waitFor();
}

describe('workbench screens', () => {
  it('signs in through the UI and shows the seeded queue', async () => {
    await page.goto(host.url);
    await page.getByLabel('Server URL').fill(server.baseUrl);
    await page.getByLabel('Token').fill(server.token);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().waitFor();
    expect(await page.getByText(/^\d+ assignments$/).textContent()).toMatch(/^\d+ assignments$/);
  });

  it('shows script and markup payloads as inert text', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('Payload check');
    await page.keyboard.press('Enter');
    const row = page.getByRole('list', { name: 'Assignments' }).getByRole('button', { name: /^Payload check/ });
    await row.waitFor();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
          '.queue-list li',
        ).length === 1,
    );
    await page.keyboard.press('Enter');
    const review = page.getByRole('article');
    await review.getByRole('heading', { level: 2, name: PAYLOAD_TITLE }).waitFor();
    // Every payload is on screen as the characters it is made of.
    expect(await review.getByText(SCRIPT, { exact: true }).count()).toBeGreaterThanOrEqual(2);
    expect(await review.getByText(IMG, { exact: true }).count()).toBeGreaterThanOrEqual(2);
    expect(await review.getByText('<a href="javascript:alert(1)">click</a>', { exact: true }).count()).toBe(1);
    // …and none of it became markup.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await review.getByText('Metadata').click();
    expect(await review.getByText(SCRIPT, { exact: true }).count()).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await shot('payload-light');
    // Back to the whole queue.
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('list', { name: 'Assignments' }).getByRole('button').nth(5).waitFor();
  });

  it('passes axe on every screen in the light theme, with screenshots', async () => {
    expect(await injectAxe()).toBe('evaluate');
    await page.getByRole('button', { name: /^Filters/ }).click();
    await checkA11y('queue (filters open)');
    await shot('queue-light');
    await page.getByRole('button', { name: /^Filters/ }).click();

    await openFirstAssignment();
    await checkA11y('review');
    await shot('review-light');

    await nav('Statistics').click();
    await page.getByRole('table', { name: 'By kind' }).waitFor();
    await checkA11y('statistics');
    await shot('statistics-light');

    await nav('Settings').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await checkA11y('settings');
    await shot('settings-light');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await checkA11y('shortcuts sheet');
    await shot('shortcuts-light');
    await page.keyboard.press('Escape');
  });

  it('passes axe on every screen in the dark theme, with screenshots', async () => {
    await page.getByRole('radio', { name: 'Dark' }).check();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await checkA11y('settings (dark)');
    await shot('settings-dark');

    await nav('Statistics').click();
    await page.getByRole('table', { name: 'By kind' }).waitFor();
    await checkA11y('statistics (dark)');
    await shot('statistics-dark');

    await nav('Queue').click();
    await page.getByRole('list', { name: 'Assignments' }).waitFor();
    await page.getByRole('button', { name: 'Back to queue' }).click();
    await page.getByRole('button', { name: /^Filters/ }).click();
    await checkA11y('queue (dark)');
    await shot('queue-dark');
    await page.getByRole('button', { name: /^Filters/ }).click();

    await openFirstAssignment();
    await checkA11y('review (dark)');
    await shot('review-dark');
  });

  it('remembers the theme, filters and selection across a reload', async () => {
    // Narrow the queue to high priority, then select its third row with the keyboard.
    await page.getByRole('button', { name: 'Back to queue' }).click();
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('checkbox', { name: /^High/ }).check();
    await page.getByRole('button', { name: /^Filters/ }).click();
    const list = page.getByRole('list', { name: 'Assignments' });
    await page
      .getByText(/^\d+ assignments?$/)
      .filter({ hasNotText: '51' })
      .waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = await list.locator('[aria-current="true"]').getAttribute('data-id');
    expect(await list.locator('li').nth(2).locator('button').getAttribute('data-id')).toBe(selected);

    await page.reload();
    await list.getByRole('button').first().waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.getByRole('list', { name: 'Active filters' }).textContent()).toContain('Priority: High');
    await list.locator(`[aria-current="true"][data-id="${selected}"]`).waitFor();
    expect(pageErrors).toEqual([]);
    // The strict CSP (no inline styles or scripts) never had to refuse anything the app did.
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
