/**
 * Non-secret settings in a JSON file in the data folder (the token lives in
 * the secret store). Written to a temp file and renamed, so a crash never
 * leaves half a file; a corrupt file is set aside and the app starts clean.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BackendConfigSchema } from '../../shared/backends';
import type { Logger } from '../log';

const StoredAccountSchema = z.object({
  baseUrl: z.string(),
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  demo: z.boolean(),
  /** The account's key on this machine: names its cache file, its token in the secret store, its file folder. */
  cacheKey: z.string(),
  /** Which kind of backend, with its own settings (files written before there was a choice: the native protocol). */
  backend: BackendConfigSchema.default({ type: 'native' }),
});

/**
 * Files from before several accounts could exist held one `account`: it
 * becomes the only (and active) account of the list.
 */
function upgrade(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  if (!('account' in r)) return r;
  const { account, ...rest } = r;
  if (rest.accounts !== undefined || !account || typeof account !== 'object') return rest;
  return { ...rest, accounts: [account], activeAccount: (account as { cacheKey?: unknown }).cacheKey ?? null };
}

const SettingsSchema = z.object({
  /** Every account signed in on this machine; tokens live in the secret store, never here. */
  accounts: z.array(StoredAccountSchema).max(50).default([]),
  /** The cacheKey of the account in use; null when signed out. */
  activeAccount: z.string().nullable().default(null),
  demoPort: z.number().int().nullable().default(null),
  syncIntervalMs: z.number().int().min(5000).max(3_600_000).default(60_000),
  /** The offline file cache's size budget (default 500 MB). */
  fileBudgetBytes: z
    .number()
    .int()
    .min(0)
    .default(500 * 1024 * 1024),
  notifications: z
    .object({
      enabled: z.boolean().default(true),
      highPriorityOnly: z.boolean().default(false),
      dueSoonLeadMinutes: z.number().int().min(0).default(60),
    })
    .default({ enabled: true, highPriorityOnly: false, dueSoonLeadMinutes: 60 }),
  /** Set once any account was ever signed in: `--demo` starts the demo on a first run only. */
  everSignedIn: z.boolean().default(false),
  /**
   * The generic update feed (https) for managed installs, set by whoever
   * deploys the app, not in the UI; the REVIEWDESK_UPDATE_URL environment
   * variable wins. Neither: no updates (src/main/desktop/updates.ts). A
   * malformed value is dropped, not a reason to set the whole file aside.
   */
  updateFeedUrl: z.string().max(2048).nullable().default(null).catch(null),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

/** The account in use, if any. */
export function activeAccount(settings: Settings): StoredAccount | null {
  return settings.accounts.find((a) => a.cacheKey === settings.activeAccount) ?? null;
}

export function createSettingsStore(dataDir: string, log: Logger) {
  const file = join(dataDir, 'settings.json');
  let current: Settings = load();

  function load(): Settings {
    if (!existsSync(file)) return SettingsSchema.parse({});
    try {
      return SettingsSchema.parse(upgrade(JSON.parse(readFileSync(file, 'utf8'))));
    } catch (e) {
      const aside = `${file}.corrupt-${Date.now()}`;
      log.warn('settings file unreadable; set aside and starting with defaults', { aside, error: (e as Error).message });
      try {
        renameSync(file, aside);
      } catch {
        /* a read-only folder: defaults in memory still let the app run */
      }
      return SettingsSchema.parse({});
    }
  }

  return {
    get: (): Settings => current,
    update(patch: Partial<Settings>): Settings {
      current = SettingsSchema.parse({ ...current, ...patch });
      mkdirSync(dataDir, { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(current, null, 2), { mode: 0o600 });
      renameSync(tmp, file);
      return current;
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
