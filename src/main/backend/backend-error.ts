/**
 * A failed backend call, with what the sync engine needs to decide on a
 * retry. Apart from the HTTP client (which checks error bodies with zod) so
 * that the first sync's page worker, which fetches pages too, loads without zod.
 */
import type { ErrorBody } from '../../shared/protocol';
import { AppFailure, type ErrorCode } from '../../shared/result';

export class BackendError extends AppFailure {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
    readonly body: ErrorBody | null,
    readonly retryAfterMs: number | null = null,
    fields?: Record<string, string[]>,
  ) {
    super(code, message, fields);
    this.name = 'BackendError';
  }

  /** Network errors, timeouts, 5xx and 429 are worth retrying as-is; nothing else is. */
  get retryable(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}
