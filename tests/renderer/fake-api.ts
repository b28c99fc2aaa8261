/**
 * An in-memory `Api` for renderer tests: a tiny stand-in for main's services
 * with the same channels and events. Every call is recorded; any channel can
 * be overridden (to fail, or to hang so a busy state can be seen).
 */
import type {
  AccountEntry,
  AppSettings,
  CacheNotice,
  Draft,
  FileContent,
  OutboxEntry,
  QueueFacets,
  Account,
  Api,
  AssignmentView,
  Channel,
  ChannelInput,
  ChannelResult,
  EventName,
  Events,
  LocalDecision,
  LocalStats,
  QueueItem,
  QueuePage,
  QueueQuery,
  SessionState,
  SubmitInput,
  SyncStatus,
} from '../../src/shared/contract';
import type { NotificationIntent, TrayModel } from '../../src/shared/desktop';
import { PRIORITIES, STATUSES, type Assignment, type Form, type Statistics, type Tag } from '../../src/shared/protocol';
import { err, ok, type Result } from '../../src/shared/result';

export const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const HOUR = 3600_000;

export const ACCOUNT: Account = {
  baseUrl: 'http://127.0.0.1:8787/api/v1',
  userId: 7,
  username: 'ana',
  displayName: 'Ana Reviewer',
  demo: false,
  key: 'ana-key',
  backend: 'native',
};

export const REFUND_FORM: Form = {
  id: 'refund-review',
  version: 3,
  title: 'Refund review',
  instructions: 'Check the order before approving.',
  schema: {
    type: 'object',
    properties: {
      amount: { type: 'number', title: 'Refund amount', minimum: 0, default: 25 },
      reason: { type: 'string', title: 'Reason' },
    },
    required: ['amount'],
  },
  ui: {},
  outcomes: [
    { value: 'approve', label: 'Approve' },
    { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
  ],
};

let nextId = 1;

export function makeAssignment(over: Partial<Assignment> = {}): Assignment {
  const id = over.id ?? nextId++;
  return {
    id,
    project: 1,
    status: 'pending',
    assignee: ACCOUNT.userId,
    priority: 'medium',
    kind: 'approval',
    title: `Assignment ${id}`,
    data: { order: id },
    files: {},
    form: { id: REFUND_FORM.id, version: REFUND_FORM.version },
    tags: [],
    metadata: {},
    due_at: new Date(NOW + 3 * HOUR).toISOString(),
    created_at: new Date(NOW - 48 * HOUR + id * 1000).toISOString(),
    updated_at: new Date(NOW - HOUR + id * 1000).toISOString(),
    version: 1,
    ...over,
  };
}

export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    phase: 'idle',
    lastSyncAt: new Date(NOW - 2 * 60_000).toISOString(),
    lastError: null,
    outboxPending: 0,
    outboxAttention: 0,
    cachedAssignments: 0,
    pulled: 0,
    ...over,
  };
}

type Handler<C extends Channel> = (
  input: ChannelInput<C> | undefined,
) => Promise<Result<ChannelResult<C>>> | Result<ChannelResult<C>>;

