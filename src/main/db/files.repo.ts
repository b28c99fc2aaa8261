/** Bookkeeping of the offline file cache: which URL (without query) is stored where, how big, when last used. */
import type { Db } from './connection';

export interface CachedFile {
  urlKey: string;
  path: string;
  mime: string | null;
  size: number;
  sha256: string | null;
  lastUsedAt: string;
}

export function createFilesRepo(db: Db) {
  const getStmt = db.prepare('SELECT * FROM cached_files WHERE url_key = ?');
  const putStmt = db.prepare(`
    INSERT OR REPLACE INTO cached_files (url_key, path, mime, size, sha256, last_used_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const touchStmt = db.prepare('UPDATE cached_files SET last_used_at = ? WHERE url_key = ?');
  const delStmt = db.prepare('DELETE FROM cached_files WHERE url_key = ?');
  const totalStmt = db.prepare('SELECT coalesce(sum(size), 0) AS n FROM cached_files');
  const lruStmt = db.prepare('SELECT * FROM cached_files ORDER BY last_used_at, url_key');
  type Row = { url_key: string; path: string; mime: string | null; size: number; sha256: string | null; last_used_at: string };
  const toFile = (r: Row): CachedFile => ({
    urlKey: r.url_key,
    path: r.path,
    mime: r.mime,
    size: r.size,
    sha256: r.sha256,
    lastUsedAt: r.last_used_at,
  });
  return {
    get(urlKey: string): CachedFile | null {
      const r = getStmt.get(urlKey) as Row | undefined;
      return r ? toFile(r) : null;
    },
    put(f: CachedFile): void {
      putStmt.run(f.urlKey, f.path, f.mime, f.size, f.sha256, f.lastUsedAt);
    },
    touch(urlKey: string, at: string): void {
      touchStmt.run(at, urlKey);
    },
    delete(urlKey: string): void {
      delStmt.run(urlKey);
    },
    totalBytes(): number {
      return (totalStmt.get() as { n: number }).n;
    },
    /** Least recently used first. */
    lru(): CachedFile[] {
      return (lruStmt.all() as Row[]).map(toFile);
    },
  };
}
export type FilesRepo = ReturnType<typeof createFilesRepo>;
