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
}

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
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      deps.log.warn('could not save the notification memory', { error: (e as Error).message });
    }
  }

  function snapshot(): DesktopState {
    const s = deps.session();
    const status = s?.engine.status();
    return {
      signedIn: s !== null,
      accountKey: deps.accountKey(),
      sync: status ?? { phase: 'signed_out', lastSyncAt: null, lastError: null, outboxPending: 0, outboxAttention: 0 },
      items: s ? s.cache.assignments.desktopItems(ITEM_LIMIT) : [],
      knownAssignmentIds: state.seen,
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, ...deps.settings() },
      pausedUntil: state.pausedUntil,
    };
  }

  function update(): void {
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

  return {
    update,
    tray: (): TrayModel => tray ?? trayModel(snapshot(), deps.now().getTime()),
    recent: (): NotificationIntent[] => [...recent],
    /** The reviewer has looked at the queue: what it holds now is no longer "new work". */
    seen(): void {
      state.seen = snapshot().items.map((i) => i.id);
      update();
    },
    pause(until: 'hour' | 'tomorrow' | null): void {
      state.pausedUntil = until === null ? null : pauseEnd(until, deps.now());
      update();
    },
    dispose(): void {
      if (wake !== null) deps.timers.clearTimeout(wake);
      wake = null;
    },
  };
}
export type DesktopService = ReturnType<typeof createDesktopService>;
