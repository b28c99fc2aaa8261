/**
 * The real desktop app, launched in Electron with playwright-core: the window
 * opens on app://, the demo queue renders, the page gets its CSP from the
 * protocol handler, the tray is created and the log file says so. It runs
 * wherever an Electron binary is present (a reviewer's workstation) and is
 * reported as skipped, with the reason in its name, everywhere else (these
 * CI machines cannot download Electron's binary).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectron, prepareElectronApp, type Prepared } from '../support/electron-app';
import { tempDir } from '../support/temp-dir';
import { poll } from '../support/workbench-e2e';

const found = findElectron();
const skipReason = found.ok ? null : found.reason;
if (skipReason) console.warn(`[electron-launch] skipped: ${skipReason}`);

describe('the Electron desktop app', () => {
  let prepared: Prepared | null = null;
  let app: ElectronApplication | null = null;
  let data: ReturnType<typeof tempDir> | null = null;
  afterAll(async () => {
    await app?.close().catch(() => {});
    if (prepared?.ok) prepared.cleanup();
    data?.remove();
  });

  it.skipIf(skipReason !== null)(
    `launches: window on app://, demo queue, tray, log file${skipReason ? ` — skipped: ${skipReason}` : ''}`,
    async (ctx) => {
      if (!found.ok) return;
      const ready = prepareElectronApp(found);
      prepared = ready;
      if (!ready.ok) return ctx.skip(ready.reason);
      data = tempDir('electron-launch-');

      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
      delete env.ELECTRON_RENDERER_URL; // the built renderer over app://, not a dev server
      delete env.ELECTRON_RUN_AS_NODE;
      env.REVIEWDESK_DATA_DIR = data.path;
      app = await electron.launch({
        executablePath: found.executable,
        // Chromium refuses its OS sandbox to root (containers, CI); the renderer's own sandbox flag stays on.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ready.appDir],
        env,
        timeout: 60_000,
      });

      const page = await app.firstWindow({ timeout: 60_000 });
      expect(page.url()).toBe('app://reviewdesk/index.html');
      await page.getByRole('button', { name: 'Try the demo' }).click({ timeout: 60_000 });
      await page.getByRole('list', { name: 'Assignments' }).getByRole('button').first().waitFor({ timeout: 90_000 });

      // The protocol handler's headers reach the page: its CSP, and nothing outside out/renderer.
      const probe = await page.evaluate(async () => {
        const index = await fetch('/index.html');
        const escape = await fetch('/..%2fmain%2findex.js');
        return { csp: index.headers.get('content-security-policy'), escape: escape.status };
      });
      expect(probe.csp).toContain("script-src 'self'");
      expect(probe.escape).toBe(403);

      const visible = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()));
      expect(visible).toEqual([true]);

      // The tray cannot be listed through Electron's API: the app logs its creation to the rotating file.
      const logFile = join(data.path, 'logs', 'main.log');
      const log = await poll(
        async () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
        (t) => t.includes('tray shown'),
      );
      expect(log).toContain('Reviewdesk starting');
      expect(log).toContain('tray shown');
    },
  );
});
