/**
 * Signing in, out and between accounts: checks a server and token (who does
 * the backend say this token is), opens the active account's own cache file
 * with the adapter its backend type calls for, starts its sync engine, and
 * runs the embedded demo backend when the reviewer chose "Try the demo".
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NATIVE_BACKEND, type BackendConfig } from '../../shared/backends';
import type { Account, AccountEntry, SessionState } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { BackendAdapter } from '../backend/adapter';
import { createBackend } from '../backend/create-backend';
import { credentialHeaders } from '../backend/credentials';
import type { FetchFn } from '../backend/http-client';
import { openCacheFile, type CacheRecovery } from '../db/open-cache';
import { quickCheckInBackground } from '../db/integrity-check';
import { createFileCache, type FileCache } from '../sync/file-cache';
import type { SecretStore } from '../desktop/secret-store';
import type { Logger } from '../log';
import { createCache, type Cache } from '../sync/cache';
import { createSyncEngine, realTimers, type SyncEngine, type Timers } from '../sync/engine';
import { accountKeyFor, cacheFileOf, createAccountBook, DEMO_KEY, filesDirOf, toAccount, tokenKey } from './accounts';
import { checkConnection } from './connection-check';
import type { SettingsStore, StoredAccount } from './settings';

export interface DemoServer {
  baseUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}
export type StartDemoServer = (opts: { db: string; port: number; seed: number }) => Promise<DemoServer>;

export interface SessionDeps {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  log: Logger;
  startDemoServer: StartDemoServer;
  fetch?: FetchFn;
  now?: () => Date;
  timers?: Timers;
  demoSeed?: number;
  /** The OS's view of the network (Electron: net.isOnline); the engine believes it about "offline". */
  isOnline?: () => boolean;
  /** Follow the server's event stream (default true). */
  syncStream?: boolean;
  /**
   * At start-up (restore), how long the first sync and the background
   * integrity check wait (the check waits twice as long), so the window's
   * first queue page is read from the cache before either competes for the
   * disk and the CPU. Signing in never waits: the queue comes from that sync.
   */
  startDelayMs?: number;
}

export interface ActiveSession {
  account: Account;
  cache: Cache;
  engine: SyncEngine;
  backend: BackendAdapter;
  /** The offline file cache (absent in tests that build a session by hand). */
  files?: FileCache;
  /** Set when the cache file was found damaged at sign-in and rebuilt; cleared once the reviewer has seen it. */
  recovery?: CacheRecovery | null;
  /** Stops the background integrity check, if one is running, and waits for its worker. */
  stopCheck?: () => Promise<void>;
  /** The offline file download under way, if any (awaited before the cache closes). */
  downloading?: Promise<unknown>;
  /** Cancels the delayed start of the sync and the integrity check (start-up only). */
  cancelStart?: () => void;
}

