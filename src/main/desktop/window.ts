/**
 * The one application window, locked down: context isolation, sandbox, no
 * Node in the renderer, no navigation away from the app, no new windows,
 * no webviews, permission requests denied. The decisions themselves live in
 * `security-policy.ts` (pure, tested); this file only hooks them up.
 */
import { BrowserWindow, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  appUrlsFor,
  navigationAllowed,
  permissionAllowed,
  webviewAttachAllowed,
  windowOpenDecision,
  type SecurityConfig,
} from './security-policy';

export interface MainWindowOptions {
  /** Hosts links may open in the OS browser (see SecurityConfig.externalAllowList). */
  externalAllowList?: readonly string[];
  /** Overrides where the app's pages come from (e.g. `app://reviewdesk` once that protocol is registered). */
  appUrls?: readonly string[];
  /** The window icon (Linux shows it in the task switcher). */
  icon?: string;
}

export function createMainWindow(
  preloadPath: string,
  rendererHtml: string,
  devUrl?: string,
  options: MainWindowOptions = {},
): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Reviewdesk',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());

  const config: SecurityConfig = {
    appUrls: options.appUrls ?? appUrlsFor(pathToFileURL(rendererHtml).href, devUrl),
    externalAllowList: options.externalAllowList ?? [],
  };
  applySecurityPolicy(win.webContents, config);

  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererHtml);
  return win;
}

/** Hooks the policy onto any webContents (the lead may also call it from `app.on('web-contents-created')`). */
export function applySecurityPolicy(contents: WebContents, config: SecurityConfig): void {
  const stayInApp = (e: { preventDefault(): void }, url: string) => {
    if (!navigationAllowed(url, config)) e.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (e) => {
    if (!webviewAttachAllowed()) e.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, config);
    if (decision.openExternal) void shell.openExternal(decision.openExternal);
    return { action: decision.action };
  });
  contents.session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, config)),
  );
  contents.session.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, config),
  );
}

export const preloadFile = (mainDir: string) => join(mainDir, '../preload/index.js');
export const rendererFile = (mainDir: string) => join(mainDir, '../renderer/index.html');
