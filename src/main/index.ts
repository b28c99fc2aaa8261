/**
 * The Electron main process: a composition root and nothing more. It builds
 * the app services (the same ones the browser host uses), carries the IPC
 * contract over ipcMain, opens the window, and shows the tray and the
 * notifications that the pure desktop functions compute from app state.
 */
import {
  app,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  Tray,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS } from '../shared/contract';
import { createAppServices } from './app/app-services';
import { startEmbeddedDemoServer } from './app/demo-server';
import { assignmentFromArgv, assignmentFromLink, PROTOCOL } from './desktop/deep-link';
import { createNotifier } from './desktop/notifications';
import { safeStorageSecretStore } from './desktop/secret-store';
import { appUrlsFor, senderInfo, trustedIpcSender, type SecurityConfig } from './desktop/security-policy';
import { createTrayAdapter, panelVariant } from './desktop/tray';
import { createMainWindow, preloadFile, rendererFile } from './desktop/window';
import { dispatch } from './ipc/dispatch';
import { consoleLogger } from './log';

// One Reviewdesk at a time: a second launch (or a reviewdesk:// link) focuses the first.
if (!app.requestSingleInstanceLock()) app.quit();
app.setAsDefaultProtocolClient(PROTOCOL);

let quitting = false;

void app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources');
  const secrets = safeStorageSecretStore({
    file: join(dataDir, 'secrets.json'),
    safeStorage,
    platform: process.platform,
    log: consoleLogger,
    // Linux without a keyring: ask once whether a weaker, obfuscated file is acceptable; otherwise memory only.
    confirmWeakStorage: () =>
      dialog.showMessageBoxSync({
        type: 'question',
        buttons: ['Keep it for this session only', 'Store it with weaker protection'],
        defaultId: 0,
        cancelId: 0,
        message: 'No system keyring was found',
        detail:
          'Reviewdesk keeps your server token in the system keyring. Without one it can store the token in a file protected only by your user account, or forget it when you quit.',
      }) === 1,
  });
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

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const win = createMainWindow(preloadFile(__dirname), rendererFile(__dirname), devUrl, { icon: join(resourcesDir, 'icon.png') });
  const security: SecurityConfig = {
    appUrls: appUrlsFor(pathToFileURL(rendererFile(__dirname)).href, devUrl),
    externalAllowList: [],
  };

  const focusWindow = () => {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const openAssignment = (id: number) => {
    focusWindow();
    services.openAssignment(id);
  };

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input) => {
      // Only the top frame of our own page may call in.
      if (event.sender !== win.webContents || !trustedIpcSender(senderInfo(event.senderFrame), security)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the app window only' } };
      }
      return dispatch(services.handlers, channel, input, consoleLogger);
    });
  }

  const tray = createTrayAdapter<Electron.NativeImage, Electron.Menu>(
    { Tray, Menu, nativeImage, app },
    {
      resourcesDir,
      platform: process.platform,
      onAction: (action) => {
        if (action.kind === 'open' || action.kind === 'sign-in') focusWindow();
        else if (action.kind === 'sync-now') void services.session.active()?.engine.syncNow();
        else if (action.kind === 'pause') services.desktop.pause(action.until);
        else if (action.kind === 'resume') services.desktop.pause(null);
        else if (action.kind === 'open-assignment') openAssignment(action.id);
        else if (action.kind === 'quit') {
          quitting = true;
          app.quit();
        }
      },
      setOverlayIcon: (img, text) => win.setOverlayIcon(img, text),
    },
  );
  const notifier = createNotifier(
    { Notification },
    {
      icon: join(resourcesDir, 'icon.png'),
      onClick: (target) => (target.kind === 'assignment' ? openAssignment(target.id) : focusWindow()),
    },
  );

  services.subscribe((event, payload) => {
    if (event === 'desktop:tray') {
      const model = payload as Parameters<typeof tray.render>[0];
      tray.render({ ...model, variant: panelVariant(process.platform, nativeTheme) });
    }
    if (event === 'desktop:notify') notifier.show([payload as Parameters<typeof notifier.show>[0][number]]);
    if (!win.isDestroyed()) win.webContents.send(`event:${event}`, payload);
  });
  win.on('focus', () => services.desktop.seen());
  // Close hides to the tray: the app keeps syncing and notifying until Quit.
  win.on('close', (e) => {
    if (!quitting) {
      e.preventDefault();
      win.hide();
    }
  });

  await services.session.restore();
  const fromLaunch = assignmentFromArgv(process.argv);
  if (fromLaunch !== null) openAssignment(fromLaunch);

  app.on('second-instance', (_e, argv) => {
    const id = assignmentFromArgv(argv);
    if (id !== null) openAssignment(id);
    else focusWindow();
  });
  app.on('open-url', (e, url) => {
    e.preventDefault();
    const id = assignmentFromLink(url);
    if (id !== null) openAssignment(id);
  });
  app.on('activate', focusWindow);
  app.on('before-quit', () => {
    quitting = true;
    notifier.clear();
    tray.destroy();
    void services.dispose();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Nothing loads into the app that is not the app; see SECURITY.md.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
});
