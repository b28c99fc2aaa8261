/**
 * electron-updater, driven by the decisions in `updates.ts`: it checks the
 * configured generic feed a minute after start and every four hours,
 * downloads in the background, and asks the reviewer before restarting
 * (declined: the update installs at the next quit). The updater object and
 * the question come in as arguments, so this runs on Node with fakes; the
 * composition root passes electron-updater's `autoUpdater` and a dialog.
 */
import type { Logger } from '../log';
import {
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  INITIAL_UPDATE_STATE,
  reduceUpdate,
  restartQuestion,
  shouldAskToRestart,
  type RestartQuestion,
  type UpdateEvent,
  type UpdateState,
} from './updates';

/** What is used of electron-updater's `AppUpdater`. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

// Compile-time proof that electron-updater's object fits, without loading it here.
type AppUpdater = import('electron-updater').AppUpdater;
const _fits = (u: AppUpdater): UpdaterLike => u;
void _fits;

export interface UpdaterTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  setInterval(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  clearInterval(handle: unknown): void;
}

export interface UpdaterDeps {
  updater: UpdaterLike;
  feedUrl: string;
  log: Logger;
  /** Shows the question; resolves true for "Restart now". */
  ask(question: RestartQuestion): Promise<boolean>;
  /** Unsent changes, to tell the reviewer they are safe. */
  unsentCount(): number;
  /** Called right before quitAndInstall (e.g. so close-to-tray lets the window close). */
  beforeRestart(): void;
  now?: () => number;
  timers?: UpdaterTimers;
}

export interface RunningUpdater {
  /** "Check for Updates…": checks now; a ready update is offered again even after a recent "Later". Resolves to the state after the check. */
  checkNow(): Promise<UpdateState>;
  state(): UpdateState;
  stop(): void;
}

const realTimers: UpdaterTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export function startUpdater(deps: UpdaterDeps): RunningUpdater {
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const u = deps.updater;
  let state = INITIAL_UPDATE_STATE;
  let stopped = false;

  const apply = (event: UpdateEvent) => {
    state = reduceUpdate(state, event);
  };

  u.logger = {
    info: (m) => deps.log.info(`updater: ${String(m)}`),
    warn: (m) => deps.log.warn(`updater: ${String(m)}`),
    error: (m) => deps.log.error(`updater: ${String(m)}`),
  };
  u.autoDownload = true;
  // A declined restart still gets the update: at the next quit.
  u.autoInstallOnAppQuit = true;
  u.setFeedURL({ provider: 'generic', url: deps.feedUrl });

  async function maybeAsk(): Promise<void> {
    if (stopped || !shouldAskToRestart(state, now()) || !state.version) return;
    apply({ type: 'asking' });
    let restart = false;
    try {
      restart = await deps.ask(restartQuestion(state.version, deps.unsentCount()));
    } catch (e) {
      deps.log.warn('update question failed', { error: (e as Error).message });
    }
    apply({ type: 'answer', restart, at: now() });
    deps.log.info(restart ? 'restarting to install an update' : 'update postponed to the next quit', { version: state.version });
    if (restart && !stopped) {
      deps.beforeRestart();
      u.quitAndInstall(false, true);
    }
  }

  u.on('checking-for-update', () => apply({ type: 'checking' }));
  u.on('update-available', (info) => {
    apply({ type: 'available', version: info.version });
    deps.log.info('update available; downloading', { version: info.version });
  });
  u.on('update-not-available', () => apply({ type: 'not-available' }));
  u.on('download-progress', (p) => apply({ type: 'progress', percent: p.percent }));
  u.on('update-downloaded', (info) => {
    apply({ type: 'downloaded', version: info.version });
    void maybeAsk();
  });
  u.on('error', (e) => {
    apply({ type: 'error', message: e?.message ?? String(e) });
    // Expected offline, or when the feed is down: a warning, and the next check tries again.
    deps.log.warn('update check failed', { error: e?.message ?? String(e) });
  });

  async function check(): Promise<void> {
    if (stopped) return;
    try {
      await u.checkForUpdates();
    } catch (e) {
      apply({ type: 'error', message: (e as Error).message });
      deps.log.warn('update check failed', { error: (e as Error).message });
    }
    // A ready update the reviewer postponed a day ago is offered again after a periodic check.
    await maybeAsk();
  }

  const first = timers.setTimeout(() => void check(), FIRST_CHECK_DELAY_MS);
  const every = timers.setInterval(() => void check(), CHECK_INTERVAL_MS);
  deps.log.info('updates on', { feed: deps.feedUrl });

  return {
    async checkNow() {
      if (state.phase === 'ready' && state.declined) state = { ...state, declined: null };
      await check();
      return state;
    },
    state: () => state,
    stop() {
      stopped = true;
      timers.clearTimeout(first);
      timers.clearInterval(every);
    },
  };
}
