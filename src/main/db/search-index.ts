/**
 * The full-text index over assignment titles and data (FTS5).
 *
 * Contentless: the words are indexed, not stored (the bodies table has the
 * text). Since migration 9 without `contentless_delete` and without column
 * sizes: those made every first-sync insert write a size row and a deletion
 * marker structure, and every later re-index merge tombstones (a first sync
 * of 100,000 assignments spent a tenth of its writes there; re-indexing 100
 * changed assignments took 12-40 ms instead of 3-4). The price: taking a
 * row's words out needs those very words ('delete' with the old values).
 * They come from the row's stored title and body, and the row's signature
 * (fts_sig, of the words as indexed) confirms them before anything is taken
 * out; where it does not, the whole index is built again rather than left
 * holding words it cannot retract.
 *
 * fts_sig NULL: nothing of the row is in the index.
 */
import type { Db } from './connection';

const MAX_FTS_BODY = 8000;

export const SEARCH_INDEX_SQL = `CREATE VIRTUAL TABLE assignments_fts USING fts5(
  title, body, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2'
)`;
export const SEARCH_INSERT_SQL = 'INSERT INTO assignments_fts (rowid, title, body) VALUES (?, ?, ?)';

/** All string leaves of the data, for full-text search. */
export function searchableText(data: unknown): string {
  const parts: string[] = [];
  collectText(data, 0, parts, 0);
  return parts.join(' ').slice(0, MAX_FTS_BODY);
}

/**
 * Appends the string (and number) leaves under `v` to `parts`; returns the
 * characters collected so far. A plain function rather than a closure: this
 * runs for every assignment of a first sync.
 */
function collectText(v: unknown, depth: number, parts: string[], size: number): number {
  if (size > MAX_FTS_BODY || depth > 20) return size;
  if (typeof v === 'string') {
    parts.push(v);
    return size + v.length;
  }
  if (typeof v === 'number') {
    parts.push(String(v));
    return size;
  }
  if (Array.isArray(v)) {
    for (const x of v) size = collectText(x, depth + 1, parts, size);
  } else if (v && typeof v === 'object') {
    for (const k in v) {
      if (Object.hasOwn(v, k)) size = collectText((v as Record<string, unknown>)[k], depth + 1, parts, size);
    }
  }
  return size;
}

/** FNV-1a over the searchable text: equal signatures mean the full-text index already holds these words. */
export function textSignature(title: string, text: string): number {
  // Title, a NUL, then the text, hashed in place: a concatenation is a string whose every charCodeAt walks its parts.
  let h = fnv(0x811c9dc5, title);
  h = Math.imul(h, 0x01000193); // the NUL between them (h ^= 0)
  return fnv(h, text) | 0;
}

function fnv(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The searchable text of a stored body, or null when it cannot be read. */
function textOfBody(json: string): string | null {
  try {
    return searchableText((JSON.parse(json) as { data?: unknown } | null)?.data);
  } catch {
    return null;
  }
}

/**
 * Indexes every cached assignment's words again from its stored title and
 * body, and records their signatures: the index is emptied first. In the
 * caller's transaction; a few seconds for 100,000 assignments.
 */
export function reindexAll(db: Db): void {
  db.exec("INSERT INTO assignments_fts (assignments_fts) VALUES ('delete-all')");
  const page = db.prepare(`
    SELECT a.id, a.title, b.json FROM assignments a LEFT JOIN assignment_bodies b ON b.id = a.id
    WHERE a.id > ? ORDER BY a.id LIMIT 1000`);
  const insert = db.prepare(SEARCH_INSERT_SQL);
  const setSig = db.prepare('UPDATE assignments SET fts_sig = ? WHERE id = ?');
  for (let after = 0; ;) {
    const rows = page.all(after) as { id: number; title: string; json: string | null }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const text = r.json === null ? null : textOfBody(r.json);
      if (text === null) {
        setSig.run(null, r.id);
        continue;
      }
      insert.run(r.id, r.title, text);
      setSig.run(textSignature(r.title, text), r.id);
    }
    after = rows[rows.length - 1]!.id;
  }
}

export function createSearchIndex(db: Db) {
  const insert = db.prepare(SEARCH_INSERT_SQL);
  const retractStmt = db.prepare("INSERT INTO assignments_fts (assignments_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)");
  const bodyStmt = db.prepare('SELECT json FROM assignment_bodies WHERE id = ?').pluck();
  return {
    add(id: number, title: string, text: string): void {
      insert.run(id, title, text);
    },
    /**
     * Takes a row's words out of the index, before its body changes: the
     * words its stored title and body give, when they match the signature of
     * what was indexed. False when they do not: rebuild() is then due.
     */
    retract(id: number, title: string, sig: number | null): boolean {
      if (sig === null) return true;
      const json = bodyStmt.get(id) as string | undefined;
      const text = json === undefined ? null : textOfBody(json);
      if (text === null || textSignature(title, text) !== sig) return false;
      retractStmt.run(id, title, text);
      return true;
    },
    rebuild: () => reindexAll(db),
  };
}
