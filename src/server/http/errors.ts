/**
 * The protocol's one error shape, `{detail, code, errors?}`, thrown as an
 * HttpError from anywhere below a route and turned into a response by app.ts.
 */
export type FieldErrors = Record<string, string[]>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return { detail: this.detail, code: this.code, ...this.extra };
  }
}

export const notFound = (detail = 'Not found.'): HttpError => new HttpError(404, 'not_found', detail);

export function validationError(errors: FieldErrors, detail = 'Invalid input.', status = 400): HttpError {
  return new HttpError(status, 'validation', detail, { errors });
}

/** Adds one message to a field, creating the list on first use. */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}
