import { call } from '../api';
import type { AppSettings, CacheNotice, SettingsPatch } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { describeError } from './error-words';
import { saveFile } from './save-file';
import type { LoadStatus, SliceCreator } from './types';

/**
 * This computer's side of things: main's settings (sync interval, file cache
 * budget) with their figures, the audit export, the notice about a rebuilt
 * cache, and the page's word on the network.
 */
export interface LocalSlice {
  appSettings: AppSettings | null;
  settingsStatus: LoadStatus;
  settingsError: AppError | null;
  settingsSaving: boolean;
  exporting: 'json' | 'csv' | null;
  cacheNotice: CacheNotice | null;
  /** Opening the logs folder is under way. */
  openingLogs: boolean;
  loadSettings(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<boolean>;
  /** Asks the host to show the log files' folder in the system's file manager. */
  openLogsFolder(): Promise<void>;
  exportAudit(format: 'json' | 'csv'): Promise<void>;
  loadCacheNotice(): Promise<void>;
  dismissCacheNotice(): Promise<void>;
  /** Tells main `navigator.onLine` now and on every online/offline event; returns the cleanup. */
  watchConnectivity(): () => void;
}

export function initialLocalState() {
  return {
    appSettings: null as AppSettings | null,
    settingsStatus: 'idle' as LoadStatus,
    settingsError: null as AppError | null,
    settingsSaving: false,
    exporting: null as 'json' | 'csv' | null,
    cacheNotice: null as CacheNotice | null,
    openingLogs: false,
  };
}

export const createLocalSlice: SliceCreator<LocalSlice> = (set, get) => ({
  ...initialLocalState(),

  async loadSettings() {
    if (!get().appSettings) set({ settingsStatus: 'loading', settingsError: null });
    const res = await call('settings:get');
    if (res.ok) set({ appSettings: res.value, settingsStatus: 'ready', settingsError: null });
    else set({ settingsStatus: 'error', settingsError: res.error });
  },

  async saveSettings(patch) {
    set({ settingsSaving: true });
    const res = await call('settings:set', patch);
    set({ settingsSaving: false });
    if (!res.ok) {
      get().pushToast(`Settings not saved. ${describeError(res.error)}`, 'error');
      return false;
    }
    set({ appSettings: res.value, settingsStatus: 'ready' });
    get().pushToast('Settings saved.', 'success', 'settings');
    return true;
  },

  async openLogsFolder() {
    if (get().openingLogs) return;
    set({ openingLogs: true });
    const res = await call('app:openLogsFolder');
    set({ openingLogs: false });
    if (!res.ok) get().pushToast(`Could not open the logs folder. ${describeError(res.error)}`, 'error');
  },

  async exportAudit(format) {
    if (get().exporting) return;
    set({ exporting: format });
    const res = await call('audit:export', { format });
    set({ exporting: null });
    if (!res.ok) {
      get().pushToast(`Could not export the audit log. ${describeError(res.error)}`, 'error');
      return;
    }
    saveFile(res.value.filename, res.value.mime, res.value.content);
    get().pushToast(`Audit log saved as ${res.value.filename}.`, 'success', 'audit');
  },

  async loadCacheNotice() {
    const res = await call('cache:notice');
    if (res.ok) set({ cacheNotice: res.value });
  },

  async dismissCacheNotice() {
    set({ cacheNotice: null });
    await call('cache:dismissNotice');
  },

  watchConnectivity() {
    const tell = () => void call('connectivity:set', { online: navigator.onLine });
    tell();
    window.addEventListener('online', tell);
    window.addEventListener('offline', tell);
    return () => {
      window.removeEventListener('online', tell);
      window.removeEventListener('offline', tell);
    };
  },
});
