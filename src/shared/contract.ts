/**
 * The one IPC contract (GitHub Desktop's ipc-shared.ts style): every channel
 * the renderer may call, with the zod schema its input must satisfy and the
 * type of its result. The Electron preload, the browser host's bridge, the
 * main-process handler table and the renderer's types all derive from here.
 */
import { z } from 'zod';
import type { Assignment, AssignmentStatus, Form, Priority, Statistics } from './protocol';
import { PRIORITIES, STATUSES } from './protocol';
import type { Result } from './result';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventNameList } from './channels';

// ---------------------------------------------------------------- domain types

export interface Account {
  baseUrl: string;
  userId: number;
  username: string;
  displayName: string;
  /** True when signed in to the embedded demo backend. */
  demo: boolean;
}

export type SessionState = { status: 'signed_out' } | { status: 'signed_in'; account: Account };

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
  /** Cached assignments per status, for the current search (ignoring the status filter). */
  countsByStatus: Partial<Record<AssignmentStatus, number>>;
  /** Present when the query asked for them (`facets: true`): counting costs a little. */
  facets?: QueueFacets;
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
}

export interface SubmitResult {
  decisionId: string;
  state: DecisionState;
}

// ---------------------------------------------------------------- input schemas

const Empty = z.undefined().or(z.null()).or(z.object({}).strict()).optional();

const ConnectInput = z.object({
  url: z.string().trim().min(1, 'Enter the server URL').max(2048),
  token: z.string().trim().min(1, 'Enter your token').max(4096),
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

// ---------------------------------------------------------------- the contract

function channel<R>() {
  return <I extends z.ZodType>(input: I) => ({ input, result: undefined as unknown as R });
}

export const contract = {
  'session:get': channel<SessionState>()(Empty),
  'session:connect': channel<SessionState>()(ConnectInput),
  'session:startDemo': channel<SessionState>()(Empty),
  'session:signOut': channel<SessionState>()(Empty),
  'queue:list': channel<QueuePage>()(QueueQueryInput),
  'assignment:get': channel<AssignmentView>()(IdInput),
  'decision:submit': channel<SubmitResult>()(SubmitInput),
  'sync:status': channel<SyncStatus>()(Empty),
  'sync:now': channel<SyncStatus>()(Empty),
  'stats:get': channel<Statistics>()(Empty),
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
  'queue:changed': { reason: 'pull' | 'decision' | 'session' };
}
export type EventName = keyof Events;
export const EVENTS: readonly EventName[] = EVENT_NAMES;

/** What `window.api` offers, in both hosts. */
export interface Api {
  invoke<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<Result<ChannelResult<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
