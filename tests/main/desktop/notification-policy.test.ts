import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, decideNotifications, emptyMemory, parseMemory } from '../../../src/main/desktop/notification-policy';
import { baselined, item, iso, MIN, policyRunner, state, T0 } from './fixtures';

const SEC = 1000;
const kinds = (r: { intents: { kind: string }[] }) => r.intents.map((i) => i.kind);

describe('notification policy: new work', () => {
  it('takes what the first sync brings as the baseline, then announces what comes after', () => {
    const p = policyRunner();
    const first = [item(1), item(2)];
    const syncing = { phase: 'syncing' as const, lastSyncAt: null, lastError: null, outboxPending: 0, outboxAttention: 0 };
    expect(p.run(state(first, { sync: syncing }), T0).intents).toEqual([]);
    expect(p.memory()?.baselined).toBe(false);
    const all = [...first, item(3), item(4)];
    expect(p.run(state(all), T0 + SEC).intents).toEqual([]);
    expect(p.memory()?.baselined).toBe(true);

    const later = p.run(state([...all, item(5, { title: 'Check the summary' })]), T0 + 10 * SEC);
    expect(later.intents).toEqual([]); // waits for a burst to gather
    expect(later.wakeAt).toBe(T0 + 10 * SEC + DEFAULT_TUNING.burstWindowMs);
    const out = p.run(state([...all, item(5, { title: 'Check the summary' })]), later.wakeAt!);
    expect(out.intents).toEqual([
      {
        id: 'new:5',
        kind: 'new-work',
        title: 'New assignment',
        body: 'Check the summary',
        urgency: 'low',
        target: { kind: 'assignment', id: 5 },
      },
    ]);
  });

  it('coalesces a burst arriving over several steps into one notification', () => {
    const p = baselined([item(1)]);
    const s1 = [item(1), item(2)];
    const s2 = [...s1, item(3), item(4)];
    expect(p.run(state(s1), T0 + 100).intents).toEqual([]);
    expect(p.run(state(s2), T0 + 900).intents).toEqual([]);
    const flush = p.run(state(s2), T0 + 100 + DEFAULT_TUNING.burstWindowMs);
    expect(flush.intents).toHaveLength(1);
    expect(flush.intents[0]).toMatchObject({
      kind: 'new-work',
      title: '3 new assignments',
      body: 'Assignment 2, Assignment 3, Assignment 4',
      target: { kind: 'queue', filter: 'new' },
    });
    // Nothing more for the same assignments, ever.
    expect(p.run(state(s2), T0 + 60 * SEC).intents).toEqual([]);
  });

  it('holds a burst while the sync is still pulling, up to a cap', () => {
    const p = baselined([]);
    const syncing = { phase: 'syncing' as const, lastSyncAt: iso(T0), lastError: null, outboxPending: 0, outboxAttention: 0 };
    p.run(state([item(1)], { sync: syncing }), T0);
    expect(p.run(state([item(1), item(2)], { sync: syncing }), T0 + 5 * SEC).intents).toEqual([]);
    const done = p.run(state([item(1), item(2), item(3)]), T0 + 6 * SEC);
    expect(done.intents.map((i) => i.title)).toEqual(['3 new assignments']);

    p.run(state([item(1), item(2), item(3), item(4)], { sync: syncing }), T0 + 100 * SEC);
    const capped = p.run(
      state([item(1), item(2), item(3), item(4)], { sync: syncing }),
      T0 + 100 * SEC + DEFAULT_TUNING.burstMaxWaitMs,
    );
    expect(capped.intents.map((i) => i.title)).toEqual(['New assignment']);
  });

  it('tells every high and critical assignment on its own, at once', () => {
    const p = baselined([item(1)]);
    const r = p.run(
      state([
        item(1),
        item(2, { priority: 'high', title: 'High one', dueAt: iso(T0 + 3 * 3600_000) }),
        item(3, { priority: 'critical', title: 'Critical one' }),
        item(4, { priority: 'low' }),
        item(5),
      ]),
      T0,
    );
    expect(r.intents.map((i) => [i.id, i.kind, i.title, i.urgency])).toEqual([
      ['new:3', 'urgent-work', 'Critical assignment', 'critical'],
      ['new:2', 'urgent-work', 'High-priority assignment', 'normal'],
    ]);
    expect(r.intents[1]!.body).toBe('High one · due in 3 h');
    const rest = p.run(
      state([item(1), item(2, { priority: 'high' }), item(3), item(4, { priority: 'low' }), item(5)]),
      T0 + 5 * SEC,
    );
    expect(rest.intents.map((i) => i.title)).toEqual(['2 new assignments']);
  });

  it('sums up a flood of urgent ones after the first few', () => {
    const p = baselined([]);
    const many = Array.from({ length: 8 }, (_, k) => item(k + 1, { priority: 'critical' }));
    const r = p.run(state(many), T0);
    expect(kinds(r)).toEqual(Array(DEFAULT_TUNING.maxUrgentSingles + 1).fill('urgent-work'));
    expect(r.intents.at(-1)!.title).toBe('3 more high-priority assignments');
  });

  it('drops from a burst what the reviewer already saw in the window', () => {
    const p = baselined([]);
    p.run(state([item(1), item(2)]), T0);
    const r = p.run(state([item(1), item(2)], { knownAssignmentIds: [1] }), T0 + 5 * SEC);
    expect(r.intents.map((i) => i.target)).toEqual([{ kind: 'assignment', id: 2 }]);
    // Assignments first seen in the window are never announced.
    expect(p.run(state([item(1), item(2), item(3)], { knownAssignmentIds: [1, 2, 3] }), T0 + 60 * SEC).intents).toEqual([]);
  });

  it('does not repeat itself after a restart with the persisted memory, nor flood when the memory is lost', () => {
    const p = baselined([item(1)]);
    p.run(state([item(1), item(2)]), T0);
    p.run(state([item(1), item(2)]), T0 + 5 * SEC);
    const persisted = JSON.stringify(p.memory());
    const restarted = policyRunner(parseMemory(JSON.parse(persisted)));
    expect(restarted.run(state([item(1), item(2)]), T0 + 3600_000).intents).toEqual([]);
    // A burst still pending at shutdown goes out after the restart, once.
    const q = baselined([]);
    q.run(state([item(7)]), T0);
    const again = policyRunner(parseMemory(JSON.parse(JSON.stringify(q.memory()))));
    expect(again.run(state([item(7)]), T0 + 3600_000).intents.map((i) => i.id)).toEqual(['new:7']);
    expect(again.run(state([item(7)]), T0 + 3601_000).intents).toEqual([]);

    const lost = policyRunner(parseMemory('{"not":"memory"}'));
    expect(lost.run(state([item(1), item(2), item(3)]), T0).intents).toEqual([]);
  });

  it('starts a new baseline for another account, and keeps its memory while signed out', () => {
    const p = baselined([item(1)]);
    const before = p.memory();
    expect(p.run(state([item(1), item(9)], { signedIn: false }), T0).intents).toEqual([]);
    expect(p.memory()).toEqual(before);
    expect(p.run(state([item(50), item(51)], { accountKey: 'acct-2' }), T0 + 10 * SEC).intents).toEqual([]);
    expect(p.run(state([item(50), item(51)], { accountKey: 'acct-2' }), T0 + 20 * SEC).intents).toEqual([]);
    expect(p.memory()?.account).toBe('acct-2');
  });
});

