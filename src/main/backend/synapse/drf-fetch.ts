/**
 * What sits between the shared HTTP client and fetch for Synapse, a Django
 * REST Framework server:
 *
 * - Refusals come as `{"detail": "…"}`, field → [messages]
 *   (`{"title": ["This field is required."]}`), a bare list (`["…"]`) or
 *   nested field errors. The client reads only the protocol's error shape
 *   (detail, code, errors), so a refusal's body is rewritten into it here,
 *   field errors keyed by JSON pointer like the app's own ('' = the whole form).
 * - DRF answers a missing or bad credential with 403 when the authentication
 *   class sends no WWW-Authenticate header (custom header schemes like
 *   Synapse's do that): such a 403 becomes 401, so the app asks the reviewer
 *   to sign in again instead of retrying a dead token.
 * (A write whose connection closed before the answer is not resent at once:
 * the client runs with `resendStaleWrites: false`, and the adapter re-reads
 * the assignment before it sends the decision again.)
 * - The `Date` of each answer is handed to `onDate`: the server's own clock
 *   for the incremental pull's watermark (cursor.ts).
 */
import type { FetchFn } from '../http-client';

export interface DrfErrorBody {
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
  assignment?: unknown;
}

/** DRF's own messages for NotAuthenticated and AuthenticationFailed (and TokenAuthentication's). */
const AUTH_FAILURE = /authentication credentials|invalid token|token (has )?expired|user inactive or deleted/i;

export function drfFetch(inner: FetchFn, onDate?: (url: string, ms: number) => void): FetchFn {
  return async (input, init) => {
    const res = await inner(input, init);
    const date = Date.parse(res.headers.get('date') ?? '');
    if (onDate && Number.isFinite(date)) onDate(urlOf(input), date);
    if (res.ok) return res;

    const text = await res.text();
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // An HTML error page from a proxy: the status says enough.
      return new Response(text.length > 0 ? text : null, { status: res.status, statusText: res.statusText, headers });
    }
    const body = normaliseDrfError(json);
    const status = res.status === 403 && AUTH_FAILURE.test(body.detail ?? '') ? 401 : res.status;
    headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(body), { status, statusText: res.statusText, headers });
  };
}

function urlOf(input: Parameters<FetchFn>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

/** Any DRF error body as the protocol's `{detail, code, errors}`. */
export function normaliseDrfError(json: unknown): DrfErrorBody {
  const errors: Record<string, string[]> = {};
  const out: DrfErrorBody = {};
  if (typeof json === 'string') {
    out.detail = json;
  } else if (Array.isArray(json)) {
    collect(errors, '', json);
  } else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (key === 'detail') {
        if (typeof value === 'string') out.detail = value;
        else collect(errors, '', value);
      } else if (key === 'code' && typeof value === 'string') out.code = value;
      else if (key === 'assignment') out.assignment = value;
      else if (key === 'errors' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [field, messages] of Object.entries(value as Record<string, unknown>)) {
          collect(errors, field.startsWith('/') || field === '' ? field : `/${escape(field)}`, messages);
        }
      } else if (key === 'non_field_errors') collect(errors, '', value);
      else collect(errors, `/${escape(key)}`, value);
    }
  }
  const fields = Object.keys(errors);
  if (fields.length > 0) {
    out.errors = errors;
    if (out.detail === undefined) {
      const first = fields[0]!;
      const message = errors[first]![0]!;
      out.detail = first === '' ? message : `${first.slice(1)}: ${message}`;
    }
    if (out.code === undefined) out.code = 'validation';
  }
  return out;
}

function collect(errors: Record<string, string[]>, path: string, value: unknown): void {
  if (typeof value === 'string') {
    (errors[path] ??= []).push(value);
  } else if (Array.isArray(value)) {
    // A list of messages, or a list serializer's errors: one entry per item, `{}` for the good ones.
    value.forEach((item, i) => collect(errors, typeof item === 'string' ? path : `${path}/${i}`, item));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      collect(errors, k === 'non_field_errors' ? path : `${path}/${escape(k)}`, v);
    }
  }
}

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
