/**
 * Errors cross every boundary (IPC, sync engine, backend client) as data.
 * The set of codes is closed so the UI can map each one to words.
 */
export const ERROR_CODES = [
  'offline',
  'unauthorized',
  'forbidden',
  'conflict',
  'validation',
  'not_found',
  'rate_limited',
  'server',
  'bad_response',
  'db_corrupt',
  'disk_full',
  'invalid_input',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field errors, keyed by a JSON-pointer-like path (`/amount`, `/address/zip`). */
  fields?: Record<string, string[]>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, fields?: Record<string, string[]>): Result<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** Turns anything thrown into an AppError, keeping AppFailure's code. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure)
    return e.fields ? { code: e.code, message: e.message, fields: e.fields } : { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  // SQLite's error codes arrive on the error object (better-sqlite3's SqliteError).
  const sqlite = (e as { code?: unknown } | null)?.code;
  if (sqlite === 'SQLITE_FULL')
    return { code: 'disk_full', message: 'The disk is full: nothing was saved. Free some space and try again.' };
  if (sqlite === 'SQLITE_CORRUPT' || sqlite === 'SQLITE_NOTADB')
    return { code: 'db_corrupt', message: 'The local cache is damaged.' };
  return { code: 'internal', message };
}
