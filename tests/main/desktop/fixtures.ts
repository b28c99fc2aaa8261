/** Builders for desktop states, and a runner that persists the policy memory as JSON between steps like the app does. */
import {
  decideNotifications,
  parseMemory,
  type NotificationMemory,
  type PolicyResult,
} from '../../../src/main/desktop/notification-policy';
import { DEFAULT_NOTIFICATION_SETTINGS, type DesktopItem, type DesktopState } from '../../../src/main/desktop/tray-model';

export const T0 = Date.parse('2030-03-04T09:00:00.000Z');
export const MIN = 60_000;
export const iso = (t: number): string => new Date(t).toISOString();

export const item = (id: number, over: Partial<DesktopItem> = {}): DesktopItem => ({
  id,
  title: `Assignment ${id}`,
  priority: 'medium',
  status: 'pending',
  dueAt: null,
  localState: 'none',
  ...over,
});

export function state(items: DesktopItem[], over: Partial<DesktopState> = {}): DesktopState {
  return {
    signedIn: true,
    accountKey: 'acct-1',
    sync: { phase: 'idle', lastSyncAt: iso(T0 - MIN), lastError: null, outboxPending: 0, outboxAttention: 0 },
    items,
    knownAssignmentIds: [],
    settings: { ...DEFAULT_NOTIFICATION_SETTINGS },
    pausedUntil: null,
    ...over,
  };
}

/** Steps the policy, carrying its memory through JSON (what a restart would read back). */
export function policyRunner(start: NotificationMemory | null = null) {
  let memory = start;
  const run = (s: DesktopState, now: number): PolicyResult => {
    const r = decideNotifications(memory, s, now);
    memory = parseMemory(JSON.parse(JSON.stringify(r.memory)));
    if (!memory) throw new Error('memory did not survive JSON');
    return r;
  };
  return { run, memory: () => memory };
}

/** A runner whose first state is already baselined on `items`, so later steps see only what changes. */
export function baselined(items: DesktopItem[], now = T0) {
  const r = policyRunner();
  r.run(state(items), now);
  return r;
}
