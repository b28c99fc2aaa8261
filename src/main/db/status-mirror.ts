/**
 * Each cached assignment's status, in memory, for counting a search's hits
 * per status: the full-text index hands back 40,000 ids in a few ms, where
 * reading their rows to learn their status took 30 ms more. Loaded on first
 * demand (one grouped read of the covering facets index). The repository
 * marks every id it writes and those are read again before the next use, so
 * a write that was rolled back never leaves a wrong status behind; a commit
 * by another connection (data_version) reloads the lot.
 */
import { STATUSES, type AssignmentStatus } from '../../shared/protocol';
import type { Db } from './connection';

/** Past this many marked ids, reading them one by one costs more than reloading. */
const RELOAD_AFTER = 5000;
/** Ids up to this index a byte array (a Map lookup per hit took 5 ms for 46,000 hits); beyond, a Map. */
const DENSE_LIMIT = 1 << 24;

/** Status index per id: 0 = pending … 4 = cancelled, -1 = not cached. */
export interface StatusLookup {
  statusOf(id: number): number;
}

/** Codes are status index + 1, so that 0 means "not cached". */
class DenseStatuses implements StatusLookup {
  private codes = new Uint8Array(1024);
  statusOf(id: number): number {
    return (this.codes[id] ?? 0) - 1;
  }
  set(id: number, status: number): void {
    if (id >= this.codes.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.codes.length * 2));
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[id] = status + 1;
  }
}

class SparseStatuses implements StatusLookup {
  private readonly codes = new Map<number, number>();
  statusOf(id: number): number {
    return this.codes.get(id) ?? -1;
  }
  set(id: number, status: number): void {
    if (status < 0) this.codes.delete(id);
    else this.codes.set(id, status);
  }
}

export function createStatusMirror(db: Db) {
  const loadStmt = db.prepare('SELECT status, json_group_array(id) AS ids FROM assignments GROUP BY status');
  const oneStmt = db.prepare('SELECT status FROM assignments WHERE id = ?').pluck();
  const dataVersionStmt = db.prepare('PRAGMA data_version').pluck();
  let byId: DenseStatuses | SparseStatuses | null = null;
  const dirty = new Set<number>();
  let dataVersion: unknown = null;

  const code = (s: string) => STATUSES.indexOf(s as AssignmentStatus);

  function load(): DenseStatuses | SparseStatuses {
    const groups = (loadStmt.all() as { status: string; ids: string }[]).map((r) => ({
      status: code(r.status),
      ids: JSON.parse(r.ids) as number[],
    }));
    const dense = groups.every((g) => g.ids.every((id) => Number.isInteger(id) && id >= 0 && id < DENSE_LIMIT));
    const m = dense ? new DenseStatuses() : new SparseStatuses();
    for (const g of groups) for (const id of g.ids) m.set(id, g.status);
    return m;
  }

  return {
    /** The repository wrote this assignment (or removed it). */
    touch(id: number): void {
      if (!byId) return;
      dirty.add(id);
      if (dirty.size > RELOAD_AFTER) {
        byId = null;
        dirty.clear();
      }
    },

    /** Status (an index into STATUSES) per cached id, as the database has them now. */
    current(): StatusLookup {
      const dv = dataVersionStmt.get();
      if (dv !== dataVersion) {
        dataVersion = dv;
        byId = null;
      }
      if (!byId) {
        byId = load();
        dirty.clear();
      } else if (dirty.size > 0) {
        for (const id of dirty) {
          const s = oneStmt.get(id) as string | undefined;
          const c = s === undefined ? -1 : code(s);
          if (byId instanceof DenseStatuses && !(Number.isInteger(id) && id >= 0 && id < DENSE_LIMIT)) {
            byId = load(); // an id too large for the byte array: start over as a Map
            break;
          }
          byId.set(id, c);
        }
        dirty.clear();
      }
      return byId;
    },
  };
}
export type StatusMirror = ReturnType<typeof createStatusMirror>;
