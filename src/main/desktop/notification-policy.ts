/**
 * Which notifications to show, as a pure function:
 * `decideNotifications(memory, state, now)` → `{ intents, memory, wakeAt }`.
 *
 * Two sorts of event, and why they are treated differently:
 * - arrivals (new assignments) are news only when they happen: announced
 *   then if notifications are allowed, otherwise consumed (the tray still
 *   shows new work). Ordinary ones arriving close together wait a moment and
 *   go out as one notification; high/critical ones go out each on its own.
 * - conditions (due soon, overdue, a conflict or refused decision, sign-in
 *   expired) are true for a while: each is told once, the first time it is
 *   true while notifications are allowed. So a pause defers them rather than
 *   losing them, and "never twice" holds because the memory lists what fired.
 *
 * The memory is plain JSON; the caller persists it so none of this repeats
 * after a restart, and runs the policy again on every state change and at
 * `wakeAt` (due times, the end of a burst or a pause).
 */
import { z } from 'zod';
import type { NotificationIntent, NotificationKind, NotificationTarget } from '../../shared/desktop';

export type { NotificationIntent, NotificationKind, NotificationTarget };
import {
  byUrgency,
  dueLabel,
  dueMs,
  isActive,
  isUrgentPriority,
  needsAttention,
  pausedUntilMs,
  plainText,
  signInExpired,
  type DesktopItem,
  type DesktopState,
} from './tray-model';

const MemorySchema = z.object({
  version: z.literal(1),
  account: z.string().nullable(),
  /** A baseline is taken from the first completed sync: what was there already is not news. */
  baselined: z.boolean(),
  /** Assignment ids already announced or part of the baseline, oldest first. */
  known: z.array(z.number().int()),
  /** Keys of conditions already told, while they still matter. */
  fired: z.array(z.string()),
  /** Ordinary new assignments waiting to go out together. */
  burst: z.object({ ids: z.array(z.number().int()), since: z.number() }).nullable(),
});
export type NotificationMemory = z.infer<typeof MemorySchema>;

export const emptyMemory = (account: string | null = null): NotificationMemory => ({
  version: 1,
  account,
  baselined: false,
  known: [],
  fired: [],
  burst: null,
});

/** Reads persisted memory; anything unreadable gives null (a fresh baseline: no flood of "new" either way). */
export function parseMemory(raw: unknown): NotificationMemory | null {
  const r = MemorySchema.safeParse(raw);
  return r.success ? r.data : null;
}

export interface PolicyTuning {
  /** How long ordinary new assignments wait for others to join them. */
  burstWindowMs: number;
  /** The longest they wait while a sync is still bringing more. */
  burstMaxWaitMs: number;
  /** High/critical arrivals shown one by one, per step, before the rest are summed up. */
  maxUrgentSingles: number;
  /** More conditions of one kind than this in one step become one summary. */
  maxSingles: number;
  /** Caps on the memory, so it stays small however long the app runs. */
  maxKnown: number;
  maxFired: number;
}

export const DEFAULT_TUNING: PolicyTuning = {
  burstWindowMs: 2000,
  burstMaxWaitMs: 30_000,
  maxUrgentSingles: 5,
  maxSingles: 2,
  maxKnown: 5000,
  maxFired: 2000,
};

export interface PolicyResult {
  intents: NotificationIntent[];
  memory: NotificationMemory;
  /** When to run the policy (and re-render the tray) again even if nothing changes; null: no need. */
  wakeAt: number | null;
}

type Urgency = NotificationIntent['urgency'];
const make = (id: string, kind: NotificationKind, title: string, body: string, urgency: Urgency, target: NotificationTarget) =>
  ({ id, kind, title, body, urgency, target }) satisfies NotificationIntent;
const at = (i: DesktopItem): NotificationTarget => ({ kind: 'assignment', id: i.id });
const quote = (i: DesktopItem): string => `“${plainText(i.title, 80) || `Assignment ${i.id}`}”`;
const ATTENTION_TEXT: Record<'conflict' | 'parked', (q: string) => [string, string]> = {
  conflict: (q) => ['Decision not applied', `${q} changed on the server before your decision arrived. Review it again.`],
  parked: (q) => ['Decision refused', `The server refused your decision on ${q}. Open it to see why.`],
};
const titles = (items: DesktopItem[]): string =>
  items
    .slice(0, 3)
    .map((i) => plainText(i.title, 40))
    .join(', ') + (items.length > 3 ? '…' : '');

