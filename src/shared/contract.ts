/**
 * The one IPC contract (GitHub Desktop's ipc-shared.ts style): every channel
 * the renderer may call, with the zod schema its input must satisfy and the
 * type of its result. The Electron preload, the browser host's bridge, the
 * main-process handler table and the renderer's types all derive from here.
 */
import { z } from 'zod';
import type { Assignment, AssignmentStatus, Form, Priority, Statistics, Tag } from './protocol';
import { PRIORITIES, STATUSES } from './protocol';
import type { Result } from './result';
import type { NotificationIntent, NotificationSettings, TrayModel } from './desktop';
import { BackendConfigSchema, type BackendConfig, type BackendType } from './backends';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventNameList } from './channels';

// ---------------------------------------------------------------- domain types

export interface Account {
  /** The account's key on this machine (stable across sign-ins; names its cache). */
  key: string;
  /** Which kind of review backend it signs in to. */
  backend: BackendType;
  baseUrl: string;
  userId: number;
  username: string;
  displayName: string;
  /** True when signed in to the embedded demo backend. */
  demo: boolean;
}

export type SessionState = { status: 'signed_out' } | { status: 'signed_in'; account: Account };

/** An account known on this machine, for the account switcher and for signing in again. */
export interface AccountEntry extends Account {
  active: boolean;
  /** False when its token is not at hand (signed out, or kept in memory only): switching asks for it. */
  hasToken: boolean;
  /** Its backend's settings (never the token), to fill in "Connect to a server" again. */
  config: BackendConfig;
}

/** What the reviewer has done locally to an assignment that the server has not settled. */
export type LocalState = 'none' | 'unsent' | 'conflict' | 'parked';

export const ORDERINGS = ['priority', 'due', 'age', 'updated'] as const;
export type Ordering = (typeof ORDERINGS)[number];

export interface QueueItem {
  id: number;
  title: string;
  kind: string;
  project: number;
  priority: Priority;
  status: AssignmentStatus;
  dueAt: string | null;
  updatedAt: string;
  tags: number[];
  localState: LocalState;
}

export const DUE_FILTERS = ['overdue', 'today', 'none'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];
export const LOCAL_FILTERS = ['unsent', 'conflict', 'parked'] as const;

/**
 * Counts per value of each filter, for the current query: each facet ignores
 * its own filter (so ticking "High" still shows how many "Low" there are) and
 * honours all the others.
 */
export interface QueueFacets {
  status: Partial<Record<AssignmentStatus, number>>;
  priority: Partial<Record<Priority, number>>;
  project: Record<string, number>;
  kind: Record<string, number>;
  tag: Record<string, number>;
  due: Partial<Record<DueFilter, number>>;
  local: Partial<Record<Exclude<LocalState, 'none'>, number>>;
}

export interface QueuePage {
  items: QueueItem[];
  /** Items matching the query, ignoring limit/offset. */
  total: number;
  /** Cached assignments per status, for the current query ignoring the status filter; empty unless `facets` was asked for. */
  countsByStatus: Partial<Record<AssignmentStatus, number>>;
  /**
   * Present when the query asked for them (`facets: true`). Counting costs far
   * more than a page on a large cache: the renderer asks `queue:facets` apart.
   */
  facets?: QueueFacets;
}

/** The reviewer's own decisions on this computer, counted locally (the protocol's statistics have no week). */
export interface LocalStats {
  /** Decisions recorded since local midnight (undone and discarded ones not counted). */
  today: number;
  /** Since Monday 00:00 local time. */
  week: number;
  /** When this week began (ISO). */
  weekStart: string;
}

/** The assignment as the reviewer saw it when deciding: what a conflict is compared against. */
export interface DecidedOn {
  version: number;
  data: unknown;
}

export type DecisionState = 'unsent' | 'sending' | 'sent' | 'conflict' | 'parked';

export interface LocalDecision {
  decisionId: string;
  outcome: string;
  values: Record<string, unknown>;
  comment: string | null;
  state: DecisionState;
  createdAt: string;
  /** What the server said when it refused (conflict / validation), for the reviewer. */
  error: { code: string; message: string; fields?: Record<string, string[]> } | null;
}

export interface AssignmentView {
  assignment: Assignment;
  /** Null while the form has not been fetched yet (offline before first sync of it). */
  form: Form | null;
  /** The newest local decision on this assignment, if any. */
  decision: LocalDecision | null;
  /** What the reviewer typed and has not decided yet (autosaved), if anything. */
  draft: Draft | null;
}

export interface Draft {
  assignmentId: number;
  values: Record<string, unknown>;
  comment: string | null;
  updatedAt: string;
}

