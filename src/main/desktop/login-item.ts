/**
 * "Start Reviewdesk when I log in", per platform. macOS and Windows have
 * Electron's `app.setLoginItemSettings`; Linux has none (Electron's API is
 * macOS/Windows only), so there it is an XDG autostart entry
 * (`~/.config/autostart/reviewdesk.desktop`). The OS is the source of truth:
 * nothing is kept in settings.json that could disagree with what the
 * reviewer changed in the system's own startup settings.
 *
 * Only a packaged app offers it: in development the executable is Electron
 * itself and the entry would start a bare Electron.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The argument a login launch carries, so the app starts in the tray without a window. */
export const LOGIN_ARG = '--login';

export interface LoginItemControl {
  get(): boolean;
  set(openAtLogin: boolean): void;
}

/** The parts of Electron's `app` used (macOS/Windows). */
export interface LoginItemApp {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  app: LoginItemApp;
  /** What to start on Linux: the AppImage file ($APPIMAGE) when there is one, else the executable. */
  executable: string;
  /** Linux: `$XDG_CONFIG_HOME` or `~/.config`. */
  configHome?: string;
}

/** The login item for this platform, or null where the app cannot offer one. */
export function createLoginItem(options: LoginItemOptions): LoginItemControl | null {
  if (!options.isPackaged) return null;
  if (options.platform === 'darwin' || options.platform === 'win32') {
    // Windows matches the registry entry by path *and* args: ask with the same args as set.
    const args = options.platform === 'win32' ? [LOGIN_ARG] : undefined;
    return {
      get: () => options.app.getLoginItemSettings(args ? { args } : undefined).openAtLogin,
      set: (on) => options.app.setLoginItemSettings({ openAtLogin: on, ...(args ? { args } : {}) }),
    };
  }
  if (options.platform === 'linux') {
    const file = autostartFile(options.configHome ?? process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
    return {
      get: () => autostartEnabled(file),
      set: (on) => {
        if (on) {
          mkdirSync(join(file, '..'), { recursive: true });
          writeFileSync(file, autostartEntry(options.executable), { mode: 0o644 });
        } else rmSync(file, { force: true });
      },
    };
  }
  return null;
}

/** Whether this launch came from the login item (then the window stays in the tray). */
export function launchedAtLogin(argv: readonly string[], macWasOpenedAtLogin = false): boolean {
  return macWasOpenedAtLogin || argv.includes(LOGIN_ARG);
}

export const autostartFile = (configHome: string): string => join(configHome, 'autostart', 'reviewdesk.desktop');

/**
 * Quotes one argument for a desktop entry's Exec key (Desktop Entry Spec,
 * "The Exec key"): double quotes, with `"`, `` ` ``, `$` and `\` escaped —
 * and every `\` doubled once more, because the value is also a string value.
 */
export function quoteExecArg(arg: string): string {
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The autostart entry that starts Reviewdesk in the tray. */
export function autostartEntry(executable: string): string {
  // eslint-disable-next-line no-control-regex
  const exe = executable.replace(/[\u0000-\u001f\u007f]/g, '');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Reviewdesk',
    'Comment=Review the work of AI systems',
    `Exec=${quoteExecArg(exe)} ${LOGIN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** An entry that is there and not switched off (`Hidden=true`, or GNOME's own flag) starts the app. */
export function autostartEnabled(file: string): boolean {
  if (!existsSync(file)) return false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return !/^\s*Hidden\s*=\s*true\s*$/im.test(text) && !/^\s*X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text);
}
