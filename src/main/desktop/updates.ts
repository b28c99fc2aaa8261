/**
 * Automatic updates, as decisions over plain data: where the feed is (or
 * why updates are off), what the updater's events mean, and when to ask the
 * reviewer to restart. `updater.ts` feeds electron-updater's events in and
 * shows the question; nothing here needs Electron.
 *
 * The feed is a "generic" electron-updater feed (a folder over HTTPS holding
 * `latest.yml`, `latest-mac.yml`, `latest-linux.yml` and the installers that
 * `electron-builder --publish` writes). It comes from configuration only:
 * the `REVIEWDESK_UPDATE_URL` environment variable, else `updateFeedUrl` in
 * settings.json (for managed installs). With neither, updates are off.
 * Downloads happen in the background; the restart is the reviewer's call
 * (declined: installed at the next quit anyway).
 */

export const UPDATE_FEED_ENV = 'REVIEWDESK_UPDATE_URL';
/** First check shortly after start (not during it), then every few hours. */
export const FIRST_CHECK_DELAY_MS = 60_000;
export const CHECK_INTERVAL_MS = 4 * 3600_000;
/** After "Later", ask again about the same version no sooner than this. */
export const ASK_AGAIN_AFTER_MS = 24 * 3600_000;

export type UpdateConfig =
  { enabled: true; feedUrl: string; source: 'environment' | 'settings' } | { enabled: false; reason: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where updates come from, or why they are off. Only https feeds (plain http
 * on loopback, for testing a feed locally); no credentials in the URL.
 */
export function updateConfig(input: {
  env: Readonly<Record<string, string | undefined>>;
  settingsUrl: string | null | undefined;
  isPackaged: boolean;
}): UpdateConfig {
  const fromEnv = input.env[UPDATE_FEED_ENV]?.trim();
  const fromSettings = input.settingsUrl?.trim();
  const raw = fromEnv || fromSettings;
  if (!raw) return { enabled: false, reason: 'no update feed is configured' };
  const source = fromEnv ? 'environment' : 'settings';
  if (!input.isPackaged) return { enabled: false, reason: 'updates apply to the installed app only' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { enabled: false, reason: `the update feed URL (from ${source}) is not a URL` };
  }
  if (u.username || u.password) return { enabled: false, reason: 'the update feed URL must not carry credentials' };
  const secure = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  if (!secure) return { enabled: false, reason: 'the update feed must be https' };
  // electron-updater appends file names to the feed: keep it a folder.
  const feedUrl = u.href.endsWith('/') ? u.href : `${u.href}/`;
  return { enabled: true, feedUrl, source };
}

/** `installing`: the reviewer chose "Restart now"; the app is quitting into the installer. */
export type UpdatePhase = 'idle' | 'checking' | 'downloading' | 'ready' | 'error' | 'installing';

export interface UpdateState {
  phase: UpdatePhase;
  /** The version on offer (downloading / ready). */
  version: string | null;
  percent: number;
  error: string | null;
  /** The reviewer said "Later" to this version at this time. */
  declined: { version: string; at: number } | null;
  /** A question is on screen: never two at once. */
  asking: boolean;
}

export const INITIAL_UPDATE_STATE: UpdateState = {
  phase: 'idle',
  version: null,
  percent: 0,
  error: null,
  declined: null,
  asking: false,
};

export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string }
  | { type: 'asking' }
  | { type: 'answer'; restart: boolean; at: number };

export function reduceUpdate(state: UpdateState, event: UpdateEvent): UpdateState {
  // Quitting into the installer: nothing the updater says now changes that.
  if (state.phase === 'installing') return state;
  switch (event.type) {
    case 'checking':
      // A downloaded update stays ready while a later check runs.
      return state.phase === 'ready' ? state : { ...state, phase: 'checking', error: null };
    case 'available':
      return { ...state, phase: 'downloading', version: event.version, percent: 0, error: null };
    case 'not-available':
      return state.phase === 'ready' ? state : { ...state, phase: 'idle', percent: 0 };
    case 'progress':
      return state.phase === 'ready'
        ? state
        : { ...state, phase: 'downloading', percent: Math.max(0, Math.min(100, Math.round(event.percent))) };
    case 'downloaded':
      return { ...state, phase: 'ready', version: event.version, percent: 100, error: null };
    case 'error':
      // An error checking again does not undo an update already downloaded.
      return state.phase === 'ready' ? { ...state, error: event.message } : { ...state, phase: 'error', error: event.message };
    case 'asking':
      return { ...state, asking: true };
    case 'answer':
      if (event.restart) return { ...state, asking: false, phase: 'installing' };
      return { ...state, asking: false, declined: state.version ? { version: state.version, at: event.at } : state.declined };
  }
}

/** Ask now? Only with an update ready, no question already open, and not soon after a "Later" for this version. */
export function shouldAskToRestart(state: UpdateState, now: number): boolean {
  if (state.phase !== 'ready' || !state.version || state.asking) return false;
  const d = state.declined;
  return !(d && d.version === state.version && now - d.at < ASK_AGAIN_AFTER_MS);
}

export interface RestartQuestion {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  /** Index of the button that restarts. */
  restartId: number;
  defaultId: number;
  cancelId: number;
}

/** What the dialog says. Unsent work is mentioned because it is safe: it is in the local cache and goes out after the restart. */
export function restartQuestion(version: string, unsent: number): RestartQuestion {
  const work =
    unsent > 0
      ? ` Your ${unsent} unsent ${unsent === 1 ? 'change is' : 'changes are'} kept on this computer and sent after the restart.`
      : '';
  return {
    type: 'question',
    title: 'Update ready',
    message: `Reviewdesk ${version} is ready to install`,
    detail: `Restart now to finish updating, or keep working: it installs the next time you quit Reviewdesk.${work}`,
    buttons: ['Restart now', 'Later'],
    restartId: 0,
    defaultId: 1,
    cancelId: 1,
  };
}
