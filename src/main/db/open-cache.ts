/**
 * Opens an account's cache file, and survives a damaged one. Damage inside
 * a SQLite file can be silent until a query touches it, so a quick_check runs
 * at open. A file that fails (SQLITE_CORRUPT, SQLITE_NOTADB, a failed check)
 * is moved aside with its WAL, a fresh cache is created, and whatever unsent
 * work can still be read — decisions, the outbox, drafts, the audit log — is
 * carried over. The assignments themselves come back with the next pull.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import type { Logger } from '../log';
import { openDatabase, type Db } from './connection';

export interface CacheRecovery {
  at: string;
  movedTo: string;
  reason: string;
  carried: { decisions: number; outbox: number; drafts: number; audit: number };
}

const CARRIED_TABLES = ['decisions', 'outbox', 'drafts', 'audit_log'] as const;

export function openCacheFile(
  file: string,
  log: Logger,
  now: () => Date = () => new Date(),
  /** 'later': the caller runs quick_check in the background (integrity-check.ts) and reopens with 'now' if it fails. */
  check: 'now' | 'later' = 'now',
): { db: Db; recovery: CacheRecovery | null } {
  let reason: string | null = null;
  try {
    const db = openDatabase(file);
    if (check === 'later') return { db, recovery: null };
    const result = db.pragma('quick_check', { simple: true });
    if (result === 'ok') return { db, recovery: null };
    reason = `quick_check: ${String(result)}`;
    db.close();
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw e; // a full disk or a locked file is not damage: say so, move nothing
    reason = `${code}: ${(e as Error).message}`;
  }

  const at = now().toISOString();
  const salvaged = salvage(file, log);
  const movedTo = `${file}.corrupt-${at.replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
  }
  const db = openDatabase(file);
  const carried = { decisions: 0, outbox: 0, drafts: 0, audit: 0 };
  db.transaction(() => {
    for (const table of CARRIED_TABLES) {
      for (const row of salvaged[table]) {
        try {
          const cols = Object.keys(row);
          db.prepare(`INSERT OR IGNORE INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(
            ...cols.map((c) => row[c]),
          );
          carried[table === 'audit_log' ? 'audit' : table]++;
        } catch (e) {
          log.warn(`could not carry a ${table} row over from the damaged cache`, { error: (e as Error).message });
        }
      }
    }
    // Assignments with unsent work come back with the next pull; until the
    // outbox answers they must not be overwritten, which pull already honours.
    db.prepare('INSERT INTO audit_log (at, action, detail_json) VALUES (?, ?, ?)').run(
      at,
      'cache.rebuilt',
      JSON.stringify({ reason, movedTo, carried }),
    );
  })();
  log.error('the local cache was damaged; it was set aside and rebuilt', { reason, movedTo, carried });
  return { db, recovery: { at, movedTo, reason, carried } };
}

/** Reads what it can of the reviewer's own work from a damaged file, table by table, row by row. */
function salvage(file: string, log: Logger): Record<(typeof CARRIED_TABLES)[number], Record<string, unknown>[]> {
  const out = { decisions: [], outbox: [], drafts: [], audit_log: [] } as Record<
    (typeof CARRIED_TABLES)[number],
    Record<string, unknown>[]
  >;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    for (const table of CARRIED_TABLES) {
      try {
        // Iterate so that rows before a damaged page are kept even if a later one throws.
        for (const row of db.prepare(`SELECT * FROM ${table}`).iterate()) out[table].push(row as Record<string, unknown>);
      } catch (e) {
        log.warn(`part of ${table} could not be read from the damaged cache`, {
          error: (e as Error).message,
          read: out[table].length,
        });
      }
    }
  } catch (e) {
    log.warn('nothing could be read from the damaged cache', { error: (e as Error).message });
  } finally {
    db?.close();
  }
  return out;
}
