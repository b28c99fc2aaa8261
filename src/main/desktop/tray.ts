/**
 * Shows a TrayModel with Electron's Tray, Menu and badge APIs, and nothing
 * else: what to show is decided in `tray-model.ts`. The Electron objects come
 * in as arguments (only types are imported), so tests drive it with fakes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { PanelVariant, TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-model';

export interface TrayLike<Img, M> {
  setImage(image: Img): void;
  setToolTip(text: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The Electron pieces used: pass `{ Tray, Menu, nativeImage, app }` from 'electron'. */
export interface TrayElectron<Img, M> {
  Tray: new (image: Img) => TrayLike<Img, M>;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): M };
  nativeImage: { createFromPath(path: string): Img };
  app: { setBadgeCount(count?: number): boolean };
}

// Compile-time proof that the real module fits, without importing it at run time.
type ElectronModule = typeof import('electron');
const _fits = (e: ElectronModule): TrayElectron<Electron.NativeImage, Electron.Menu> => e;
void _fits;

export interface TrayAdapterOptions<Img> {
  /** The folder holding `tray/…png` (resources/ in development, process.resourcesPath when packaged). */
  resourcesDir: string;
  platform: NodeJS.Platform;
  onAction(action: TrayAction): void;
  /** Windows has no app badge: pass `(img, text) => win.setOverlayIcon(img, text)` to mark the taskbar button. */
  setOverlayIcon?(image: Img | null, description: string): void;
}

/**
 * Which panel the icon sits on. macOS and Windows say; Linux panels have no
 * API for it and are dark by default in GNOME and most others, so dark unless
 * the reviewer chose otherwise.
 */
export function panelVariant(
  platform: NodeJS.Platform,
  theme: { shouldUseDarkColors: boolean; shouldUseDarkColorsForSystemIntegratedUI?: boolean },
  override?: PanelVariant | null,
): PanelVariant {
  if (override) return override;
  // The Windows taskbar follows the system theme, not the app's: hence the "system integrated UI" flag.
  if (platform === 'win32') return theme.shouldUseDarkColorsForSystemIntegratedUI ? 'dark' : 'light';
  if (platform === 'darwin') return theme.shouldUseDarkColors ? 'dark' : 'light';
  return 'dark';
}

/**
 * The image for a state. 16 px (with @2x, which Electron picks up by itself)
 * on macOS and Windows; Linux trays are 22–24 px, so they get the 32 px one.
 */
export function trayIconPath(resourcesDir: string, icon: TrayIcon, variant: PanelVariant, platform: NodeJS.Platform): string {
  return join(resourcesDir, 'tray', `${icon}-${variant}${platform === 'linux' ? '-32' : ''}.png`);
}

// Electron reads a single '&' as a mnemonic marker on Windows and Linux (electron/electron#9584).
const escapeLabel = (s: string): string => s.replace(/&/g, '&&');

export function menuTemplate(items: readonly TrayMenuItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: escapeLabel(item.label), enabled: false };
      case 'submenu':
        return { label: escapeLabel(item.label), submenu: menuTemplate(item.items, onAction) };
      case 'item':
        return { label: escapeLabel(item.label), enabled: item.enabled, click: () => onAction(item.action) };
    }
  });
}

export interface TrayAdapter {
  render(model: TrayModel): void;
  destroy(): void;
}

export function createTrayAdapter<Img, M>(electron: TrayElectron<Img, M>, options: TrayAdapterOptions<Img>): TrayAdapter {
  const images = new Map<string, Img>();
  const image = (icon: TrayIcon, variant: PanelVariant): Img => {
    const path = trayIconPath(options.resourcesDir, icon, variant, options.platform);
    let img = images.get(path);
    if (img === undefined) images.set(path, (img = electron.nativeImage.createFromPath(path)));
    return img;
  };
  let tray: TrayLike<Img, M> | null = null;
  // What is on screen now: only changes reach the OS (rebuilding a Linux tray menu makes it flicker).
  let shown = { image: '', tooltip: '', menu: '', badge: -1 };

  return {
    render(model) {
      const key = `${model.icon}-${model.variant}`;
      if (!tray) {
        tray = new electron.Tray(image(model.icon, model.variant));
        // Left click opens the window on Windows and Linux; macOS opens the menu by itself.
        if (options.platform !== 'darwin') tray.on('click', () => options.onAction({ kind: 'open' }));
        shown.image = key;
      } else if (shown.image !== key) {
        tray.setImage(image(model.icon, model.variant));
        shown.image = key;
      }
      if (shown.tooltip !== model.tooltip) {
        tray.setToolTip(model.tooltip);
        shown.tooltip = model.tooltip;
      }
      const menu = JSON.stringify(model.menu);
      if (shown.menu !== menu) {
        tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(model.menu, options.onAction)));
        shown.menu = menu;
      }
      if (shown.badge !== model.badgeCount) {
        if (options.platform === 'win32') {
          const on = model.badgeCount > 0;
          options.setOverlayIcon?.(on ? image(model.icon, 'light') : null, on ? `${model.badgeCount} waiting` : '');
        } else {
          electron.app.setBadgeCount(model.badgeCount);
        }
        shown.badge = model.badgeCount;
      }
    },
    destroy() {
      tray?.destroy();
      tray = null;
      shown = { image: '', tooltip: '', menu: '', badge: -1 };
    },
  };
}
