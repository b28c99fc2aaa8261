/**
 * Runs the tray model and the notification policy (src/main/desktop/) over
 * the app's state whenever it changes, and hands the results to whoever
 * shows them: Electron's tray and OS notifications, or the browser host's
 * page. The policy's memory is persisted, so nothing is told twice across
 * restarts.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationIntent, NotificationSettings, TrayModel } from '../../shared/desktop';
import { decideNotifications, parseMemory, type NotificationMemory } from '../desktop/notification-policy';
import { DEFAULT_NOTIFICATION_SETTINGS, pauseEnd, trayModel, type DesktopState } from '../desktop/tray-model';
import type { Logger } from '../log';
import type { Timers } from '../sync/engine';
import type { ActiveSession } from './session';

/** The most urgent items the shell looks at; beyond these, new low-priority work is counted, not listed. */
const ITEM_LIMIT = 5000;
const RECENT = 50;

export interface DesktopServiceDeps {
  dataDir: string;
  log: Logger;
  now: () => Date;
  timers: Timers;
  session: () => ActiveSession | null;
  accountKey: () => string | null;
  settings: () => NotificationSettings;
  onTray: (model: TrayModel) => void;
  onNotify: (intent: NotificationIntent) => void;
  /**
   * Changes whenever the cached assignments may have changed. While it stays
   * the same, updates reuse the items read last time: a sync's phase ticks
   * and the page's "seen" calls need no new read of thousands of rows. Absent:
   * every update reads them again.
   */
  dataVersion?: () => number;
}

/** Items read for one version are trusted this long at most (a change that forgot to bump the version heals). */
const ITEMS_MAX_AGE_MS = 30_000;

interface Persisted {
  memory: NotificationMemory | null;
  seen: number[];
  pausedUntil: string | null;
}

export function createDesktopService(deps: DesktopServiceDeps) {
  const file = join(deps.dataDir, 'desktop-state.json');
  const state: Persisted = load();
  const recent: NotificationIntent[] = [];
  let tray: TrayModel | null = null;
  let wake: unknown = null;
  let items: { session: ActiveSession; version: number; at: number; items: DesktopState['items'] } | null = null;
  let saved = '';
  /** While held (just after sign-in), updates wait: the window's first page goes first. */
  let hold: { timer: unknown; pending: boolean } | null = null;

  function load(): Persisted {
    try {
      if (!existsSync(file)) return { memory: null, seen: [], pausedUntil: null };
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Persisted>;
      return {
        memory: parseMemory(raw.memory),
        seen: Array.isArray(raw.seen) ? raw.seen.filter((n): n is number => Number.isInteger(n)) : [],
        pausedUntil: typeof raw.pausedUntil === 'string' ? raw.pausedUntil : null,
      };
    } catch (e) {
      deps.log.warn('notification memory unreadable; starting afresh', { error: (e as Error).message });
      return { memory: null, seen: [], pausedUntil: null };
    }
  }

  function save(): void {
    const json = JSON.stringify(state);
    if (json === saved) return;
    try {
      writeFileSync(`${file}.tmp`, json);
      renameSync(`${file}.tmp`, file);
      saved = json;
    } catch (e) {
      deps.log.warn('could not save the notification memory', { error: (e as Error).message });
    }
  }

  function itemsOf(s: ActiveSession): DesktopState['items'] {
    const version = deps.dataVersion?.();
    const at = deps.now().getTime();
    const fresh =
      items !== null &&
      version !== undefined &&
      items.session === s &&
      items.version === version &&
      at - items.at >= 0 &&
      at - items.at < ITEMS_MAX_AGE_MS;
    if (!fresh) items = { session: s, version: version ?? 0, at, items: s.cache.assignments.desktopItems(ITEM_LIMIT) };
    return items!.items;
  }

  function snapshot(known?: DesktopState['items']): DesktopState {
    const s = deps.session();
    const status = s?.engine.status();
    return {
      signedIn: s !== null,
      accountKey: deps.accountKey(),
      sync: status ?? { phase: 'signed_out', lastSyncAt: null, lastError: null, outboxPending: 0, outboxAttention: 0 },
      items: known ?? (s ? itemsOf(s) : []),
      knownAssignmentIds: state.seen,
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, ...deps.settings() },
      pausedUntil: state.pausedUntil,
    };
  }

  function update(): void {
    if (hold) {
      hold.pending = true;
      return;
    }
    const now = deps.now().getTime();
    const snap = snapshot();
    const result = decideNotifications(state.memory, snap, now);
    state.memory = result.memory;
    save();
    for (const intent of result.intents) {
      recent.unshift(intent);
      recent.length = Math.min(recent.length, RECENT);
      deps.onNotify(intent);
    }
    tray = trayModel(snap, now);
    deps.onTray(tray);
    if (wake !== null) deps.timers.clearTimeout(wake);
    wake = result.wakeAt === null ? null : deps.timers.setTimeout(update, Math.max(0, result.wakeAt - now));
  }

  /** The reviewer has looked at the queue: what it holds now is no longer "new work". */
  function seen(): void {
    // What was on screen is read now even while held: by the hold's end, new work may have arrived.
    state.seen = snapshot().items.map((i) => i.id);
    update();
  }

  return {
    update,
    /**
     * Only the sync's phase moved (a sync began): the tray follows from the
     * items read last, and notifications wait for the sync's end, which
     * updates everything anyway. Nothing read yet: nothing to redraw.
     */
    phaseChanged(): void {
      const s = deps.session();
      if (!s || !items || items.session !== s) return;
      const now = deps.now().getTime();
      tray = trayModel(snapshot(items.items), now);
      deps.onTray(tray);
    },
    /**
     * Holds updates for `ms` (after sign-in): reading thousands of cached rows
     * and running the policy takes a few hundred ms on a large cache, which
     * the window's first page should not wait behind. What was asked for
     * meanwhile runs once when the hold ends.
     */
    holdFor(ms: number): void {
      if (hold) deps.timers.clearTimeout(hold.timer);
      const pending = hold?.pending ?? false;
      hold = {
        pending,
        timer: deps.timers.setTimeout(() => {
          const asked = hold?.pending;
          hold = null;
          if (asked) update();
        }, ms),
      };
    },
    // While held and never drawn: the tray without the cache's items (a moment later the real one follows).
    tray: (): TrayModel => {
      if (tray) return tray;
      const known = items && items.session === deps.session() ? items.items : [];
      return trayModel(snapshot(hold ? known : undefined), deps.now().getTime());
    },
    recent: (): NotificationIntent[] => [...recent],
    seen,
    pause(until: 'hour' | 'tomorrow' | null): void {
      state.pausedUntil = until === null ? null : pauseEnd(until, deps.now());
      update();
    },
    dispose(): void {
      items = null;
      if (hold) deps.timers.clearTimeout(hold.timer);
      hold = null;
      if (wake !== null) deps.timers.clearTimeout(wake);
      wake = null;
    },
  };
}
export type DesktopService = ReturnType<typeof createDesktopService>;