/** Settings the reviewer can change, with the figures that go with them. */
export interface AppSettings {
  syncIntervalMs: number;
  fileBudgetBytes: number;
  /** Bytes the offline file cache holds now (0 when signed out). */
  fileCacheUsedBytes: number;
  /** Where the backend token is kept: the OS keyring, a user-only file, or memory for this run only. */
  secretStorage: string;
  notifications: NotificationSettings;
  /**
   * Start Reviewdesk (in the tray) when the reviewer logs in to the computer,
   * as the OS has it now. Absent where the host cannot offer it (the browser
   * host, a development build).
   */
  startAtLogin?: boolean;
  /** The folder the log files are written to; absent where the host keeps none (the browser host logs to its terminal). */
  logsFolder?: string;
}

/** A cached file's bytes, for previews: the renderer never loads backend URLs itself. */
export interface FileContent {
  mime: string | null;
  size: number;
  base64: string;
}

/** Said once after the local cache was found damaged and rebuilt. */
export interface CacheNotice {
  at: string;
  movedTo: string;
  reason: string;
  carried: { decisions: number; outbox: number; drafts: number; audit: number };
}

export interface AuditExport {
  filename: string;
  mime: string;
  content: string;
}

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'error' | 'signed_out';

export interface SyncStatus {
  phase: SyncPhase;
  lastSyncAt: string | null;
  lastError: { code: string; message: string } | null;
  /** Decisions and other writes still waiting in the outbox. */
  outboxPending: number;
  /** Outbox items that need the reviewer (conflicts, refused values). */
  outboxAttention: number;
  cachedAssignments: number;
  /** Progress of the current pull: changes applied so far in this run. */
  pulled: number;
  /** The server's event stream is connected: its changes arrive at once rather than on the schedule. */
  live?: boolean;
  /** When the engine will next try by itself (the schedule, or an outbox retry); null when nothing is planned. */
  nextSyncAt?: string | null;
}

export interface SubmitResult {
  decisionId: string;
  state: DecisionState;
}

/** What the outbox carries to the backend, oldest first. */
export type OutboxKind = 'decision' | 'set_tags' | 'release';
export const TAG_ACTIONS = ['add', 'remove'] as const;
export type TagAction = (typeof TAG_ACTIONS)[number];
export interface TagChange {
  ids: number[];
  tags: number[];
  action: TagAction;
}

/**
 * One piece of the reviewer's work the server has not settled: waiting to go
 * (`unsent`, perhaps retrying), or refused and waiting for the reviewer
 * (`conflict`: the assignment moved on, re-review or discard; `parked`: the
 * server refused the values, fix and resend).
 */
export interface OutboxEntry {
  /** The decision id (also its Idempotency-Key) or the outbox key of a tag change / release. */
  key: string;
  kind: OutboxKind;
  state: 'unsent' | 'conflict' | 'parked';
  assignmentIds: number[];
  /** The cached assignment's title (for a release: as it was when released), when known. */
  title: string | null;
  createdAt: string;
  /** Failed attempts so far (network, timeouts, 5xx, 429), and when the next one is due. */
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** For decisions: the reviewer's outcome, values and comment. */
  decision: LocalDecision | null;
  /** For tag changes: what was asked. */
  tagChange: TagChange | null;
  /** What the server said when it refused (code, message, field errors). */
  error: LocalDecision['error'];
  /** For conflicts: the assignment as the server has it now. */
  serverAssignment: Assignment | null;
  /** For decisions: the version and data decided on (kept with the decision, so known after a restart too). */
  decidedOn?: DecidedOn | null;
}

export interface OutboxList {
  items: OutboxEntry[];
  /** All entries, ignoring limit/offset. */
  total: number;
  counts: { unsent: number; conflict: number; parked: number };
}

/** A tag change or release is recorded locally and queued; the server hears of it when the outbox drains. */
export interface OutboxReceipt {
  key: string;
  state: 'unsent';
}

export interface TagList {
  tags: Tag[];
  /** When this list was last fetched from the server; null when it never was. */
  fetchedAt: string | null;
  /** True when the server could not be asked just now and this is the last list known. */
  stale: boolean;
}

export interface DiscardResult {
  assignmentId: number;
  /** True when the assignment left the cache because the server says it is no longer the reviewer's. */
  removed: boolean;
}

/** The server refused an outbox item (pushed as an event so the UI can say so at once). */
export interface OutboxRefusal {
  key: string;
  kind: OutboxKind;
  assignmentIds: number[];
  /** conflict / parked: a decision now waiting for the reviewer; refused: a tag change or release that did not happen (undone locally). */
  outcome: 'conflict' | 'parked' | 'refused';
  status: number;
  code: string;
  message: string;
}

