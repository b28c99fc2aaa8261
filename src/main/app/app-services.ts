/**
 * Everything the app does, without Electron: settings, secrets, the session
 * with its cache and sync engine, and the IPC handler table. The Electron
 * main process and the browser host both build this and only differ in how
 * they carry calls and events.
 */
import { mkdirSync } from 'node:fs';
import type { Events, EventName } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { SecretStore } from '../desktop/secret-store';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log';
import type { FetchFn } from '../backend/http-client';
import type { Timers } from '../sync/engine';
import { submitDecision } from './decisions.service';
import { createSessionService, type ActiveSession, type StartDemoServer } from './session';
import { createSettingsStore } from './settings';

export interface AppServicesDeps {
  dataDir: string;
  secrets: SecretStore;
  log: Logger;
  startDemoServer: StartDemoServer;
  fetch?: FetchFn;
  now?: () => Date;
  timers?: Timers;
  demoSeed?: number;
}

export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

export function createAppServices(deps: AppServicesDeps) {
  mkdirSync(deps.dataDir, { recursive: true });
  const now = deps.now ?? (() => new Date());
  const settings = createSettingsStore(deps.dataDir, deps.log);
  const sinks = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const s of sinks) s(event, payload);
  };
  let unsubscribe: (() => void) | null = null;

  const session = createSessionService({ ...deps, settings }, (s) => {
    unsubscribe?.();
    unsubscribe = null;
    if (s) {
      unsubscribe = s.engine.onStatus((status, changed) => {
        emit('sync:status', status);
        if (changed) emit('queue:changed', { reason: 'pull' });
      });
    }
    emit('queue:changed', { reason: 'session' });
  });

  const need = (): ActiveSession => {
    const s = session.active();
    if (!s) throw new AppFailure('unauthorized', 'Sign in first.');
    return s;
  };

  const handlers: Handlers = {
    'session:get': () => session.state(),
    'session:connect': (i) => session.connect(i.url, i.token),
    'session:startDemo': () => session.startDemo(),
    'session:signOut': () => session.signOut(),
    'queue:list': (q) => need().cache.assignments.list(q),
    'assignment:get': ({ id }) => {
      const s = need();
      const cached = s.cache.assignments.get(id);
      if (!cached) throw new AppFailure('not_found', 'This assignment is no longer in your queue.');
      return {
        assignment: cached.assignment,
        form: s.cache.forms.get(cached.assignment.form),
        decision: s.cache.decisions.latestFor(id),
      };
    },
    'decision:submit': (input) => {
      const result = submitDecision(need(), input, now);
      emit('queue:changed', { reason: 'decision' });
      return result;
    },
    'sync:status': () => {
      const s = session.active();
      return s ? s.engine.status() : signedOutStatus();
    },
    'sync:now': () => need().engine.syncNow(),
    'stats:get': () => need().backend.statistics(),
  };

  return {
    handlers,
    session,
    settings,
    /** Subscribes a host to main-to-renderer events. */
    subscribe(sink: EventSink): () => void {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    async dispose(): Promise<void> {
      unsubscribe?.();
      await session.dispose();
    },
  };
}
export type AppServices = ReturnType<typeof createAppServices>;

const signedOutStatus = () => ({
  phase: 'signed_out' as const,
  lastSyncAt: null,
  lastError: null,
  outboxPending: 0,
  outboxAttention: 0,
  cachedAssignments: 0,
  pulled: 0,
});
