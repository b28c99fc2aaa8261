/**
 * The one application window, locked down: context isolation, sandbox, no
 * Node in the renderer, no navigation away from the app, no new windows,
 * no webviews, permission requests denied; its page comes from `app://`
 * (never `file://`). The decisions themselves live in `security-policy.ts`
 * and `app-protocol.ts` (pure, tested); this file only hooks them up.
 */
import { BrowserWindow, shell, type Protocol, type WebContents } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../log';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
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
  /** Overrides where the app's pages come from (default: `app://reviewdesk`, or the dev server's origin). */
  appUrls?: readonly string[];
  /** The window icon (Linux shows it in the task switcher). */
  icon?: string;
  /** Show the window once its page is ready (default). False at a login launch: the app starts in the tray. */
  showWhenReady?: boolean;
}

/**
 * Registers `app:` as a privileged standard scheme. Electron allows this only
 * before the app's `ready` event, once: call it at the top of the main module.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves the built renderer folder on `app://reviewdesk/` (after `ready`), refusing anything outside it. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, log: Logger): void {
  protocol.handle(
    APP_SCHEME,
    appProtocolHandler({
      rootDir: rendererDir,
      onRefused: (r) => log.warn('app:// request refused', r),
    }),
  );
}

/**
 * The window. `devUrl` (electron-vite's dev server) is used as is in
 * development; otherwise the page is `app://reviewdesk/index.html`, which
 * `serveAppProtocol` must already be serving.
 */
export function createMainWindow(preloadPath: string, devUrl?: string, options: MainWindowOptions = {}): BrowserWindow {
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
      // Middle clicks on links are one more way to open windows or navigate; the app needs none (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  if (options.showWhenReady !== false) win.once('ready-to-show', () => win.show());

  const config: SecurityConfig = {
    appUrls: options.appUrls ?? appUrlsFor(devUrl),
    externalAllowList: options.externalAllowList ?? [],
  };
  applySecurityPolicy(win.webContents, config);

  void win.loadURL(devUrl || APP_INDEX_URL);
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
/** The built renderer folder (`out/renderer`), which `app://reviewdesk/` serves. */
export const rendererDir = (mainDir: string) => join(mainDir, '../renderer');
