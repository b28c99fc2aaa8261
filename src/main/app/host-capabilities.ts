/**
 * What a host can do beyond the services both hosts share: write log files
 * and open their folder, start the app at login. The Electron host passes
 * these in (`index.ts`); the browser host has none of them, and the settings
 * it reports say so (the fields are absent), so the page hides or explains
 * them rather than offering what cannot work.
 */
import type { AppSettings, SettingsPatch } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { LoginItemControl } from '../desktop/login-item';
import type { Logger } from '../log';

export interface HostCapabilities {
  /** The folder the log files are written to. */
  logsDir?: string;
  /** Opens a folder in the OS file manager (Electron: `shell.openPath`); rejects with the OS's reason. */
  openFolder?(dir: string): Promise<void>;
  /** Start at login; null/absent where the platform or build cannot (development, the browser host). */
  loginItem?: LoginItemControl | null;
}

/** The host's part of `settings:get`. */
export function hostSettings(host: HostCapabilities | undefined, log: Logger): Pick<AppSettings, 'startAtLogin' | 'logsFolder'> {
  const out: Pick<AppSettings, 'startAtLogin' | 'logsFolder'> = {};
  if (host?.logsDir) out.logsFolder = host.logsDir;
  if (host?.loginItem) {
    try {
      out.startAtLogin = host.loginItem.get();
    } catch (e) {
      // The OS would not say: leave the option out rather than show a guess.
      log.warn('could not read the login item', { error: (e as Error).message });
    }
  }
  return out;
}

/** Applies the host's part of `settings:set`, before the rest is saved. */
export function applyHostSettings(host: HostCapabilities | undefined, patch: SettingsPatch, log: Logger): void {
  if (patch.startAtLogin === undefined) return;
  if (!host?.loginItem) {
    throw new AppFailure('validation', 'Starting at login is set by the installed desktop app; this host cannot do it.');
  }
  try {
    host.loginItem.set(patch.startAtLogin);
    log.info('start at login changed', { startAtLogin: patch.startAtLogin });
  } catch (e) {
    log.warn('could not change the login item', { error: (e as Error).message });
    throw new AppFailure('internal', `The system did not accept the change: ${(e as Error).message}`);
  }
}

/** `app:openLogsFolder`: opens the folder where the host writes its logs. */
export async function openLogsFolder(host: HostCapabilities | undefined): Promise<{ folder: string }> {
  if (!host?.logsDir || !host.openFolder) {
    throw new AppFailure('not_found', 'This host keeps no log files of its own: its log is in the terminal it was started from.');
  }
  await host.openFolder(host.logsDir);
  return { folder: host.logsDir };
}
