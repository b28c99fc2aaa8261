/** Reading path parameters, headers and bodies the same way in every route. */
import type { z } from 'zod';
import { HttpError, notFound, validationError } from '../http/errors';
import type { ApiRequest, Reply } from '../http/router';
import { zodFieldErrors } from '../http/zod-errors';
import type { Answer } from '../domain/decide';

/** A numeric id from the path; anything else names nothing (404). */
export function idParam(req: ApiRequest, name = 'id'): number {
  const raw = req.params[name] ?? '';
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw notFound('No such assignment.');
  return Number(raw);
}

export function idempotencyKey(req: ApiRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key === '') return undefined;
  if (key.length > 200) throw validationError({ 'Idempotency-Key': ['At most 200 characters.'] });
  return key;
}

/** Parses a body with zod; a mismatch is a 400 with per-field errors. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, status = 400): z.infer<S> {
  if (body === undefined) throw validationError({ non_field_errors: ['A JSON body is required.'] }, 'Invalid input.', status);
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(zodFieldErrors(result.error), 'Invalid input.', status);
  return result.data;
}

export function answerReply(a: Answer): Reply {
  return { status: a.status, text: a.text };
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export function forbidden(detail: string): HttpError {
  return new HttpError(403, 'forbidden', detail);
}
