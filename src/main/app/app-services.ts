/**
 * Everything the app does, without Electron: settings, secrets, the session
 * with its cache and sync engine, and the IPC handler table. The Electron
 * main process and the browser host both build this and only differ in how
 * they carry calls and events.
 */
import { mkdirSync } from 'node:fs';
import type { Events, EventName, SyncStatus } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { Handlers } from '../ipc/dispatch';
import { realTimers } from '../sync/engine';
import { createDesktopService } from './desktop.service';
import { createQueueFacets } from './queue-facets.service';
import { localStats } from './stats.service';
import { discardRefused, resendParked, resubmitConflict } from './conflicts.service';
import { submitDecision, undoDecision } from './decisions.service';
import { listOutbox, releaseAssignment, setTags } from './outbox.service';
import { createSessionService, type ActiveSession, type SessionDeps } from './session';
import { createSettingsStore } from './settings';
import { listTags } from './tags.service';
import { cacheNotice, changeSettings, currentSettings, discardDraft, exportAudit, readFile, saveDraft } from './local.service';
import { applyHostSettings, hostSettings, openLogsFolder, type HostCapabilities } from './host-capabilities';

/** What the session needs (session.ts; the settings store is made here), plus what only the hosts add. */
export interface AppServicesDeps extends Omit<SessionDeps, 'settings'> {
  /**
   * After sign-in, tray and notifications wait this long before they first
   * read the cache (a few hundred ms on 100,000 assignments), so the window's
   * first page is not answered after them. The hosts pass ~2 s; default 0.
   */
  desktopHoldMs?: number;
  /** Log files, start at login: what only the Electron host can do (the browser host passes none). */
  host?: HostCapabilities;
}

export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

