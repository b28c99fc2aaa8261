import type { MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTrayAdapter, menuTemplate, panelVariant, trayIconPath, type TrayElectron } from '../../../src/main/desktop/tray';
import { trayModel, type TrayAction } from '../../../src/main/desktop/tray-model';
import { item, state, T0 } from './fixtures';

type Img = { path: string };
type FakeMenu = { template: MenuItemConstructorOptions[] };

function fakeElectron() {
  const calls: string[] = [];
  const trays: FakeTray[] = [];
  class FakeTray {
    image: Img;
    tooltip = '';
    menu: FakeMenu | null = null;
    click: (() => void) | null = null;
    constructor(image: Img) {
      this.image = image;
      trays.push(this);
      calls.push(`new Tray ${image.path}`);
    }
    setImage(image: Img) {
      this.image = image;
      calls.push(`setImage ${image.path}`);
    }
    setToolTip(text: string) {
      this.tooltip = text;
      calls.push('setToolTip');
    }
    setContextMenu(menu: FakeMenu | null) {
      this.menu = menu;
      calls.push('setContextMenu');
    }
    on(_event: 'click', listener: () => void) {
      this.click = listener;
    }
    destroy() {
      calls.push('destroy');
    }
  }
  const badges: number[] = [];
  const electron: TrayElectron<Img, FakeMenu> = {
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template) => ({ template }) },
    nativeImage: { createFromPath: (path) => ({ path }) },
    app: { setBadgeCount: (n) => (badges.push(n ?? 0), true) },
  };
  return { electron, calls, trays, badges };
}

const RES = '/res';
const items = [item(1, { priority: 'high', title: 'R&D notes' }), item(2)];

describe('tray adapter', () => {
  it('renders a model, then only what changed', () => {
    const f = fakeElectron();
    const actions: TrayAction[] = [];
    const tray = createTrayAdapter(f.electron, { resourcesDir: RES, platform: 'linux', onAction: (a) => actions.push(a) });
    const idle = trayModel(state(items, { knownAssignmentIds: [1, 2] }), T0);
    tray.render(idle);
    expect(f.calls).toEqual([`new Tray ${join(RES, 'tray', 'idle-dark-32.png')}`, 'setToolTip', 'setContextMenu']);
    expect(f.badges).toEqual([0]);

    f.calls.length = 0;
    tray.render(trayModel(state(items, { knownAssignmentIds: [1, 2] }), T0));
    expect(f.calls).toEqual([]);

    const fresh = trayModel(state([...items, item(3)], { knownAssignmentIds: [1, 2] }), T0);
    tray.render(fresh);
    expect(f.calls).toEqual([`setImage ${join(RES, 'tray', 'new-work-dark-32.png')}`, 'setToolTip', 'setContextMenu']);
    expect(f.badges).toEqual([0, 1]);

    f.trays[0]!.click!();
    expect(actions).toEqual([{ kind: 'open' }]);
    tray.destroy();
    expect(f.calls.at(-1)).toBe('destroy');
  });

  it('turns menu items into Electron templates whose clicks come back as actions', () => {
    const actions: TrayAction[] = [];
    const model = trayModel(state(items, { knownAssignmentIds: [1, 2] }), T0);
    const template = menuTemplate(model.menu, (a) => actions.push(a));
    expect(template[0]).toMatchObject({ label: 'Open Reviewdesk', enabled: true });
    const pause = template.find((t) => t.label === 'Pause notifications');
    (pause?.submenu as MenuItemConstructorOptions[])[1]!.click!(undefined as never, undefined, undefined as never);
    const urgent = template.find((t) => t.label?.includes('R&&D notes'));
    expect(urgent?.label).toBe('High: R&&D notes'); // a lone & would underline the next letter
    urgent!.click!(undefined as never, undefined, undefined as never);
    expect(template.find((t) => t.label === 'Most urgent')).toMatchObject({ enabled: false });
    expect(template.filter((t) => t.type === 'separator')).toHaveLength(2);
    expect(actions).toEqual([
      { kind: 'pause', until: 'tomorrow' },
      { kind: 'open-assignment', id: 1 },
    ]);
  });

  it('uses a taskbar overlay instead of a badge on Windows, and the 16 px icons there', () => {
    const f = fakeElectron();
    const overlays: [Img | null, string][] = [];
    const tray = createTrayAdapter(f.electron, {
      resourcesDir: RES,
      platform: 'win32',
      onAction: () => {},
      setOverlayIcon: (img, text) => overlays.push([img, text]),
    });
    tray.render(trayModel(state([...items, item(3)], { knownAssignmentIds: [1, 2] }), T0, 'light'));
    tray.render(trayModel(state([...items, item(3)], { knownAssignmentIds: [1, 2, 3] }), T0, 'light'));
    expect(f.trays[0]!.image.path).toBe(join(RES, 'tray', 'idle-light.png'));
    expect(overlays).toEqual([
      [{ path: join(RES, 'tray', 'new-work-light.png') }, '1 waiting'],
      [null, ''],
    ]);
    expect(f.badges).toEqual([]);
  });

  it('does not take over the click on macOS, where it opens the menu', () => {
    const f = fakeElectron();
    createTrayAdapter(f.electron, { resourcesDir: RES, platform: 'darwin', onAction: () => {} }).render(trayModel(state([]), T0));
    expect(f.trays[0]!.click).toBeNull();
  });

  it('picks the panel variant from the platform', () => {
    const darkSystem = { shouldUseDarkColors: false, shouldUseDarkColorsForSystemIntegratedUI: true };
    expect(panelVariant('win32', darkSystem)).toBe('dark');
    expect(panelVariant('darwin', darkSystem)).toBe('light');
    expect(panelVariant('linux', { shouldUseDarkColors: false })).toBe('dark');
    expect(panelVariant('linux', { shouldUseDarkColors: false }, 'light')).toBe('light');
    expect(trayIconPath('/r', 'syncing', 'light', 'darwin')).toBe(join('/r', 'tray', 'syncing-light.png'));
  });
});