describe('notification policy: settings and pause', () => {
  it('says nothing when notifications are off, and consumes what arrived meanwhile', () => {
    const p = baselined([]);
    const off = { enabled: false, highPriorityOnly: false, dueSoonLeadMinutes: 60 };
    expect(p.run(state([item(1, { priority: 'critical' }), item(2)], { settings: off }), T0).intents).toEqual([]);
    expect(p.run(state([item(1, { priority: 'critical' }), item(2)]), T0 + 10 * SEC).intents).toEqual([]);
  });

  it('only tells high-priority work when asked to', () => {
    const p = baselined([]);
    const settings = { enabled: true, highPriorityOnly: true, dueSoonLeadMinutes: 60 };
    const items = [item(1, { priority: 'high' }), item(2, { dueAt: iso(T0 - MIN) }), item(3, { priority: 'low' })];
    expect(p.run(state(items, { settings }), T0).intents.map((i) => i.id)).toEqual(['new:1']);
    expect(p.run(state(items, { settings }), T0 + 10 * SEC).intents).toEqual([]);
  });

  it('defers conditions until the pause ends but forgets arrivals', () => {
    const pausedUntil = iso(T0 + 3600_000);
    const p = baselined([item(1, { dueAt: iso(T0 + 30 * MIN) })]);
    const items = [item(1, { dueAt: iso(T0 + 30 * MIN) }), item(2, { priority: 'critical' })];
    const during = p.run(state(items, { pausedUntil }), T0 + MIN);
    expect(during.intents).toEqual([]);
    expect(during.wakeAt).toBe(T0 + 30 * MIN);
    expect(p.run(state(items, { pausedUntil }), T0 + 40 * MIN).intents).toEqual([]);
    const after = p.run(state(items, { pausedUntil }), T0 + 3600_000);
    expect(after.intents.map((i) => i.id)).toEqual([`overdue:1:${iso(T0 + 30 * MIN)}`]);
  });
});