export function createAppServices(deps: AppServicesDeps) {
  mkdirSync(deps.dataDir, { recursive: true });
  const now = deps.now ?? (() => new Date());
  const settings = createSettingsStore(deps.dataDir, deps.log);
  const sinks = new Set<EventSink>();
  /** Bumped with every `queue:changed`: what was read or counted from the cache before is stale. */
  let dataVersion = 0;
  const emit: EventSink = (event, payload) => {
    if (event === 'queue:changed') dataVersion++;
    for (const s of sinks) s(event, payload);
  };
  let unsubscribe: (() => void) | null = null;
  /** The page's last word on the network, handed to each new session's engine before it starts. */
  let hostOnline = true;

  const desktop = createDesktopService({
    dataDir: deps.dataDir,
    log: deps.log,
    now,
    timers: deps.timers ?? realTimers,
    session: () => session.active(),
    accountKey: () => settings.get().activeAccount,
    settings: () => settings.get().notifications,
    onTray: (model) => emit('desktop:tray', model),
    onNotify: (intent) => emit('desktop:notify', intent),
    dataVersion: () => dataVersion,
  });

  const facets = createQueueFacets({ now, dataVersion: () => dataVersion });

  const session = createSessionService({ ...deps, settings }, (s) => {
    unsubscribe?.();
    unsubscribe = null;
    if (s) {
      s.engine.setOnline(hostOnline);
      let lastPhase = s.engine.status().phase;
      const offStatus = s.engine.onStatus((status, changed) => {
        emit('sync:status', status);
        if (changed) emit('queue:changed', { reason: 'pull' });
        // Tray and notifications follow real changes, not every progress tick of a long pull: an update
        // reads thousands of cached rows (~100 ms on 100,000), and the end of the sync brings one anyway.
        // A sync beginning only turns the tray's icon.
        const moved = status.phase !== lastPhase;
        if (moved && status.phase === 'syncing') desktop.phaseChanged();
        else if (moved || (changed && status.phase !== 'syncing')) desktop.update();
        lastPhase = status.phase;
      });
      const offRefused = s.engine.on('refused', (r) => emit('outbox:refused', r));
      unsubscribe = () => {
        offStatus();
        offRefused();
      };
    }
    facets.clear();
    emit('queue:changed', { reason: 'session' });
    // Signed in, the first sync's end brings the first full update (reading the cache now would hold up
    // the window's first page); signed out, the tray says so at once.
    if (s && deps.desktopHoldMs) desktop.holdFor(deps.desktopHoldMs);
    if (s) desktop.phaseChanged();
    else desktop.update();
  });

  const need = (): ActiveSession => {
    const s = session.active();
    if (!s) throw new AppFailure('unauthorized', 'Sign in first.');
    return s;
  };

  /** Runs a local write and tells the renderer the queue changed. */
  const changing = async <T>(reason: 'decision' | 'outbox', fn: () => T | Promise<T>): Promise<T> => {
    const result = await fn();
    emit('queue:changed', { reason });
    return result;
  };

  /** The OS or the page says the network came or went. */
  function setOnline(online: boolean): SyncStatus {
    hostOnline = online;
    const s = session.active();
    return s ? s.engine.setOnline(online) : signedOutStatus();
  }

  /** Main's settings plus what only this host can do (start at login, the logs folder). */
  const allSettings = () => ({
    ...currentSettings(settings, session.active(), deps.secrets),
    ...hostSettings(deps.host, deps.log),
  });

  const handlers: Handlers = {
    'session:get': () => session.state(),
    'session:connect': (i) => session.connect(i.url, i.token, i.backend),
    'session:startDemo': () => session.startDemo(),
    'session:signOut': () => session.signOut(),
    'session:switch': (i) => session.switchTo(i.key, i.token),
    'accounts:list': () => session.accounts(),
    'accounts:remove': (i) => session.removeAccount(i.key),
    'queue:list': (q) => need().cache.assignments.list(q),
    'queue:facets': (q) => facets.get(need(), q),
    'assignment:get': ({ id }) => {
      const s = need();
      const cached = s.cache.assignments.get(id);
      if (!cached) throw new AppFailure('not_found', 'This assignment is no longer in your queue.');
      // The assignment on screen keeps its files through any eviction.
      s.files?.setOpen(cached.assignment);
      return {
        assignment: cached.assignment,
        form: s.cache.forms.get(cached.assignment.form),
        decision: s.cache.decisions.latestFor(id),
        draft: s.cache.drafts.get(id),
      };
    },
    'decision:submit': (input) => changing('decision', () => submitDecision(need(), input, now)),
    'sync:status': () => {
      const s = session.active();
      return s ? s.engine.status() : signedOutStatus();
    },
    'sync:now': () => need().engine.syncNow(),
    'stats:get': () => need().backend.statistics(),
    'stats:local': () => localStats(need(), now()),
    'tags:list': (i) => listTags(need(), i?.refresh ?? false, now, deps.log),
    'tags:set': (i) => changing('outbox', () => setTags(need(), i, now)),
    'assignment:release': ({ id }) => changing('outbox', () => releaseAssignment(need(), id, now)),
    'outbox:list': (i) => listOutbox(need(), i),
    'conflict:resubmit': (i) => changing('decision', () => resubmitConflict(need(), i, now)),
    'conflict:discard': ({ decisionId }) => changing('decision', () => discardRefused(need(), decisionId, now)),
    'decision:resend': (i) => changing('decision', () => resendParked(need(), i, now)),
    'connectivity:set': ({ online }) => setOnline(online),
    'draft:save': (i) => saveDraft(need(), i, now),
    'draft:discard': ({ assignmentId }) => discardDraft(need(), assignmentId),
    'file:read': ({ url }) => readFile(need(), url),
    'settings:get': () => allSettings(),
    'settings:set': ({ startAtLogin, ...patch }) => {
      applyHostSettings(deps.host, { startAtLogin }, deps.log);
      changeSettings(settings, session.active(), patch);
      if (patch.notifications) desktop.update();
      return allSettings();
    },
    'app:openLogsFolder': () => openLogsFolder(deps.host),
    'audit:export': ({ format }) => exportAudit(need(), format, now),
    'decision:undo': ({ decisionId }) => changing('decision', () => undoDecision(need(), decisionId, now)),
    'cache:notice': () => cacheNotice(session.active()),
    'desktop:tray': () => desktop.tray(),
    'desktop:notifications': () => desktop.recent(),
    'desktop:seen': () => {
      desktop.seen();
      return desktop.tray();
    },
    'desktop:pause': ({ until }) => {
      desktop.pause(until);
      return desktop.tray();
    },
    'cache:dismissNotice': () => {
      const s = session.active();
      if (s) s.recovery = null;
      return null;
    },
  };

  return {
    handlers,
    session,
    settings,
    setOnline,
    /** The machine woke up (Electron's powerMonitor 'resume'): check the network and catch up. */
    resumed(online: boolean): void {
      setOnline(online);
      const s = session.active();
      if (s && online) void s.engine.syncNow();
    },
    desktop,
    /** Asks the page to open an assignment (notification click, tray menu, reviewdesk:// link). */
    openAssignment(id: number): void {
      emit('app:openAssignment', { id });
    },
    /** Subscribes a host to main-to-renderer events. */
    subscribe(sink: EventSink): () => void {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    async dispose(): Promise<void> {
      unsubscribe?.();
      desktop.dispose();
      await session.dispose();
    },
  };
}
export type AppServices = ReturnType<typeof createAppServices>;

const signedOutStatus = (): SyncStatus => ({
  phase: 'signed_out',
  lastSyncAt: null,
  lastError: null,
  outboxPending: 0,
  outboxAttention: 0,
  cachedAssignments: 0,
  pulled: 0,
});