export function decideNotifications(
  previous: NotificationMemory | null,
  state: DesktopState,
  now: number,
  tuning: PolicyTuning = DEFAULT_TUNING,
): PolicyResult {
  const account = state.accountKey ?? null;
  let mem = previous ?? emptyMemory(account);
  // Another account's cache is another world: its assignments are not "new".
  if (account !== null && mem.account !== null && mem.account !== account) mem = emptyMemory(account);
  // Signed out (or not yet restored at startup): nothing to tell, and nothing to forget.
  if (!state.signedIn) return { intents: [], memory: mem, wakeAt: null };

  const { settings } = state;
  const paused = pausedUntilMs(state, now);
  const allowed = settings.enabled && paused === null;
  const seen = new Set(state.knownAssignmentIds);
  const known = new Set(mem.known);
  const fired = new Set(mem.fired);
  const active = state.items.filter(isActive);
  const byId = new Map(state.items.map((i) => [i.id, i]));
  const intents: NotificationIntent[] = [];

  // ---- arrivals
  const fresh = active.filter((i) => !known.has(i.id) && !seen.has(i.id)).sort(byUrgency);
  const knownList = [...mem.known, ...active.filter((i) => !known.has(i.id)).map((i) => i.id)];
  let baselined = mem.baselined;
  let burst = mem.burst;
  const announced = new Set<number>();
  if (!baselined) {
    // Until the first sync completes, everything in the cache is the baseline.
    if (state.sync.lastSyncAt !== null && state.sync.phase !== 'syncing') baselined = true;
  } else if (allowed) {
    const urgent = fresh.filter((i) => isUrgentPriority(i.priority));
    for (const i of urgent.slice(0, tuning.maxUrgentSingles)) {
      const due = dueMs(i);
      const critical = i.priority === 'critical';
      const body = plainText(i.title, 200) + (due === null ? '' : ` · ${dueLabel(due, now)}`);
      const title = critical ? 'Critical assignment' : 'High-priority assignment';
      intents.push(make(`new:${i.id}`, 'urgent-work', title, body, critical ? 'critical' : 'normal', at(i)));
    }
    const rest = urgent.slice(tuning.maxUrgentSingles);
    if (rest.length > 0) {
      const title = `${rest.length} more high-priority assignments`;
      intents.push(make(`new-urgent:${now}`, 'urgent-work', title, titles(rest), 'normal', { kind: 'queue', filter: 'new' }));
    }
    const ordinary = settings.highPriorityOnly ? [] : fresh.filter((i) => !isUrgentPriority(i.priority));
    if (ordinary.length > 0) burst = { ids: [...(burst?.ids ?? []), ...ordinary.map((i) => i.id)], since: burst?.since ?? now };
    for (const i of fresh) announced.add(i.id);
  }

  if (burst) {
    const ripe =
      now >= burst.since + tuning.burstWindowMs && (state.sync.phase !== 'syncing' || now >= burst.since + tuning.burstMaxWaitMs);
    if (!allowed || settings.highPriorityOnly) burst = null;
    else if (ripe) {
      // Whatever the reviewer has looked at (or finished) meanwhile is no longer news.
      const items = burst.ids
        .map((id) => byId.get(id))
        .filter((i): i is DesktopItem => !!i && isActive(i) && !seen.has(i.id))
        .sort(byUrgency);
      const [first] = items;
      if (items.length === 1 && first) {
        intents.push(make(`new:${first.id}`, 'new-work', 'New assignment', plainText(first.title, 200), 'low', at(first)));
      } else if (items.length > 1) {
        const title = `${items.length} new assignments`;
        intents.push(make(`new-burst:${burst.since}`, 'new-work', title, titles(items), 'low', { kind: 'queue', filter: 'new' }));
      }
      burst = null;
    }
  }

  // ---- conditions
  const dueSoon: DesktopItem[] = [];
  const overdue: DesktopItem[] = [];
  const attention: DesktopItem[] = [];
  const lead = Math.max(0, settings.dueSoonLeadMinutes) * 60_000;
  const fire = (key: string): boolean => (fired.has(key) ? false : (fired.add(key), true));
  // During the first sync the cache fills page by page: wait for all of it, then sum up once.
  const told = allowed && baselined;
  for (const i of active) {
    const due = dueMs(i);
    if (due === null || i.localState !== 'none') continue;
    if (settings.highPriorityOnly && !isUrgentPriority(i.priority)) continue;
    const isOverdue = now >= due;
    if (!isOverdue && (lead === 0 || now < due - lead)) continue;
    const key = `${isOverdue ? 'overdue' : 'due'}:${i.id}:${i.dueAt}`;
    // A just-announced arrival's notification already covers its due date.
    if (announced.has(i.id)) {
      fired.add(key);
      continue;
    }
    if (told && fire(key)) (isOverdue ? overdue : dueSoon).push(i);
  }
  for (const i of state.items) {
    if (needsAttention(i.localState) && told && fire(`${i.localState}:${i.id}`)) attention.push(i);
  }
  const expired = signInExpired(state);
  if (expired && allowed && fire('sign-in-expired')) {
    const body = 'The server no longer accepts your sign-in. Your unsent work is kept on this computer.';
    intents.push(make(`sign-in-expired:${now}`, 'sign-in-expired', 'Sign in again', body, 'critical', { kind: 'sign-in' }));
  }
  const title = (i: DesktopItem): string => dueLabel(dueMs(i)!, now).replace(/^due/, 'Due');
  const body = (i: DesktopItem): string => plainText(i.title, 200);
  group(intents, dueSoon, tuning, now, (i) => make(`due:${i.id}:${i.dueAt}`, 'due-soon', title(i), body(i), 'normal', at(i)));
  group(intents, overdue, tuning, now, (i) => make(`overdue:${i.id}:${i.dueAt}`, 'overdue', 'Overdue', body(i), 'normal', at(i)));
  group(intents, attention, tuning, now, (i) => {
    const [head, text] = ATTENTION_TEXT[i.localState as 'conflict' | 'parked'](quote(i));
    return make(`${i.localState}:${i.id}:${now}`, 'attention', head, text, 'normal', at(i));
  });

  // ---- forget conditions that ended, so a new conflict or due date is told again
  for (const key of [...fired]) {
    const [kind, idText, ...rest] = key.split(':');
    if (kind === 'sign-in-expired') {
      if (!expired) fired.delete(key);
      continue;
    }
    const item = byId.get(Number(idText));
    // An item missing from this state may be a transient gap: keep its keys (the cap bounds them).
    if (!item) continue;
    const over = (kind === 'due' || kind === 'overdue') && (!isActive(item) || rest.join(':') !== String(item.dueAt));
    const settled = (kind === 'conflict' || kind === 'parked') && item.localState !== kind;
    if (over || settled) fired.delete(key);
  }

  const memory: NotificationMemory = {
    version: 1,
    account: account ?? mem.account,
    baselined,
    known: knownList.slice(-tuning.maxKnown),
    fired: [...fired].slice(-tuning.maxFired),
    burst,
  };
  return { intents, memory, wakeAt: nextWake(active, burst, paused, lead, now, tuning) };
}

