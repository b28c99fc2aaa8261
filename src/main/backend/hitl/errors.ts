/**
 * What sits between the HTTP client and the service's fetch:
 *
 * - Error bodies in the FastAPI style (`{"detail": "…"}`, or
 *   `{"detail": [{"loc": [...], "msg": "…", "input": …}]}` for validation)
 *   become the protocol's error shape (`{detail, errors}`), so the client's
 *   status table maps them like any other backend's. A validation item's
 *   `input` (which can be the API key the reviewer typed) is dropped, and
 *   any value of the request's `response_data` that a message repeats is
 *   replaced by [redacted]: error messages reach logs and the audit log.
 * (A write that fails without an answer is not resent at once: the client
 * runs with `resendStaleWrites: false`, and the outbox's retry re-reads the
 * request first, push.ts.)
 */
import type { FetchFn } from '../http-client';

const REDACTED = '[redacted]';
const MAX_DETAIL = 500;

export function hitlFetch(inner: FetchFn): FetchFn {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.ok) return res;
    const raw = await res.text().catch(() => '');
    const body = normaliseError(raw, secretsOf(init?.body));
    const headers = new Headers(res.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers });
  };
}

/** The string forms of every value in the request's `response_data`, for scrubbing. */
export function secretsOf(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 20) return;
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v);
      // Shorter values are not secrets worth the noise of blanking every "true" or "12" in a message.
      if (s.length >= 4) out.push(s);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, depth + 1));
  };
  walk((parsed as { response_data?: unknown } | null)?.response_data, 0);
  return out.sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let s = text;
  for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
  return s;
}

interface ProtocolError {
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

/** A FastAPI `loc` as the app's field path: the form's values sit at the top, the comment at /comment. */
function pointerOf(loc: unknown): string {
  if (!Array.isArray(loc)) return '';
  let parts = loc.map(String);
  if (['body', 'query', 'path', 'header'].includes(parts[0] ?? '')) parts = parts.slice(1);
  if (parts[0] === 'response_data') parts = parts.slice(1);
  if (parts.length === 1 && (parts[0] === 'notes' || parts[0] === 'reason')) return '/comment';
  return parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function normaliseError(raw: string, secrets: readonly string[]): ProtocolError {
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    return {}; // an error page: the status says enough
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
  const j = json as Record<string, unknown>;
  const clean = (s: string): string => scrub(s, secrets).slice(0, MAX_DETAIL);
  const out: ProtocolError = {};
  if (typeof j.code === 'string') out.code = clean(j.code);
  const detail = j.detail;
  if (typeof detail === 'string') {
    out.detail = clean(detail);
  } else if (Array.isArray(detail)) {
    const errors: Record<string, string[]> = {};
    const messages: string[] = [];
    for (const item of detail.slice(0, 50)) {
      if (!item || typeof item !== 'object') continue;
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      if (typeof msg !== 'string') continue;
      const path = pointerOf(loc);
      (errors[path] ??= []).push(clean(msg));
      const name = Array.isArray(loc) ? String(loc[loc.length - 1] ?? '') : '';
      messages.push(clean(name ? `${name}: ${msg}` : msg));
    }
    out.detail = clean(
      messages.length > 0
        ? `The service refused the values (${messages.slice(0, 3).join('; ')})`
        : 'The service refused the values',
    );
    if (Object.keys(errors).length > 0) out.errors = errors;
    out.code ??= 'validation';
  } else if (detail && typeof detail === 'object') {
    const d = detail as Record<string, unknown>;
    const m = d.message ?? d.msg ?? d.error;
    if (typeof m === 'string') out.detail = clean(m);
  }
  if (out.detail === undefined) {
    const m = j.message ?? j.error;
    if (typeof m === 'string') out.detail = clean(m);
  }
  return out;
}
