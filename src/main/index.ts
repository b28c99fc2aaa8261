/**
 * The Electron main process: a composition root and nothing more. It builds
 * the app services (the same ones the browser host uses), carries the IPC
 * contract over ipcMain, serves the renderer on app://, opens the window,
 * and shows the tray, the menu and the notifications that the pure desktop
 * functions compute from app state; logs go to a rotating file, updates
 * come from the configured feed.
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
  protocol,
  safeStorage,
  shell,
  Tray,
} from 'electron';
// A getter: the platform's updater object is only built when first used (never when updates are off).
import { autoUpdater } from 'electron-updater';
import { join, resolve } from 'node:path';
import { CHANNELS } from '../shared/contract';
import type { TrayModel } from '../shared/desktop';
import { createAppServices } from './app/app-services';
import { startEmbeddedDemoServer } from './app/demo-server';
import { appMenuTemplate, type AppMenuAction } from './desktop/app-menu';
import { assignmentFromArgv, assignmentFromLink, PROTOCOL } from './desktop/deep-link';
import { createLoginItem, launchedAtLogin } from './desktop/login-item';
import { createNotifier } from './desktop/notifications';
import { safeStorageSecretStore } from './desktop/secret-store';
import { appUrlsFor, senderInfo, trustedIpcSender, type SecurityConfig } from './desktop/security-policy';
import { createTrayAdapter, panelVariant } from './desktop/tray';
import { startUpdater, type RunningUpdater } from './desktop/updater';
import { updateConfig } from './desktop/updates';
import { createMainWindow, preloadFile, registerAppScheme, rendererDir, serveAppProtocol } from './desktop/window';
import { dispatch } from './ipc/dispatch';
import { consoleLogger, fileLogger, teeLogger } from './log';
import { createRotatingFile } from './log-file';

// Another data folder for this run (tests, a second profile). The single-instance lock lives in it: set it first.
if (process.env.REVIEWDESK_DATA_DIR) app.setPath('userData', resolve(process.env.REVIEWDESK_DATA_DIR));
// app:// must be a privileged scheme before `ready` (SECURITY.md, item 18).
registerAppScheme(protocol);

// One Reviewdesk at a time: a second launch (or a reviewdesk:// link) focuses the first.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
else app.setAsDefaultProtocolClient(PROTOCOL);

let quitting = false;

void app.whenReady().then(async () => {
  // The second instance only hands its arguments over (`second-instance` below): no database, log or window.
  if (!primary) return;
  const dataDir = app.getPath('userData');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources');
  // Logs: a rotating file in the data folder (redacted; see log.ts), and the console for development.
  const logsDir = join(dataDir, 'logs');
  app.setAppLogsPath(logsDir);
  const logFile = createRotatingFile({
    dir: logsDir,
    onError: (e) => consoleLogger.warn('log file turned off', { error: e.message }),
  });
  const log = teeLogger(consoleLogger, fileLogger(logFile));
  log.info('Reviewdesk starting', {
    version: app.getVersion(),
    electron: process.versions.electron,
    platform: process.platform,
    packaged: app.isPackaged,
  });
  serveAppProtocol(protocol, rendererDir(__dirname), log);

  const secrets = safeStorageSecretStore({
    file: join(dataDir, 'secrets.json'),
    safeStorage,
    platform: process.platform,
    log,
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
    log,
    startDemoServer: startEmbeddedDemoServer,
    // The window's first queue page before the tray's first read of a large cache, the first sync
    // and the integrity check (app-services.ts, session.ts).
    desktopHoldMs: 2000,
    startDelayMs: 1500,
    // The OS's word on "offline" (the page adds navigator.onLine through connectivity:set).
    isOnline: () => net.isOnline(),
    host: {
      logsDir,
      openFolder: async (dir) => {
        const problem = await shell.openPath(dir);
        if (problem) throw new Error(problem);
      },
      loginItem: createLoginItem({
        platform: process.platform,
        isPackaged: app.isPackaged,
        app,
        executable: process.env.APPIMAGE ?? process.execPath,
      }),
    },
  });
  // A laptop waking up: its network may have changed while asleep, and the queue is stale.
  powerMonitor.on('resume', () => services.resumed(net.isOnline()));

  // Only a development build follows electron-vite's dev server; an installed app always loads app://.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  // Started by the login item: stay in the tray until the reviewer opens the window.
  const atLogin = launchedAtLogin(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  const win = createMainWindow(preloadFile(__dirname), devUrl, { icon: join(resourcesDir, 'icon.png'), showWhenReady: !atLogin });
  const security: SecurityConfig = { appUrls: appUrlsFor(devUrl), externalAllowList: [] };
  win.webContents.on('render-process-gone', (_e, d) => log.error('renderer gone', { reason: d.reason, exitCode: d.exitCode }));
  app.on('child-process-gone', (_e, d) => log.warn('child process gone', { type: d.type, reason: d.reason }));

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
      return dispatch(services.handlers, channel, input, log);
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

  let trayShown = false;
  const renderTray = (model: TrayModel) => {
    tray.render({ ...model, variant: panelVariant(process.platform, nativeTheme) });
    if (!trayShown) log.info('tray shown', { icon: model.icon });
    trayShown = true;
  };
  // The tray is there from the start, signed in or not (the services only speak when something changes).
  renderTray(services.desktop.tray());

  // Updates: off unless a feed is configured (REVIEWDESK_UPDATE_URL, or updateFeedUrl in settings.json).
  const updates = updateConfig({
    env: process.env,
    settingsUrl: services.settings.get().updateFeedUrl,
    isPackaged: app.isPackaged,
  });
  let updater: RunningUpdater | null = null;
  if (updates.enabled) {
    updater = startUpdater({
      updater: autoUpdater,
      feedUrl: updates.feedUrl,
      log,
      ask: async (q) => {
        const { response } = await dialog.showMessageBox(win, q);
        return response === q.restartId;
      },
      unsentCount: () => services.session.active()?.engine.status().outboxPending ?? 0,
      beforeRestart: () => {
        quitting = true;
      },
    });
  } else log.info('updates off', { reason: updates.reason });

  const checkForUpdates = async () => {
    if (!updater) return;
    const state = await updater.checkNow();
    // A ready update asks by itself; otherwise say what the check found.
    const words =
      state.phase === 'error'
        ? { type: 'warning' as const, message: 'Could not check for updates', detail: state.error ?? '' }
        : state.phase === 'downloading'
          ? {
              type: 'info' as const,
              message: `Reviewdesk ${state.version ?? ''} is downloading`,
              detail: 'You will be asked to restart when it is ready.',
            }
          : state.phase === 'idle'
            ? { type: 'info' as const, message: 'Reviewdesk is up to date', detail: `Version ${app.getVersion()}` }
            : null;
    if (words) await dialog.showMessageBox(win, words);
  };
  const onMenu = (action: AppMenuAction) => {
    if (action === 'open-window') focusWindow();
    else if (action === 'check-updates') void checkForUpdates();
    else if (action === 'open-logs') {
      void shell.openPath(logsDir).then((problem) => problem && log.warn('could not open the logs folder', { problem }));
    }
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        isPackaged: app.isPackaged,
        updatesEnabled: updater !== null,
        onAction: onMenu,
      }),
    ),
  );

  services.subscribe((event, payload) => {
    if (event === 'desktop:tray') renderTray(payload as TrayModel);
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
    updater?.stop();
    log.info('Reviewdesk quitting');
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
