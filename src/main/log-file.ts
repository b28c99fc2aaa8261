/**
 * A small size-rotated log file: `main.log`, then `main.1.log` … `main.N.log`
 * (oldest last; the one past N is deleted). Our own rather than electron-log:
 * the app already has its Logger interface, the redaction must run before
 * any sink anyway, and this runs (and is tested) on plain Node without
 * Electron. Writes are synchronous appends of whole lines, so lines keep
 * their order and a crash loses at most the line being written; the app logs
 * a few lines a minute, not a stream.
 *
 * A log must never take the app down: a failing disk turns the file off
 * (reported once through `onError`) and the app goes on.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** File name without extension (default `main`). */
  name?: string;
  /** Rotate before a write would take the file past this size (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files to keep besides the current one (default 4). */
  keep?: number;
  /** Told once when the file cannot be written; the file is off from then on. */
  onError?: (error: Error) => void;
}

export interface RotatingFile {
  /** Appends one line (a newline is added). */
  write(line: string): void;
  /** The current file's path. */
  readonly path: string;
  close(): void;
}

/** The paths of a log's files, newest first: `main.log`, `main.1.log`, … */
export function logFiles(dir: string, name = 'main', keep = 4): string[] {
  return [join(dir, `${name}.log`), ...Array.from({ length: keep }, (_, i) => join(dir, `${name}.${i + 1}.log`))];
}

export function createRotatingFile(options: RotatingFileOptions): RotatingFile {
  const name = options.name ?? 'main';
  const maxBytes = Math.max(1024, options.maxBytes ?? 1024 * 1024);
  const keep = Math.max(0, options.keep ?? 4);
  const files = logFiles(options.dir, name, keep);
  const current = files[0]!;
  let fd: number | null = null;
  let size = 0;
  let failed = false;

  const fail = (e: unknown) => {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already gone */
      }
    }
    fd = null;
    if (!failed) {
      failed = true;
      options.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  };

  const open = () => {
    mkdirSync(options.dir, { recursive: true });
    // Owner-only: logs are redacted, but they still describe the reviewer's work.
    fd = openSync(current, 'a', 0o600);
    size = fstatSync(fd).size;
  };

  const rotate = () => {
    if (fd !== null) closeSync(fd); // Windows cannot rename an open file.
    fd = null;
    if (keep === 0) rmSync(current, { force: true });
    else {
      rmSync(files[keep]!, { force: true });
      for (let i = keep - 1; i >= 0; i--) {
        try {
          renameSync(files[i]!, files[i + 1]!);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
    open();
  };

  return {
    path: current,
    write(line) {
      if (failed) return;
      try {
        if (fd === null) open();
        const bytes = Buffer.from(`${line}\n`, 'utf8');
        // A file that already holds something rotates first; a single huge line still gets written whole.
        if (size > 0 && size + bytes.length > maxBytes) rotate();
        size += writeSync(fd!, bytes);
      } catch (e) {
        fail(e);
      }
    },
    close() {
      if (fd !== null) {
        try {
          closeSync(fd);
        } catch {
          /* nothing to save */
        }
      }
      fd = null;
    },
  };
}
