/**
 * The application menu, as a template (data plus click callbacks), so it is
 * tested on Node; `index.ts` hands it to `Menu.buildFromTemplate`. Replacing
 * Electron's default menu matters for more than looks: the default one has
 * Reload and Toggle Developer Tools, which an installed app must not offer.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type AppMenuAction = 'open-logs' | 'check-updates' | 'open-window';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Development builds keep Reload and the developer tools. */
  isPackaged: boolean;
  /** "Check for Updates…" only where an update feed is configured. */
  updatesEnabled: boolean;
  onAction(action: AppMenuAction): void;
}

export function appMenuTemplate(o: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const item = (label: string, action: AppMenuAction): MenuItemConstructorOptions => ({ label, click: () => o.onAction(action) });
  const updates: MenuItemConstructorOptions[] = o.updatesEnabled ? [item('Check for Updates…', 'check-updates')] : [];

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Reviewdesk',
      submenu: [
        { role: 'about' },
        ...updates,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      item('Open Reviewdesk', 'open-window'),
      { type: 'separator' },
      // Close hides to the tray; Quit really quits (close-to-tray, see index.ts).
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit Reviewdesk' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(o.isPackaged
        ? []
        : ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({
    role: 'help',
    submenu: [item('Open Logs Folder', 'open-logs'), ...(mac ? [] : updates)],
  });
  return template;
}