describe('notification policy: due times', () => {
  const due = T0 + 3 * 3600_000;
  const items = [item(1, { dueAt: iso(due), title: 'Translate the memo' })];
  const lead30 = { enabled: true, highPriorityOnly: false, dueSoonLeadMinutes: 30 };

  it('reminds once within the lead time and once when overdue, waking at the right moments', () => {
    const p = baselined(items);
    const early = p.run(state(items, { settings: lead30 }), due - 31 * MIN);
    expect(early.intents).toEqual([]);
    expect(early.wakeAt).toBe(due - 30 * MIN);
    const soon = p.run(state(items, { settings: lead30 }), early.wakeAt!);
    expect(soon.intents).toEqual([
      {
        id: `due:1:${iso(due)}`,
        kind: 'due-soon',
        title: 'Due in 30 min',
        body: 'Translate the memo',
        urgency: 'normal',
        target: { kind: 'assignment', id: 1 },
      },
    ]);
    expect(soon.wakeAt).toBe(due);
    expect(p.run(state(items, { settings: lead30 }), due - 10 * MIN).intents).toEqual([]);
    expect(p.run(state(items, { settings: lead30 }), due).intents.map((i) => i.title)).toEqual(['Overdue']);
    expect(p.run(state(items, { settings: lead30 }), due + 3600_000).intents).toEqual([]);

    // A new due date is a new event.
    const moved = [item(1, { dueAt: iso(due + 86_400_000) })];
    p.run(state(moved, { settings: lead30 }), due + 3601_000);
    expect(p.run(state(moved, { settings: lead30 }), due + 86_400_000).intents.map((i) => i.kind)).toEqual(['overdue']);
  });

  it('skips the reminder with a zero lead time, and for work already decided locally', () => {
    const p = baselined(items);
    const none = { enabled: true, highPriorityOnly: false, dueSoonLeadMinutes: 0 };
    expect(p.run(state(items, { settings: none }), due - 5 * MIN).intents).toEqual([]);
    const decided = [item(1, { dueAt: iso(due), localState: 'unsent' })];
    expect(p.run(state(decided, { settings: none }), due + MIN).intents).toEqual([]);
  });

  it('lets the new-assignment notification cover a due date that is already close', () => {
    const p = baselined([]);
    const close = [item(4, { dueAt: iso(T0 + 10 * MIN) })];
    p.run(state(close), T0);
    expect(kinds(p.run(state(close), T0 + 5 * SEC))).toEqual(['new-work']);
    expect(p.run(state(close), T0 + 6 * MIN).intents).toEqual([]);
    expect(kinds(p.run(state(close), T0 + 10 * MIN))).toEqual(['overdue']);
  });

  it('waits for the first sync to finish before telling what is overdue in it', () => {
    const p = policyRunner();
    const syncing = { phase: 'syncing' as const, lastSyncAt: null, lastError: null, outboxPending: 0, outboxAttention: 0 };
    const page1 = [1, 2].map((id) => item(id, { dueAt: iso(T0 - id * MIN) }));
    const page2 = [...page1, ...[3, 4].map((id) => item(id, { dueAt: iso(T0 - id * MIN) }))];
    expect(p.run(state(page1, { sync: syncing }), T0).intents).toEqual([]);
    expect(p.run(state(page2, { sync: syncing }), T0 + SEC).intents).toEqual([]);
    expect(p.run(state(page2), T0 + 2 * SEC).intents.map((i) => i.title)).toEqual(['4 assignments overdue']);
  });

  it('sums up many overdue assignments in one notification', () => {
    const late = [1, 2, 3, 4].map((id) => item(id, { dueAt: iso(T0 - id * MIN) }));
    const p = policyRunner();
    const r = p.run(state(late), T0);
    expect(r.intents).toHaveLength(1);
    expect(r.intents[0]).toMatchObject({
      kind: 'overdue',
      title: '4 assignments overdue',
      target: { kind: 'queue', filter: 'due' },
    });
  });
});