export class FakeApi implements Api {
  session: SessionState = { status: 'signed_out' };
  /** What `accounts:list` answers. */
  accounts: AccountEntry[] = [];
  assignments: Assignment[] = [];
  forms = new Map<string, Form>([[`${REFUND_FORM.id}@${REFUND_FORM.version}`, REFUND_FORM]]);
  decisions = new Map<number, LocalDecision>();
  localStates = new Map<number, QueueItem['localState']>();
  status: SyncStatus = syncStatus();
  /** What `stats:get` answers (null: an error, as when the server cannot be reached). */
  stats: Statistics | null = null;
  /** What `stats:local` answers: the reviewer's decisions on this computer today and this week. */
  localStats: LocalStats = { today: 0, week: 0, weekStart: '2026-11-16T00:00:00.000Z' };
  /** What `decision:submit` reports: queued (unsent) or sent at once. */
  submitState: LocalDecision['state'] = 'unsent';
  drafts = new Map<number, Draft>();
  /** Cached file bytes by URL; a URL not here answers null ("not downloaded yet"). */
  files = new Map<string, FileContent>();
  tags: Tag[] = [
    { id: 2, name: 'Needs receipt', color: '#d97706' },
    { id: 5, name: 'VIP customer', color: '#2563eb' },
    { id: 9, name: 'Escalated', color: 'red; background: url(x)' },
  ];
  /** What `outbox:list` answers (unsent items are added by submits, tag changes and releases too). */
  outbox: OutboxEntry[] = [];
  settings: AppSettings = {
    syncIntervalMs: 60_000,
    fileBudgetBytes: 500 * 1024 * 1024,
    fileCacheUsedBytes: 12 * 1024 * 1024,
    secretStorage: 'user-only-file',
    notifications: { enabled: true, highPriorityOnly: false, dueSoonLeadMinutes: 60 },
  };
  notice: CacheNotice | null = null;
  /** What `desktop:notifications` answers, newest first. */
  recentNotifications: NotificationIntent[] = [];
  /** Main's pause as the tray shows it ("HH:MM" of the pause's end), or null. */
  pausedUntil: string | null = null;
  /** The tray icon and badge the fake's tray model carries. */
  trayIcon: TrayModel['icon'] = 'idle';
  trayBadge = 0;
  /** Decision ids `decision:undo` refuses (as main does once a request may have carried them). */
  undoRefused = new Set<string>();
  private keys = 0;
  readonly calls: { channel: Channel; input: unknown }[] = [];
  private readonly overrides = new Map<Channel, Handler<Channel>>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(init: { signedIn?: boolean; assignments?: Assignment[] } = {}) {
    if (init.signedIn) this.session = { status: 'signed_in', account: ACCOUNT };
    this.assignments = init.assignments ?? [];
  }

  /** Replaces one channel's behaviour. */
  override<C extends Channel>(channel: C, handler: Handler<C>): this {
    this.overrides.set(channel, handler as unknown as Handler<Channel>);
    return this;
  }