/** Singles up to `maxSingles`, one summary beyond: ten overdue items are one notification, not ten. */
function group(
  out: NotificationIntent[],
  items: DesktopItem[],
  tuning: PolicyTuning,
  now: number,
  single: (i: DesktopItem) => NotificationIntent,
): void {
  if (items.length === 0) return;
  if (items.length <= tuning.maxSingles) {
    for (const i of items) out.push(single(i));
    return;
  }
  const kind = single(items[0]!).kind;
  const n = items.length;
  const title =
    { 'due-soon': `${n} assignments due soon`, overdue: `${n} assignments overdue` }[kind as string] ??
    `${n} decisions need your attention`;
  const target: NotificationTarget = { kind: 'queue', filter: kind === 'attention' ? 'attention' : 'due' };
  out.push(make(`${kind}-summary:${now}`, kind, title, titles([...items].sort(byUrgency)), 'normal', target));
}

function nextWake(
  active: DesktopItem[],
  burst: NotificationMemory['burst'],
  paused: number | null,
  lead: number,
  now: number,
  tuning: PolicyTuning,
): number | null {
  let next = Infinity;
  const consider = (t: number): void => {
    if (t > now && t < next) next = t;
  };
  // A ripe burst held back by a running sync goes out when the sync ends (a state change) or at the cap.
  if (burst) {
    consider(burst.since + tuning.burstWindowMs);
    consider(burst.since + tuning.burstMaxWaitMs);
  }
  if (paused !== null) consider(paused);
  for (const i of active) {
    const due = dueMs(i);
    if (due === null || i.localState !== 'none') continue;
    if (lead > 0) consider(due - lead);
    consider(due);
  }
  return Number.isFinite(next) ? next : null;
}