// ---------------------------------------------------------------- input schemas

const Empty = z.undefined().or(z.null()).or(z.object({}).strict()).optional();

const ConnectInput = z.object({
  url: z.string().trim().min(1, 'Enter the server URL').max(2048),
  token: z.string().trim().min(1, 'Enter your token').max(4096),
  /** The kind of backend and its settings (default: the native protocol). */
  backend: BackendConfigSchema.optional(),
});
export type ConnectInput = z.input<typeof ConnectInput>;
const AccountKeyInput = z.object({ key: z.string().min(1).max(100) });
const SwitchInput = AccountKeyInput.extend({
  /** Needed when the account's token is not at hand. */
  token: z.string().trim().min(1, 'Enter your token').max(4096).optional(),
});

const QueueQueryInput = z.object({
  search: z.string().max(500).optional(),
  statuses: z.array(z.enum(STATUSES)).max(STATUSES.length).optional(),
  priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
  projects: z.array(z.number().int()).max(100).optional(),
  kinds: z.array(z.string().max(200)).max(100).optional(),
  tags: z.array(z.number().int()).max(100).optional(),
  due: z.array(z.enum(DUE_FILTERS)).max(DUE_FILTERS.length).optional(),
  /** Only assignments with unsent work / a conflict / a refused (parked) decision. */
  local: z.array(z.enum(LOCAL_FILTERS)).max(LOCAL_FILTERS.length).optional(),
  ordering: z.enum(ORDERINGS).optional(),
  facets: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});
export type QueueQuery = z.input<typeof QueueQueryInput>;
/** The filters whose counts are wanted: a query without paging. */
const QueueFacetsInput = QueueQueryInput.omit({ facets: true, limit: true, offset: true });
export type QueueFacetsQuery = z.input<typeof QueueFacetsInput>;

const IdInput = z.object({ id: z.number().int().positive() });

const SubmitInput = z.object({
  assignmentId: z.number().int().positive(),
  outcome: z.string().min(1).max(100),
  values: z.record(z.string(), z.unknown()),
  comment: z.string().max(100_000).optional(),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600 * 1000)
    .optional(),
});
export type SubmitInput = z.input<typeof SubmitInput>;

const TagsListInput = z.object({ refresh: z.boolean().optional() }).nullish();

const TagsSetInput = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(10_000),
  tags: z.array(z.number().int()).min(1).max(1000),
  action: z.enum(TAG_ACTIONS),
});
export type TagsSetInput = z.input<typeof TagsSetInput>;

const OutboxListInput = z
  .object({ limit: z.number().int().min(1).max(2000).optional(), offset: z.number().int().min(0).optional() })
  .nullish();

const DecisionRefInput = z.object({ decisionId: z.string().min(1).max(200) });

/** A new decision replacing a refused one; anything left out is taken from the refused decision. */
const RedecideInput = DecisionRefInput.extend({
  outcome: z.string().min(1).max(100).optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().max(100_000).optional(),
  durationMs: SubmitInput.shape.durationMs,
});
export type RedecideInput = z.input<typeof RedecideInput>;

const ConnectivityInput = z.object({ online: z.boolean() });

const AssignmentIdInput = z.object({ assignmentId: z.number().int().positive() });
const DraftSaveInput = AssignmentIdInput.extend({
  values: z.record(z.string(), z.unknown()),
  comment: z.string().max(100_000).nullish(),
});
const FileReadInput = z.object({ url: z.string().min(1).max(8192) });
const SettingsSetInput = z.object({
  syncIntervalMs: z.number().int().min(5_000).max(3_600_000).optional(),
  fileBudgetBytes: z
    .number()
    .int()
    .min(0)
    .max(100 * 1024 ** 3)
    .optional(),
  notifications: z
    .object({
      enabled: z.boolean(),
      highPriorityOnly: z.boolean(),
      dueSoonLeadMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
    })
    .partial()
    .optional(),
  /** Only where `settings:get` reported `startAtLogin`; refused (validation) elsewhere. */
  startAtLogin: z.boolean().optional(),
});
export type SettingsPatch = z.input<typeof SettingsSetInput>;
const PauseInput = z.object({ until: z.enum(['hour', 'tomorrow']).nullable() });
const AuditExportInput = z.object({ format: z.enum(['json', 'csv']) });

// ---------------------------------------------------------------- the contract

function channel<R>() {
  return <I extends z.ZodType>(input: I) => ({ input, result: undefined as unknown as R });
}