  /** Inputs of every call to a channel, oldest first. */
  inputs<C extends Channel>(channel: C): (ChannelInput<C> | undefined)[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input as ChannelInput<C> | undefined);
  }

  lastInput<C extends Channel>(channel: C): ChannelInput<C> | undefined {
    return this.inputs(channel).at(-1);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: Events[E]) => void)(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  async invoke<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<Result<ChannelResult<C>>> {
    this.calls.push({ channel, input });
    const override = this.overrides.get(channel);
    if (override) return (await override(input as never)) as Result<ChannelResult<C>>;
    return this.handle(channel, input) as Result<ChannelResult<C>>;
  }

  private handle(channel: Channel, input: unknown): Result<unknown> {
    switch (channel) {
      case 'session:get':
        return ok(this.session);
      case 'session:connect': {
        const { url, token } = input as { url: string; token: string };
        if (!url.startsWith('http')) return err('invalid_input', 'The server URL must start with http:// or https://');
        if (token !== 'good-token') return err('unauthorized', 'The server did not accept this token.');
        this.session = { status: 'signed_in', account: { ...ACCOUNT, baseUrl: url } };
        return ok(this.session);
      }
      case 'session:startDemo':
        this.session = { status: 'signed_in', account: { ...ACCOUNT, displayName: 'Demo Reviewer', demo: true } };
        return ok(this.session);
      case 'session:signOut':
        this.session = { status: 'signed_out' };
        return ok(this.session);
      case 'session:switch': {
        const { key, token } = input as { key: string; token?: string };
        const a = this.accounts.find((x) => x.key === key);
        if (!a) return err('not_found', 'This account is not on this computer any more.');
        if (!a.hasToken && token === undefined) return err('unauthorized', `Enter the token for ${a.displayName} again.`);
        if (token !== undefined && token !== 'good-token') return err('unauthorized', 'The server did not accept this token.');
        const { active: _a, hasToken: _h, config: _c, ...account } = a;
        this.session = { status: 'signed_in', account };
        this.accounts = this.accounts.map((x) => ({ ...x, active: x.key === key, hasToken: x.key === key || x.hasToken }));
        return ok(this.session);
      }
      case 'accounts:list':
        return ok(this.accounts);
      case 'accounts:remove': {
        const { key } = input as { key: string };
        this.accounts = this.accounts.filter((x) => x.key !== key);
        return ok(this.accounts);
      }
      case 'queue:list':
        return ok(this.list(input as QueueQuery));
      case 'queue:facets': {
        const q = input as QueueQuery;
        const search = q.search?.toLowerCase() ?? '';
        return ok(
          this.facets(
            this.assignments.filter((a) => !search || a.title.toLowerCase().includes(search)),
            q,
          ),
        );
      }
      case 'stats:local':
        return ok(this.localStats);
      case 'assignment:get': {
        const { id } = input as { id: number };
        const a = this.assignments.find((x) => x.id === id);
        if (!a) return err('not_found', `Assignment ${id} is not in the local cache.`);
        const view: AssignmentView = {
          assignment: a,
          form: this.forms.get(`${a.form.id}@${a.form.version}`) ?? null,
          decision: this.decisions.get(id) ?? null,
          draft: this.drafts.get(id) ?? null,
        };
        return ok(view);
      }
      case 'decision:submit': {
        const s = input as SubmitInput;
        const decision: LocalDecision = {
          decisionId: `d-${s.assignmentId}`,
          outcome: s.outcome,
          values: s.values,
          comment: s.comment ?? null,
          state: this.submitState,
          createdAt: new Date(NOW).toISOString(),
          error: null,
        };
        this.decisions.set(s.assignmentId, decision);
        this.drafts.delete(s.assignmentId);
        this.localStates.set(s.assignmentId, this.submitState === 'sent' ? 'none' : 'unsent');
        return ok({ decisionId: decision.decisionId, state: decision.state });
      }
      case 'decision:undo': {
        const { decisionId } = input as { decisionId: string };
        const entry = [...this.decisions.entries()].find(([, d]) => d.decisionId === decisionId);
        if (!entry || this.undoRefused.has(decisionId))
          return err('conflict', 'This decision is on its way to the server (or may have reached it), so it cannot be undone.');
        const [assignmentId, d] = entry;
        const draft: Draft = { assignmentId, values: d.values, comment: d.comment, updatedAt: new Date(NOW).toISOString() };
        this.decisions.delete(assignmentId);
        this.drafts.set(assignmentId, draft);
        this.localStates.set(assignmentId, 'none');
        return ok({ assignmentId, draft });
      }
      case 'draft:save': {
        const i = input as { assignmentId: number; values: Record<string, unknown>; comment?: string | null };
        const draft: Draft = {
          assignmentId: i.assignmentId,
          values: i.values,
          comment: i.comment ?? null,
          updatedAt: new Date(NOW).toISOString(),
        };
        this.drafts.set(i.assignmentId, draft);
        return ok(draft);
      }
      case 'draft:discard': {
        const { assignmentId } = input as { assignmentId: number };
        return ok({ discarded: this.drafts.delete(assignmentId) });
      }
      case 'tags:list':
        return ok({ tags: this.tags, fetchedAt: new Date(NOW).toISOString(), stale: false });
      case 'tags:set': {
        const i = input as { ids: number[]; tags: number[]; action: 'add' | 'remove' };
        for (const id of i.ids) {
          const at = this.assignments.findIndex((a) => a.id === id);
          if (at === -1) return err('not_found', `Not in your queue: ${id}.`);
          const a = this.assignments[at]!;
          const tags = i.action === 'add' ? [...new Set([...a.tags, ...i.tags])] : a.tags.filter((t) => !i.tags.includes(t));
          this.assignments[at] = { ...a, tags };
        }
        return ok({ key: `k-${++this.keys}`, state: 'unsent' as const });
      }
      case 'assignment:release': {
        const { id } = input as { id: number };
        const at = this.assignments.findIndex((a) => a.id === id);
        if (at === -1) return err('not_found', 'This assignment is no longer in your queue.');
        this.assignments.splice(at, 1);
        return ok({ key: `k-${++this.keys}`, state: 'unsent' as const });
      }
      case 'outbox:list': {
        const counts = { unsent: 0, conflict: 0, parked: 0 };
        for (const e of this.outbox) counts[e.state]++;
        return ok({ items: this.outbox, total: this.outbox.length, counts });
      }
      case 'conflict:resubmit':
      case 'decision:resend': {
        const i = input as { decisionId: string };
        const at = this.outbox.findIndex((e) => e.key === i.decisionId);
        if (at === -1) return err('conflict', 'This decision was already resolved.');
        const old = this.outbox[at]!;
        this.outbox.splice(at, 1);
        const id = old.assignmentIds[0]!;
        this.localStates.set(id, 'unsent');
        return ok({ decisionId: `${i.decisionId}-again`, state: 'unsent' as const });
      }
      case 'conflict:discard': {
        const { decisionId } = input as { decisionId: string };
        const at = this.outbox.findIndex((e) => e.key === decisionId);
        if (at === -1) return err('conflict', 'This decision was already resolved.');
        const id = this.outbox[at]!.assignmentIds[0]!;
        this.outbox.splice(at, 1);
        this.localStates.set(id, 'none');
        return ok({ assignmentId: id, removed: false });
      }
      case 'connectivity:set':
        return ok(this.status);
      case 'file:read': {
        const { url } = input as { url: string };
        return ok(this.files.get(url) ?? null);
      }
      case 'settings:get':
        return ok(this.settings);
      case 'settings:set': {
        // Main merges the notification settings field by field.
        const patch = input as Partial<Omit<AppSettings, 'notifications'>> & {
          notifications?: Partial<AppSettings['notifications']>;
        };
        this.settings = {
          ...this.settings,
          ...patch,
          notifications: { ...this.settings.notifications, ...patch.notifications },
        };
        return ok(this.settings);
      }
      case 'desktop:tray':
        return ok(this.trayModel());
      case 'desktop:notifications':
        return ok(this.recentNotifications);
      case 'desktop:seen':
        this.trayIcon = 'idle';
        this.trayBadge = 0;
        return ok(this.trayModel());
      case 'desktop:pause': {
        const { until } = input as { until: 'hour' | 'tomorrow' | null };
        this.pausedUntil = until === null ? null : until === 'hour' ? '13:00' : '08:00';
        return ok(this.trayModel());
      }
      case 'audit:export': {
        const { format } = input as { format: 'json' | 'csv' };
        return ok(
          format === 'csv'
            ? { filename: 'reviewdesk-audit.csv', mime: 'text/csv', content: 'at,action\n' }
            : { filename: 'reviewdesk-audit.json', mime: 'application/json', content: '[]' },
        );
      }
      case 'cache:notice':
        return ok(this.notice);
      case 'cache:dismissNotice':
        this.notice = null;
        return ok(null);
      case 'sync:status':
        return ok(this.status);
      case 'sync:now':
        return ok(this.status);
      case 'stats:get':
        return this.stats ? ok(this.stats) : err('offline', 'The server could not be reached.');
      default:
        return err('internal', `${channel} is not in the fake`);
    }
  }

  /** Main's tray model, reduced to what the page reads: the icon, the badge and the pause in the menu. */
  trayModel(): TrayModel {
    const pause: TrayModel['menu'] = this.pausedUntil
      ? [
          { kind: 'label', label: `Notifications paused until ${this.pausedUntil}` },
          { kind: 'item', label: 'Resume notifications', action: { kind: 'resume' }, enabled: true },
        ]
      : [
          {
            kind: 'submenu',
            label: 'Pause notifications',
            items: [
              { kind: 'item', label: 'For 1 hour', action: { kind: 'pause', until: 'hour' }, enabled: true },
              { kind: 'item', label: 'Until tomorrow', action: { kind: 'pause', until: 'tomorrow' }, enabled: true },
            ],
          },
        ];
    return {
      icon: this.trayIcon,
      variant: 'dark',
      tooltip: 'Reviewdesk',
      badgeCount: this.trayBadge,
      menu: [{ kind: 'item', label: 'Open Reviewdesk', action: { kind: 'open' }, enabled: true }, ...pause],
    };
  }

  private list(q: QueueQuery): QueuePage {
    const search = q.search?.toLowerCase() ?? '';
    const searched = this.assignments.filter((a) => !search || a.title.toLowerCase().includes(search));
    const countsByStatus: QueuePage['countsByStatus'] = {};
    for (const a of searched) countsByStatus[a.status] = (countsByStatus[a.status] ?? 0) + 1;
    const matching = searched
      .filter((a) => this.matches(a, q))
      .sort(
        (a, b) =>
          PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
          STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
          a.id - b.id,
      );
    const offset = q.offset ?? 0;
    const items = matching.slice(offset, offset + (q.limit ?? 200)).map((a) => this.toItem(a));
    const page: QueuePage = { items, total: matching.length, countsByStatus };
    if (q.facets) page.facets = this.facets(searched, q);
    return page;
  }

  private toItem(a: Assignment): QueueItem {
    return {
      id: a.id,
      title: a.title,
      kind: a.kind,
      project: a.project,
      priority: a.priority,
      status: a.status,
      dueAt: a.due_at,
      updatedAt: a.updated_at,
      tags: a.tags,
      localState: this.localStates.get(a.id) ?? 'none',
    };
  }

  /** Overdue before NOW; today: later on NOW's UTC day; none: no date. */
  dueOf(a: Assignment): 'overdue' | 'today' | 'none' | null {
    if (!a.due_at) return 'none';
    const due = Date.parse(a.due_at);
    if (due < NOW) return 'overdue';
    return new Date(due).toISOString().slice(0, 10) === new Date(NOW).toISOString().slice(0, 10) ? 'today' : null;
  }

  private matches(a: Assignment, q: QueueQuery, skip?: keyof QueueFacets): boolean {
    const local = this.localStates.get(a.id) ?? 'none';
    const due = this.dueOf(a);
    return (
      (skip === 'status' || !q.statuses || q.statuses.includes(a.status)) &&
      (skip === 'priority' || !q.priorities || q.priorities.includes(a.priority)) &&
      (skip === 'project' || !q.projects || q.projects.includes(a.project)) &&
      (skip === 'kind' || !q.kinds || q.kinds.includes(a.kind)) &&
      (skip === 'tag' || !q.tags || q.tags.some((t) => a.tags.includes(t))) &&
      (skip === 'due' || !q.due || (due !== null && q.due.includes(due))) &&
      (skip === 'local' || !q.local || (local !== 'none' && q.local.includes(local)))
    );
  }

  /** Each facet honours every filter but its own, as main's does. */
  private facets(searched: Assignment[], q: QueueQuery): QueueFacets {
    const f: QueueFacets = { status: {}, priority: {}, project: {}, kind: {}, tag: {}, due: {}, local: {} };
    const bump = (rec: Record<string, number>, key: string) => (rec[key] = (rec[key] ?? 0) + 1);
    for (const a of searched) {
      if (this.matches(a, q, 'status')) bump(f.status, a.status);
      if (this.matches(a, q, 'priority')) bump(f.priority, a.priority);
      if (this.matches(a, q, 'project')) bump(f.project, String(a.project));
      if (this.matches(a, q, 'kind')) bump(f.kind, a.kind);
      if (this.matches(a, q, 'tag')) for (const t of a.tags) bump(f.tag, String(t));
      const due = this.dueOf(a);
      if (due && this.matches(a, q, 'due')) bump(f.due, due);
      const local = this.localStates.get(a.id) ?? 'none';
      if (local !== 'none' && this.matches(a, q, 'local')) bump(f.local, local);
    }
    return f;
  }
}

/** A promise the test resolves by hand, to hold a call in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