describe('notification policy: attention and sign-in', () => {
  it('tells a conflict or a refused decision once, and again only if it happens again', () => {
    const p = baselined([item(1), item(2)]);
    const conflict = [item(1, { localState: 'conflict', title: 'Label the chart' }), item(2)];
    const r = p.run(state(conflict), T0);
    expect(r.intents).toMatchObject([
      { kind: 'attention', title: 'Decision not applied', target: { kind: 'assignment', id: 1 } },
    ]);
    expect(r.intents[0]!.body).toContain('“Label the chart”');
    expect(p.run(state(conflict), T0 + MIN).intents).toEqual([]);
    p.run(state([item(1, { localState: 'unsent' }), item(2)]), T0 + 2 * MIN);
    expect(kinds(p.run(state(conflict), T0 + 3 * MIN))).toEqual(['attention']);
    const parked = [item(1, { localState: 'conflict' }), item(2, { localState: 'parked' })];
    expect(p.run(state(parked), T0 + 4 * MIN).intents.map((i) => i.title)).toEqual(['Decision refused']);
  });

  it('counts a completed assignment with a conflict too, and sums up several', () => {
    const p = baselined([]);
    const items = [1, 2, 3].map((id) => item(id, { status: 'completed', localState: 'parked' }));
    const r = p.run(state(items), T0);
    expect(r.intents).toMatchObject([
      { title: '3 decisions need your attention', target: { kind: 'queue', filter: 'attention' } },
    ]);
  });

  it('tells an expired sign-in once per expiry', () => {
    const p = baselined([item(1)]);
    const expired = {
      sync: {
        phase: 'error' as const,
        lastSyncAt: iso(T0),
        lastError: { code: 'unauthorized', message: 'no' },
        outboxPending: 2,
        outboxAttention: 0,
      },
    };
    expect(p.run(state([item(1)], expired), T0).intents).toMatchObject([
      { kind: 'sign-in-expired', urgency: 'critical', target: { kind: 'sign-in' } },
    ]);
    expect(p.run(state([item(1)], expired), T0 + MIN).intents).toEqual([]);
    p.run(state([item(1)]), T0 + 2 * MIN);
    expect(kinds(p.run(state([item(1)], expired), T0 + 3 * MIN))).toEqual(['sign-in-expired']);
  });
});

describe('notification policy: memory', () => {
  it('rejects anything that is not its own memory', () => {
    expect(parseMemory(null)).toBeNull();
    expect(parseMemory({ ...emptyMemory(), version: 2 })).toBeNull();
    expect(parseMemory({ ...emptyMemory(), known: ['x'] })).toBeNull();
    expect(parseMemory(emptyMemory('a'))).toEqual(emptyMemory('a'));
  });

  it('stays bounded however many assignments pass through', () => {
    const tuning = { ...DEFAULT_TUNING, maxKnown: 10, maxFired: 5 };
    let mem = decideNotifications(null, state([]), T0, tuning).memory;
    for (let k = 0; k < 30; k++) {
      const items = [item(1000 + k, { dueAt: iso(T0 - MIN) })];
      mem = decideNotifications(mem, state(items), T0 + k * MIN, tuning).memory;
    }
    expect(mem.known.length).toBeLessThanOrEqual(10);
    expect(mem.fired.length).toBeLessThanOrEqual(5);
    expect(mem.known.at(-1)).toBe(1029);
  });
});
