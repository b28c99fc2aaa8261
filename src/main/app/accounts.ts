/**
 * The accounts known on this machine: one active at a time, each with its
 * own cache file (cache/<key>.db), its own offline files and its own token
 * in the secret store. Pure bookkeeping over the settings store; opening and
 * closing sessions is session.ts's job.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackendConfig } from '../../shared/backends';
import type { Account, AccountEntry } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { SecretStore } from '../desktop/secret-store';
import type { Logger } from '../log';
import type { SettingsStore, StoredAccount } from './settings';

export const DEMO_KEY = 'demo';
export const tokenKey = (cacheKey: string) => `token:${cacheKey}`;
export const cacheFileOf = (dataDir: string, cacheKey: string) => join(dataDir, 'cache', `${cacheKey}.db`);
export const filesDirOf = (dataDir: string, cacheKey: string) => join(dataDir, 'files', cacheKey);

/**
 * One key per user on one backend. Native accounts keep the key they had
 * before other backend types existed, so their caches are found again.
 */
export function accountKeyFor(config: BackendConfig, baseUrl: string, userId: number): string {
  const seed = config.type === 'native' ? `${baseUrl}\n${userId}` : `${config.type}\n${baseUrl}\n${userId}`;
  return createHash('sha256').update(seed).digest('hex').slice(0, 16);
}

export function toAccount(stored: StoredAccount): Account {
  const { cacheKey, backend, ...rest } = stored;
  return { ...rest, key: cacheKey, backend: backend.type };
}

export function createAccountBook(deps: { dataDir: string; settings: SettingsStore; secrets: SecretStore; log: Logger }) {
  const { settings } = deps;
  const find = (key: string) => settings.get().accounts.find((a) => a.cacheKey === key) ?? null;

  return {
    find,
    active: (): StoredAccount | null => {
      const s = settings.get();
      return s.accounts.find((a) => a.cacheKey === s.activeAccount) ?? null;
    },

    /** Adds the account (or refreshes its names and settings) and makes it the active one. */
    putActive(stored: StoredAccount): void {
      const others = settings.get().accounts.filter((a) => a.cacheKey !== stored.cacheKey);
      settings.update({ accounts: [...others, stored], activeAccount: stored.cacheKey });
    },

    setActive(key: string | null): void {
      settings.update({ activeAccount: key });
    },

    entries(): AccountEntry[] {
      const s = settings.get();
      return s.accounts.map((a) => ({
        ...toAccount(a),
        active: a.cacheKey === s.activeAccount,
        hasToken: a.demo || deps.secrets.get(tokenKey(a.cacheKey)) !== null,
        config: a.backend,
      }));
    },

    /**
     * Forgets an account that is not in use: its token, its cache and its
     * files. Refused while its cache holds work the server has not heard of.
     */
    remove(key: string): void {
      const stored = find(key);
      if (!stored) throw new AppFailure('not_found', 'This account is not on this computer any more.');
      if (settings.get().activeAccount === key)
        throw new AppFailure('validation', 'This account is in use. Switch to another account or sign out first.');
      const file = cacheFileOf(deps.dataDir, key);
      const unsent = unsentWork(file);
      if (unsent === null)
        throw new AppFailure('db_corrupt', 'Could not check this account’s cache for unsent work, so it was kept.');
      if (unsent > 0)
        throw new AppFailure(
          'validation',
          `${stored.displayName} on ${new URL(stored.baseUrl).host} has ${unsent} change${unsent === 1 ? '' : 's'} not sent yet. Sign in to it and let them send first.`,
        );
      deps.secrets.delete(tokenKey(key));
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      rmSync(filesDirOf(deps.dataDir, key), { recursive: true, force: true });
      settings.update({ accounts: settings.get().accounts.filter((a) => a.cacheKey !== key) });
      deps.log.info('removed an account from this computer', { key });
    },
  };
}
export type AccountBook = ReturnType<typeof createAccountBook>;

/** Outbox rows in a cache file that is not open; 0 when there is no file, null when it cannot be read. */
function unsentWork(file: string): number | null {
  if (!existsSync(file)) return 0;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const hasOutbox = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get();
    return hasOutbox ? (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n : 0;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
