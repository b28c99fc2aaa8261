/**
 * The queue as sparse pages: with 100,000 cached assignments only the pages
 * near what the reviewer looks at are loaded, each fetched with limit/offset.
 * Pure helpers over that shape.
 */
import type { QueueItem } from '../../shared/contract';

/** Rows per `queue:list` call: a few screens' worth, small enough to answer in a few ms. */
export const PAGE_SIZE = 200;

/** Loaded pages by page number; a missing page has not been fetched (or was dropped by a refresh). */
export type Pages = Readonly<Record<number, readonly QueueItem[]>>;

export const pageOf = (index: number): number => Math.floor(index / PAGE_SIZE);

export function rowAt(pages: Pages, index: number): QueueItem | undefined {
  return pages[pageOf(index)]?.[index % PAGE_SIZE];
}

/** Index of a loaded row, or -1. */
export function indexOfId(pages: Pages, id: number): number {
  for (const [page, rows] of Object.entries(pages)) {
    const at = rows.findIndex((r) => r.id === id);
    if (at !== -1) return Number(page) * PAGE_SIZE + at;
  }
  return -1;
}

/** Page numbers covering rows [start, end). */
export function pagesCovering(start: number, end: number): number[] {
  if (end <= start) return [];
  const out: number[] = [];
  for (let p = pageOf(start); p <= pageOf(end - 1); p++) out.push(p);
  return out;
}

/** The same pages with one row changed (no-op when that row is not loaded). */
export function updateRow(pages: Pages, id: number, change: (row: QueueItem) => QueueItem): Pages {
  const index = indexOfId(pages, id);
  if (index === -1) return pages;
  const page = pageOf(index);
  const rows = [...(pages[page] ?? [])];
  rows[index % PAGE_SIZE] = change(rows[index % PAGE_SIZE]!);
  return { ...pages, [page]: rows };
}

/** Still waiting for this reviewer (a conflict or refused decision counts): the rows worth opening next. */
export function needsDecision(row: QueueItem): boolean {
  return (row.status === 'pending' || row.status === 'in_progress') && row.localState !== 'unsent';
}

export interface Selection {
  selectedId: number | null;
  selectedIndex: number;
}

/**
 * After the rows changed: stay on the same assignment if it is still loaded,
 * otherwise on the row that took its place (clamped to the end).
 */
export function settleSelection(pages: Pages, total: number, current: Selection): Selection {
  if (total === 0) return { selectedId: null, selectedIndex: 0 };
  if (current.selectedId !== null) {
    const at = indexOfId(pages, current.selectedId);
    if (at !== -1) return { selectedId: current.selectedId, selectedIndex: at };
  }
  const index = Math.min(Math.max(0, current.selectedIndex), total - 1);
  return { selectedId: rowAt(pages, index)?.id ?? null, selectedIndex: index };
}