export const contract = {
  'session:get': channel<SessionState>()(Empty),
  'session:connect': channel<SessionState>()(ConnectInput),
  'session:startDemo': channel<SessionState>()(Empty),
  'session:signOut': channel<SessionState>()(Empty),
  /** Makes another known account the active one (its own cache, its own sync). */
  'session:switch': channel<SessionState>()(SwitchInput),
  'accounts:list': channel<AccountEntry[]>()(Empty),
  /** Forgets an account that is not in use; refused while its cache holds unsent work. */
  'accounts:remove': channel<AccountEntry[]>()(AccountKeyInput),
  'queue:list': channel<QueuePage>()(QueueQueryInput),
  /** Counts per filter value for a query, kept by main until the cache changes. */
  'queue:facets': channel<QueueFacets>()(QueueFacetsInput),
  'assignment:get': channel<AssignmentView>()(IdInput),
  'decision:submit': channel<SubmitResult>()(SubmitInput),
  'sync:status': channel<SyncStatus>()(Empty),
  'sync:now': channel<SyncStatus>()(Empty),
  'stats:get': channel<Statistics>()(Empty),
  /** Done today and this week, from the decisions in the local cache (works offline). */
  'stats:local': channel<LocalStats>()(Empty),
  'tags:list': channel<TagList>()(TagsListInput),
  'tags:set': channel<OutboxReceipt>()(TagsSetInput),
  'assignment:release': channel<OutboxReceipt>()(IdInput),
  'outbox:list': channel<OutboxList>()(OutboxListInput),
  'conflict:resubmit': channel<SubmitResult>()(RedecideInput),
  'conflict:discard': channel<DiscardResult>()(DecisionRefInput),
  'decision:resend': channel<SubmitResult>()(RedecideInput),
  /** The page's navigator.onLine (and its online/offline events): the OS's word on "offline". */
  'connectivity:set': channel<SyncStatus>()(ConnectivityInput),
  'draft:save': channel<Draft>()(DraftSaveInput),
  'draft:discard': channel<{ discarded: boolean }>()(AssignmentIdInput),
  /** A file of a cached assignment from the offline cache; null when not downloaded yet. */
  'file:read': channel<FileContent | null>()(FileReadInput),
  'settings:get': channel<AppSettings>()(Empty),
  'settings:set': channel<AppSettings>()(SettingsSetInput),
  /** The audit log of local decisions and edits, as a file's content the page offers to save. */
  'audit:export': channel<AuditExport>()(AuditExportInput),
  'cache:notice': channel<CacheNotice | null>()(Empty),
  'cache:dismissNotice': channel<null>()(Empty),
  /** Takes back an unsent decision that never left this machine; its values come back as a draft. */
  'decision:undo': channel<{ assignmentId: number; draft: Draft }>()(DecisionRefInput),
  /** The tray as the desktop shell would show it (icon, tooltip, badge, menu): the browser host's page and tests read it. */
  'desktop:tray': channel<TrayModel>()(Empty),
  /** The latest notifications, newest first, for the in-app list. */
  'desktop:notifications': channel<NotificationIntent[]>()(Empty),
  /** The reviewer has looked at the queue (window focused / page visible): its work is no longer "new". */
  'desktop:seen': channel<TrayModel>()(Empty),
  'desktop:pause': channel<TrayModel>()(PauseInput),
  /** Opens the log files' folder in the OS file manager (`not_found` where the host keeps no log files). */
  'app:openLogsFolder': channel<{ folder: string }>()(Empty),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelResult<C extends Channel> = Contract[C]['result'];
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
// Compile-time proof that channels.ts lists exactly the contract's channels and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelsMatch: Same<Channel, ChannelName> = true;
const _eventsMatch: Same<EventName, EventNameList> = true;
void _channelsMatch;
void _eventsMatch;

/** Events the main side pushes to the renderer, with their payloads. */
export interface Events {
  'sync:status': SyncStatus;
  /** Something in the local cache changed; the queue should re-query. */
  /** A notification to show (OS notification in Electron; Web Notification and the in-app list in the browser host). */
  'desktop:notify': NotificationIntent;
  'desktop:tray': TrayModel;
  /** Open this assignment (a notification or tray click, a reviewdesk:// link). */
  'app:openAssignment': { id: number };
  'queue:changed': { reason: 'pull' | 'decision' | 'session' | 'outbox' };
  /** The server refused an outbox item: a decision now needs the reviewer, or a tag change / release was undone. */
  'outbox:refused': OutboxRefusal;
}
export type EventName = keyof Events;
export const EVENTS: readonly EventName[] = EVENT_NAMES;

/** What `window.api` offers, in both hosts. */
export interface Api {
  invoke<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<Result<ChannelResult<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
