/**
 * The one application window, locked down: context isolation, sandbox, no
 * Node in the renderer, no navigation away from the app, no new windows,
 * no webviews, permission requests denied.
 */
import { BrowserWindow, shell, session } from 'electron';
import { join } from 'node:path';

export function createMainWindow(preloadPath: string, rendererHtml: string, devUrl?: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Reviewdesk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());

  const appOrigin = devUrl ? new URL(devUrl).origin : 'file://';
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(appOrigin)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links leave through the system browser, and only http(s) ones.
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererHtml);
  return win;
}

export const preloadFile = (mainDir: string) => join(mainDir, '../preload/index.js');
export const rendererFile = (mainDir: string) => join(mainDir, '../renderer/index.html');