export function createSessionService(deps: SessionDeps, onActivated: (s: ActiveSession | null) => void) {
  let active: ActiveSession | null = null;
  let demo: DemoServer | null = null;
  const book = createAccountBook(deps);

  function state(): SessionState {
    return active ? { status: 'signed_in', account: active.account } : { status: 'signed_out' };
  }

  function activate(stored: StoredAccount, token: string, check: 'now' | 'later' = 'later', delayMs = 0): ActiveSession {
    const file = cacheFileOf(deps.dataDir, stored.cacheKey);
    mkdirSync(dirname(file), { recursive: true });
    const { db, recovery } = openCacheFile(file, deps.log, deps.now, check);
    const cache = createCache(db);
    const backend = createBackend(stored.backend, {
      baseUrl: stored.baseUrl,
      token,
      fetch: deps.fetch,
      log: deps.log,
      now: deps.now,
      lookup: (id) => cache.assignments.get(id)?.assignment ?? null,
    });
    const engine = createSyncEngine({
      cache,
      backend,
      log: deps.log,
      now: deps.now,
      timers: deps.timers,
      intervalMs: deps.settings.get().syncIntervalMs,
      isOnline: deps.isOnline,
      stream: deps.syncStream,
    });
    const account = toAccount(stored);
    if (!deps.settings.get().everSignedIn) deps.settings.update({ everSignedIn: true });
    const files = createFileCache({
      dir: filesDirOf(deps.dataDir, stored.cacheKey),
      repo: cache.files,
      log: deps.log,
      fetch: deps.fetch,
      now: deps.now,
      budgetBytes: deps.settings.get().fileBudgetBytes,
      auth: { origin: new URL(stored.baseUrl).origin, headers: credentialHeaders(stored.backend, token) },
    });
    active = { account, cache, engine, backend, files, recovery };
    downloadFilesAfterEachSync(active, deps.log);
    onActivated(active);
    const mine = active;
    if (delayMs <= 0) {
      engine.start();
      if (check === 'later') verifyInBackground(mine, stored, token, file);
      return mine;
    }
    const timers = deps.timers ?? realTimers;
    const startTimer = timers.setTimeout(() => engine.start(), delayMs);
    const checkTimer =
      check === 'later' ? timers.setTimeout(() => verifyInBackground(mine, stored, token, file), 2 * delayMs) : null;
    mine.cancelStart = () => {
      timers.clearTimeout(startTimer);
      if (checkTimer !== null) timers.clearTimeout(checkTimer);
    };
    return mine;
  }

  /**
   * The integrity check runs while the reviewer works. Should it fail, the
   * session is reopened with the check done at once, which sets the damaged
   * file aside and carries the reviewer's unsent work into a fresh cache
   * (anything recorded in the meantime included).
   */
  function verifyInBackground(mine: ActiveSession, stored: StoredAccount, token: string, file: string): void {
    const run = quickCheckInBackground(file);
    mine.stopCheck = run.stop;
    void run.result.then(async (result) => {
      if (result === 'ok' || result === 'cancelled' || active !== mine) return;
      deps.log.error('the background integrity check found the cache damaged', { result });
      await deactivate();
      activate(stored, token, 'now');
    });
  }

  async function deactivate(): Promise<void> {
    if (!active) return;
    const s = active;
    active = null;
    s.cancelStart?.();
    s.engine.stop();
    s.files?.stop();
    await Promise.all([s.engine.idle(), s.stopCheck?.(), s.downloading]);
    s.cache.db.close();
    onActivated(null);
  }

  return {
    state,
    active: () => active,

    /** Signs back in to the active account at start-up, without a network round trip. */
    async restore(): Promise<SessionState> {
      const stored = book.active();
      if (!stored) return state();
      if (stored.demo) {
        try {
          return await startDemo(deps.startDelayMs ?? 0);
        } catch (e) {
          deps.log.error('could not restart the demo backend', { error: (e as Error).message });
          return state();
        }
      }
      const token = deps.secrets.get(tokenKey(stored.cacheKey));
      if (token === null) {
        deps.log.warn('the active account has no readable token; sign in again');
        return state();
      }
      activate(stored, token, 'later', deps.startDelayMs ?? 0);
      return state();
    },

    /** Signs in to a server (a new account, or one known here with a fresh token) and makes it the active one. */
    async connect(url: string, token: string, config: BackendConfig = NATIVE_BACKEND): Promise<SessionState> {
      const { baseUrl, me } = await checkConnection(url, token, config, deps.fetch);
      await deactivate();
      const stored: StoredAccount = {
        baseUrl,
        userId: me.id,
        username: me.username,
        displayName: me.display_name || me.username,
        demo: false,
        cacheKey: accountKeyFor(config, baseUrl, me.id),
        backend: config,
      };
      deps.secrets.set(tokenKey(stored.cacheKey), token);
      book.putActive(stored);
      activate(stored, token);
      return state();
    },

    /**
     * Makes another known account the active one. Its token comes from the
     * secret store, or from the reviewer when the store has none (then it is
     * checked first, and must belong to the same user).
     */
    async switchTo(key: string, typedToken?: string): Promise<SessionState> {
      const stored = book.find(key);
      if (!stored) throw new AppFailure('not_found', 'This account is not on this computer any more.');
      if (active?.account.key === key) return state();
      if (stored.demo) return startDemo();
      let token = typedToken ?? deps.secrets.get(tokenKey(key));
      if (token === null)
        throw new AppFailure(
          'unauthorized',
          `Enter the token for ${stored.displayName} on ${new URL(stored.baseUrl).host} again.`,
        );
      if (typedToken !== undefined) {
        const { me } = await checkConnection(stored.baseUrl, typedToken, stored.backend, deps.fetch);
        if (me.id !== stored.userId)
          throw new AppFailure('unauthorized', `This token belongs to ${me.username}, not to ${stored.username}.`);
        deps.secrets.set(tokenKey(key), typedToken);
        token = typedToken;
      }
      await deactivate();
      await stopDemo();
      book.setActive(key);
      activate(stored, token);
      return state();
    },

    async startDemo(): Promise<SessionState> {
      return startDemo();
    },

    /** Signs out of the active account: its token is forgotten, its cache (and any unsent work) stays for next time. */
    async signOut(): Promise<SessionState> {
      const stored = book.active();
      await deactivate();
      if (stored) deps.secrets.delete(tokenKey(stored.cacheKey));
      book.setActive(null);
      await stopDemo();
      return state();
    },

    accounts: (): AccountEntry[] => book.entries(),

    removeAccount(key: string): AccountEntry[] {
      book.remove(key);
      return book.entries();
    },

    async dispose(): Promise<void> {
      await deactivate();
      await stopDemo();
    },
  };

  async function startDemo(delayMs = 0): Promise<SessionState> {
    if (!demo) {
      const dir = join(deps.dataDir, 'demo');
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'server.db');
      const seed = deps.demoSeed ?? 300;
      const preferred = deps.settings.get().demoPort ?? 0;
      try {
        demo = await deps.startDemoServer({ db, port: preferred, seed });
      } catch (e) {
        // The port we used last time is taken: any free one will do.
        if (preferred === 0) throw e;
        demo = await deps.startDemoServer({ db, port: 0, seed });
      }
      deps.settings.update({ demoPort: demo.port });
    }
    const { me } = await checkConnection(demo.baseUrl, demo.token, NATIVE_BACKEND, deps.fetch);
    await deactivate();
    const stored: StoredAccount = {
      baseUrl: demo.baseUrl,
      userId: me.id,
      username: me.username,
      displayName: me.display_name || me.username,
      demo: true,
      cacheKey: DEMO_KEY,
      backend: NATIVE_BACKEND,
    };
    book.putActive(stored);
    activate(stored, demo.token, 'later', delayMs);
    return state();
  }

  async function stopDemo(): Promise<void> {
    const d = demo;
    demo = null;
    if (d) await d.close();
  }
}
export type SessionService = ReturnType<typeof createSessionService>;

/**
 * After every finished sync, fetch the files of open assignments for offline
 * use, most urgent first, one run at a time, never holding up the sync itself.
 */
function downloadFilesAfterEachSync(s: ActiveSession, log: Logger): void {
  let running = false;
  let previous = s.engine.status().phase;
  s.engine.onStatus((status) => {
    const finished = previous === 'syncing' && status.phase === 'idle';
    previous = status.phase;
    if (!finished || running || !s.files) return;
    running = true;
    s.downloading = s.files
      .sync(s.cache.assignments.openWithFiles(500))
      .catch((e: unknown) => log.warn('offline file download stopped', { error: (e as Error).message }))
      .finally(() => (running = false));
  });
}
