/**
 * Files of cached assignments, downloaded for offline use. A file is keyed by
 * its URL without the query string, because presigned URLs rotate their
 * signature between fetches of the same file. The cache keeps within a size
 * budget the reviewer can change, evicting least recently used files first,
 * but never a file of an assignment the reviewer has open.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assignment } from '../../shared/protocol';
import type { FetchFn } from '../backend/http-client';
import type { FilesRepo } from '../db/files.repo';
import type { Logger } from '../log';

export const DEFAULT_FILE_BUDGET = 500 * 1024 * 1024;

export function urlKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
}

export interface FileCacheDeps {
  dir: string;
  repo: FilesRepo;
  log: Logger;
  fetch?: FetchFn;
  now?: () => Date;
  budgetBytes?: number;
  /** Sent only to the backend's own origin; presigned URLs elsewhere carry their own credential. */
  auth?: { origin: string; headers: Record<string, string> };
}

export interface FileSyncReport {
  downloaded: number;
  failed: number;
  skippedForBudget: number;
  evicted: number;
}

export function createFileCache(deps: FileCacheDeps) {
  const now = deps.now ?? (() => new Date());
  const doFetch = deps.fetch ?? fetch;
  let budget = deps.budgetBytes ?? DEFAULT_FILE_BUDGET;
  const open = new Set<string>();
  // Aborted when the session closes, so no download writes into a cache folder being closed or removed.
  const closing = new AbortController();
  mkdirSync(deps.dir, { recursive: true });

  const pathFor = (key: string) => join(deps.dir, createHash('sha256').update(key).digest('hex'));

  async function download(url: string, ref: Assignment['files'][string]): Promise<boolean> {
    const key = urlKey(url);
    // Same origin exactly: a prefix test would also hand the token to http://host:80 + "80".
    const sameOrigin = deps.auth !== undefined && originOf(url) === deps.auth.origin;
    const headers: Record<string, string> = sameOrigin ? { ...deps.auth!.headers } : {};
    const res = await doFetch(url, { headers, signal: AbortSignal.any([closing.signal, AbortSignal.timeout(60_000)]) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const buf = Buffer.from(await res.arrayBuffer());
    if (closing.signal.aborted) return false;
    if (ref.sha256 && createHash('sha256').update(buf).digest('hex') !== ref.sha256.toLowerCase()) {
      throw new Error('the file does not match its sha256');
    }
    const path = pathFor(key);
    writeFileSync(path, buf);
    deps.repo.put({
      urlKey: key,
      path,
      mime: ref.mime ?? res.headers.get('content-type'),
      size: buf.length,
      sha256: ref.sha256 ?? null,
      lastUsedAt: now().toISOString(),
    });
    return true;
  }

  function evict(): number {
    let total = deps.repo.totalBytes();
    let evicted = 0;
    for (const f of deps.repo.lru()) {
      if (total <= budget) break;
      if (open.has(f.urlKey)) continue;
      rmSync(f.path, { force: true });
      deps.repo.delete(f.urlKey);
      total -= f.size;
      evicted++;
    }
    return evicted;
  }

  return {
    /** Downloads the files of these assignments (most important first) that are not cached yet, within the budget. */
    async sync(assignments: Assignment[]): Promise<FileSyncReport> {
      const report: FileSyncReport = { downloaded: 0, failed: 0, skippedForBudget: 0, evicted: 0 };
      let total = deps.repo.totalBytes();
      for (const a of assignments) {
        for (const ref of Object.values(a.files)) {
          if (closing.signal.aborted) return report;
          const key = urlKey(ref.url);
          if (deps.repo.get(key)) continue;
          if (ref.size !== undefined && total + ref.size > budget) {
            report.skippedForBudget++;
            continue;
          }
          try {
            if (!(await download(ref.url, ref))) return report;
            total = deps.repo.totalBytes();
            report.downloaded++;
          } catch (e) {
            if (closing.signal.aborted) return report;
            report.failed++;
            deps.log.warn('could not download a file for offline use', {
              assignment: a.id,
              url: key,
              error: (e as Error).message,
            });
          }
        }
      }
      report.evicted = evict();
      return report;
    },

    /** Stops downloading for good: the session is closing. A running sync() returns at its next step. */
    stop(): void {
      closing.abort();
    },

    /** The cached bytes of a file, by any of its (presigned) URLs; null when not cached. */
    read(url: string): { bytes: Buffer; mime: string | null } | null {
      const f = deps.repo.get(urlKey(url));
      if (!f) return null;
      try {
        const bytes = readFileSync(f.path);
        deps.repo.touch(f.urlKey, now().toISOString());
        return { bytes, mime: f.mime };
      } catch {
        deps.repo.delete(f.urlKey); // the file vanished from disk: forget it, the next sync fetches it again
        return null;
      }
    },

    /** The files of the assignment on screen are never evicted. */
    setOpen(assignment: Assignment | null): void {
      open.clear();
      if (assignment) for (const ref of Object.values(assignment.files)) open.add(urlKey(ref.url));
    },

    setBudget(bytes: number): number {
      budget = Math.max(0, bytes);
      return evict();
    },
    budget: () => budget,
    usedBytes: () => deps.repo.totalBytes(),
  };
}
export type FileCache = ReturnType<typeof createFileCache>;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
