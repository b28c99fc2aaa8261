import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LOGIN_ARG,
  autostartEnabled,
  autostartEntry,
  autostartFile,
  createLoginItem,
  launchedAtLogin,
  quoteExecArg,
  type LoginItemApp,
} from '../../../src/main/desktop/login-item';
import { tempDir } from '../../support/temp-dir';

/** Electron's login item settings, as the OS would keep them (Windows: per path + args). */
function fakeApp(): LoginItemApp & { calls: unknown[] } {
  const on = new Map<string, boolean>();
  const calls: unknown[] = [];
  const key = (args?: string[]) => JSON.stringify(args ?? []);
  return {
    calls,
    getLoginItemSettings: (o) => ({ openAtLogin: on.get(key(o?.args)) ?? false }),
    setLoginItemSettings: (s) => {
      calls.push(s);
      on.set(key(s.args), s.openAtLogin);
    },
  };
}

describe('login item', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('login-item-');
  });
  afterEach(() => dir.remove());

  it('is not offered by a development build (it would register a bare Electron)', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(createLoginItem({ platform, isPackaged: false, app: fakeApp(), executable: '/x' })).toBeNull();
    }
  });

  it('nor where the platform has no notion of one', () => {
    expect(createLoginItem({ platform: 'freebsd', isPackaged: true, app: fakeApp(), executable: '/x' })).toBeNull();
  });

  it('Windows: Electron’s login item, with the login argument on both set and get', () => {
    const app = fakeApp();
    const item = createLoginItem({ platform: 'win32', isPackaged: true, app, executable: 'C:\\x.exe' })!;
    expect(item.get()).toBe(false);
    item.set(true);
    expect(app.calls).toEqual([{ openAtLogin: true, args: [LOGIN_ARG] }]);
    expect(item.get()).toBe(true);
    item.set(false);
    expect(item.get()).toBe(false);
  });

  it('macOS: Electron’s login item (launch detected by wasOpenedAtLogin)', () => {
    const app = fakeApp();
    const item = createLoginItem({ platform: 'darwin', isPackaged: true, app, executable: '/Applications/Reviewdesk.app' })!;
    item.set(true);
    expect(app.calls).toEqual([{ openAtLogin: true }]);
    expect(item.get()).toBe(true);
    expect(launchedAtLogin([], true)).toBe(true);
  });

  it('Linux: an XDG autostart entry, written and removed; the OS file is the truth', () => {
    const item = createLoginItem({
      platform: 'linux',
      isPackaged: true,
      app: fakeApp(),
      executable: '/home/ana/Apps/Reviewdesk-0.1.0.AppImage',
      configHome: dir.path,
    })!;
    const file = autostartFile(dir.path);
    expect(file).toBe(join(dir.path, 'autostart', 'reviewdesk.desktop'));
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`Exec="/home/ana/Apps/Reviewdesk-0.1.0.AppImage" ${LOGIN_ARG}\n`);
    // Switched off in the desktop's own startup settings: we say off, and do not fight it.
    writeFileSync(file, `${readFileSync(file, 'utf8')}Hidden=true\n`);
    expect(item.get()).toBe(false);
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(() => item.set(false)).not.toThrow();
  });

  it('the autostart entry is a valid desktop entry whatever the path holds', () => {
    const entry = autostartEntry('/opt/Review "desk"/$HOME/`x`/100%/a\\b\nExec=evil');
    const lines = entry.split('\n');
    expect(lines[0]).toBe('[Desktop Entry]');
    expect(lines.filter((l) => l.startsWith('Exec='))).toHaveLength(1);
    expect(entry).toContain('Type=Application');
    expect(quoteExecArg('/opt/a b/app')).toBe('"/opt/a b/app"');
    // Quoting escapes " ` $ \ with a backslash; the string-value rule then doubles every backslash; % is %%.
    expect(quoteExecArg('a"b')).toBe('"a\\\\"b"');
    expect(quoteExecArg('a$b')).toBe('"a\\\\$b"');
    expect(quoteExecArg('a\\b')).toBe('"a\\\\\\\\b"');
    expect(quoteExecArg('100%')).toBe('"100%%"');
  });

  it('reads GNOME’s own off switch too', () => {
    const file = join(dir.path, 'x.desktop');
    writeFileSync(file, '[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n');
    expect(autostartEnabled(file)).toBe(false);
    writeFileSync(file, '[Desktop Entry]\nX-GNOME-Autostart-enabled=true\n');
    expect(autostartEnabled(file)).toBe(true);
  });

  it('tells a login launch by its argument', () => {
    expect(launchedAtLogin(['/usr/bin/reviewdesk', LOGIN_ARG])).toBe(true);
    expect(launchedAtLogin(['/usr/bin/reviewdesk', 'reviewdesk://assignment/4'])).toBe(false);
  });
});
