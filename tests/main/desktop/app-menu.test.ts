import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type AppMenuAction } from '../../../src/main/desktop/app-menu';

/** Every item of the menu, depth first. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
const labels = (items: MenuItemConstructorOptions[]) => flatten(items).map((i) => i.label ?? i.role ?? i.type);

function click(items: MenuItemConstructorOptions[], label: string) {
  const item = flatten(items).find((i) => i.label === label);
  if (!item?.click) throw new Error(`no ${label}`);
  (item.click as () => void)();
}

describe('application menu', () => {
  it('an installed app offers no reload and no developer tools', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const all = labels(appMenuTemplate({ platform, isPackaged: true, updatesEnabled: false, onAction: () => {} }));
      expect(all, platform).not.toContain('toggleDevTools');
      expect(all, platform).not.toContain('reload');
      expect(all, platform).not.toContain('forceReload');
    }
    const dev = labels(appMenuTemplate({ platform: 'linux', isPackaged: false, updatesEnabled: false, onAction: () => {} }));
    expect(dev).toContain('toggleDevTools');
  });

  it('has Open Logs Folder, and Check for Updates only with a feed', () => {
    const actions: AppMenuAction[] = [];
    for (const platform of ['linux', 'darwin'] as const) {
      const without = appMenuTemplate({ platform, isPackaged: true, updatesEnabled: false, onAction: (a) => actions.push(a) });
      expect(labels(without)).toContain('Open Logs Folder');
      expect(labels(without)).not.toContain('Check for Updates…');
      const withFeed = appMenuTemplate({ platform, isPackaged: true, updatesEnabled: true, onAction: (a) => actions.push(a) });
      click(withFeed, 'Open Logs Folder');
      click(withFeed, 'Check for Updates…');
      click(withFeed, 'Open Reviewdesk');
    }
    expect(actions).toEqual(['open-logs', 'check-updates', 'open-window', 'open-logs', 'check-updates', 'open-window']);
  });

  it('keeps the editing shortcuts text fields need (macOS has none without an Edit menu)', () => {
    const edit = appMenuTemplate({ platform: 'darwin', isPackaged: true, updatesEnabled: false, onAction: () => {} }).find(
      (m) => m.label === 'Edit',
    );
    expect((edit?.submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
  });

  it('macOS has the app menu first; elsewhere Quit is in File', () => {
    const mac = appMenuTemplate({ platform: 'darwin', isPackaged: true, updatesEnabled: false, onAction: () => {} });
    expect(mac[0]!.label).toBe('Reviewdesk');
    const linux = appMenuTemplate({ platform: 'linux', isPackaged: true, updatesEnabled: false, onAction: () => {} });
    expect(linux[0]!.label).toBe('File');
    expect(labels(linux)).toContain('Quit Reviewdesk');
  });
});
