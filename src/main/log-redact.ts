/**
 * What may reach a log line. Log lines end up in support tickets, so secrets
 * are removed before anything is written: by key (any object key that looks
 * like a secret: token, password, authorization, cookie, api key, …) and by
 * shape inside strings (`Bearer …`, `Authorization: …` headers, JWTs,
 * `?token=` query parameters, `user:pass@` in URLs, `"token":"…"` in JSON
 * bodies quoted in error messages). Over-redacting is the safe failure.
 */

export const REDACTED = '[redacted]';

// Keys are compared lowercased with separators removed: `X-Api-Key`, `api_key` and `apiKey` are one key.
const SECRET_KEY_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'cookie',
  'credential',
  'authorization',
  'apikey',
  'privatekey',
  'accesskey',
  'signature',
  'sessionid',
  'bearer',
  'jwt',
];
const SECRET_KEYS_EXACT = new Set(['auth', 'pwd', 'pass', 'pin', 'otp', 'sig']);

/** True when a value under this key must never be written down. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS_EXACT.has(k) || SECRET_KEY_PARTS.some((p) => k.includes(p));
}

// Query parameters and `name=value` pairs whose value is a secret.
const PARAM_NAMES =
  '(?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|secret|client_secret|password|passwd|sig|signature|auth|key)';
const STRING_RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // Authorization / Proxy-Authorization / Cookie headers written out as text: the whole value.
  [
    /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key)(\s*[:=]\s*)[^\r\n]*/gi,
    (_m, name, sep) => `${name}${sep}${REDACTED}`,
  ],
  // Bearer / Basic / Token credentials wherever they appear (a word of plain letters after them is English, not a credential).
  [
    /\b(bearer|basic|token)(\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/gi,
    (_m, scheme, sp) => `${scheme}${sp}${REDACTED}`,
  ],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // "token":"…" and friends inside JSON quoted in a message.
  [
    /("[^"\\]{0,60}(?:token|secret|password|passwd|authorization|cookie|api[_-]?key|credential)[^"\\]{0,60}"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    (_m, head) => `${head}"${REDACTED}"`,
  ],
  // ?token=…, &api_key=…, token=… in text.
  [new RegExp(`([?&;\\s(]|^)(${PARAM_NAMES})=([^&#\\s"')]+)`, 'gi'), (_m, lead, name) => `${lead}${name}=${REDACTED}`],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
];

/** Removes secret-looking parts of a string. */
export function redactString(s: string): string {
  let out = s;
  for (const [re, to] of STRING_RULES) out = out.replace(re, to as (substring: string, ...args: string[]) => string);
  return out;
}

const MAX_DEPTH = 6;
const MAX_STRING = 10_000;
const MAX_ITEMS = 200;

/**
 * A copy of `value` safe to log: secret keys blanked, strings cleaned,
 * errors as `{ name, message, code, stack }`, bytes as their length, cycles
 * and depth cut. Never throws (a getter that throws becomes a note).
 */
export function redact(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    const cut = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
    return redactString(cut);
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function') return '[function]';
    if (typeof value === 'symbol') return value.toString();
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (value instanceof Error) {
      const e = value as Error & { code?: unknown; cause?: unknown };
      const out: Record<string, unknown> = { name: e.name, message: walk(e.message, depth + 1, seen) };
      if (e.code !== undefined) out.code = walk(e.code, depth + 1, seen);
      if (e.stack) out.stack = walk(e.stack, depth + 1, seen);
      if (e.cause !== undefined) out.cause = walk(e.cause, depth + 1, seen);
      return out;
    }
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => walk(v, depth + 1, seen));
      if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
      return items;
    }
    // Map, and the fetch API's Headers (which iterate as [name, value] pairs).
    if (value instanceof Map || isHeadersLike(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value as Iterable<[unknown, unknown]>) {
        const key = String(k);
        out[key] = isSecretKey(key) ? REDACTED : walk(v, depth + 1, seen);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_ITEMS) {
        out['…'] = `${Object.keys(value).length - MAX_ITEMS} more keys`;
        break;
      }
      let v: unknown;
      try {
        v = (value as Record<string, unknown>)[key];
      } catch {
        v = '[unreadable]';
      }
      out[key] = isSecretKey(key) ? (v === null || v === undefined || v === '' ? v : REDACTED) : walk(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function isHeadersLike(v: object): boolean {
  return (
    typeof (v as { get?: unknown }).get === 'function' &&
    typeof (v as { has?: unknown }).has === 'function' &&
    typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' &&
    typeof (v as { append?: unknown }).append === 'function'
  );
}
