/**
 * What the workbench remembers between runs: theme, the guidelines and
 * filter panels' open state, and per account the queue's filters and
 * selection. One versioned localStorage key, parsed leniently with zod (a
 * bad or older value falls back to defaults field by field, never crashes
 * the start). Main has no settings channel yet; when it has one, this module
 * is the only place that changes.
 */
import { z } from 'zod';
import { DUE_FILTERS, LOCAL_FILTERS, ORDERINGS } from '../../shared/contract';
import { PRIORITIES, STATUSES } from '../../shared/protocol';
import { DEFAULT_FILTERS, type QueueFilters } from './queue-filters';

export const STORAGE_KEY = 'reviewdesk.workbench.v1';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const FiltersSchema = z.object({
  search: z.string().max(500).catch(DEFAULT_FILTERS.search),
  statuses: z.array(z.enum(STATUSES)).catch(DEFAULT_FILTERS.statuses),
  priorities: z.array(z.enum(PRIORITIES)).catch(DEFAULT_FILTERS.priorities),
  projects: z.array(z.number().int()).max(100).catch(DEFAULT_FILTERS.projects),
  kinds: z.array(z.string().max(200)).max(100).catch(DEFAULT_FILTERS.kinds),
  tags: z.array(z.number().int()).max(100).catch(DEFAULT_FILTERS.tags),
  due: z.array(z.enum(DUE_FILTERS)).catch(DEFAULT_FILTERS.due),
  local: z.array(z.enum(LOCAL_FILTERS)).catch(DEFAULT_FILTERS.local),
  ordering: z.enum(ORDERINGS).catch(DEFAULT_FILTERS.ordering),
});

const OTHER_QUEUES_KEPT = 10;

const QueueMemorySchema = z.object({
  /** Whose queue this was (see accountKey): another account starts from the defaults. */
  account: z.string(),
  filters: FiltersSchema,
  selectedId: z.number().int().nullable(),
  selectedIndex: z.number().int().min(0),
});
export type QueueMemory = z.infer<typeof QueueMemorySchema>;

const PersistedSchema = z.object({
  theme: z.enum(THEMES).catch('system'),
  guidelinesOpen: z.boolean().catch(true),
  filtersOpen: z.boolean().catch(false),
  queue: QueueMemorySchema.nullable().catch(null),
  /** The other accounts' memories (switching back finds its filters and selection), most recent first. */
  otherQueues: z.array(QueueMemorySchema).max(OTHER_QUEUES_KEPT).catch([]),
});
export type Persisted = z.infer<typeof PersistedSchema>;

const DEFAULTS: Persisted = { theme: 'system', guidelinesOpen: true, filtersOpen: false, queue: null, otherQueues: [] };

export function accountKey(account: { key: string }): string {
  return account.key;
}

/** Reads the remembered state; any problem (no storage, bad JSON, old shape) yields defaults. */
export function readPersisted(): Persisted {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return DEFAULTS;
    const parsed = PersistedSchema.safeParse({ ...DEFAULTS, ...(JSON.parse(raw) as object) });
    return parsed.success ? parsed.data : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

/** Remembered filters and selection for this account, or null. */
export function queueMemoryFor(account: string): QueueMemory | null {
  const p = readPersisted();
  const q = [p.queue, ...p.otherQueues].find((m) => m?.account === account);
  return q ? { ...q, filters: { ...q.filters } as QueueFilters } : null;
}

/** The memories to keep beside the current account's: the one it replaces goes first in line. */
export function otherQueuesBeside(current: string, before: Persisted): QueueMemory[] {
  const others = [before.queue, ...before.otherQueues].filter((m): m is QueueMemory => m !== null && m.account !== current);
  return others.slice(0, OTHER_QUEUES_KEPT);
}

let lastWritten = '';

/** Writes when something changed; a full or blocked storage only costs the memory, never the session. */
export function writePersisted(next: Persisted): void {
  const text = JSON.stringify(next);
  if (text === lastWritten) return;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, text);
    lastWritten = text;
  } catch {
    /* storage full or disabled: keep working without memory */
  }
}

/** Tests start from an empty memory. */
export function forgetPersistedForTests(): void {
  lastWritten = '';
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    /* nothing to forget */
  }
}
