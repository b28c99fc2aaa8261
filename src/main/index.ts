/**
 * The Electron main process: a composition root and nothing more. It builds
 * the app services (the same ones the browser host uses), carries the IPC
 * contract over ipcMain, and opens the window.
 */
import { app, BrowserWindow, ipcMain, net, powerMonitor, safeStorage } from 'electron';
import { join } from 'node:path';
import { CHANNELS } from '../shared/contract';
import { createAppServices } from './app/app-services';
import { startEmbeddedDemoServer } from './app/demo-server';
import { fileSecretStore, memorySecretStore } from './desktop/secret-store';
import { createMainWindow, preloadFile, rendererFile } from './desktop/window';
import { dispatch } from './ipc/dispatch';
import { consoleLogger } from './log';

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  // safeStorage needs the OS keyring; without one the token stays in memory for this run only.
  const secrets = safeStorage.isEncryptionAvailable()
    ? fileSecretStore(join(dataDir, 'secrets.json'), {
        kind: 'os-keyring',
        encode: (s) => safeStorage.encryptString(s).toString('base64'),
        decode: (s) => safeStorage.decryptString(Buffer.from(s, 'base64')),
      })
    : memorySecretStore();
  const services = createAppServices({
    dataDir,
    secrets,
    log: consoleLogger,
    startDemoServer: startEmbeddedDemoServer,
    // The OS's word on "offline" (the page adds navigator.onLine through connectivity:set).
    isOnline: () => net.isOnline(),
  });
  // A laptop waking up: its network may have changed while asleep, and the queue is stale.
  powerMonitor.on('resume', () => services.resumed(net.isOnline()));

  const win = createMainWindow(preloadFile(__dirname), rendererFile(__dirname), process.env.ELECTRON_RENDERER_URL);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input) => {
      // Only our own window's top frame may call in.
      if (event.senderFrame !== win.webContents.mainFrame) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the app window only' } };
      }
      return dispatch(services.handlers, channel, input, consoleLogger);
    });
  }
  services.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(`event:${event}`, payload);
  });
  await services.session.restore();

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('before-quit', () => void services.dispose());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) app.relaunch();
});
