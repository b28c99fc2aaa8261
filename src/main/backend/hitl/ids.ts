/**
 * The app's ids are positive integers; a HITL service's are strings (often
 * UUIDs). Numeric ids stay themselves, so a service with integer ids reads
 * the same in both; anything else is hashed into 2^48, far below
 * Number.MAX_SAFE_INTEGER so it survives JSON, SQLite and the renderer.
 * The service's own id travels with the assignment (metadata.request_id),
 * since a hash cannot be undone.
 */
import { createHash } from 'node:crypto';

/** Canonical decimal without leading zeros: "007" would not come back as "007", so it is hashed. */
const NUMERIC = /^[1-9][0-9]{0,15}$/;

/** The first 48 bits of SHA-256: collisions are negligible for any queue a person can work through. */
export function hash48(text: string): number {
  const n = createHash('sha256').update(text, 'utf8').digest().readUIntBE(0, 6);
  return n === 0 ? 1 : n;
}

/** The app's id for a request id, or null when there is none to map. */
export function appIdFor(requestId: unknown): number | null {
  if (typeof requestId === 'number') {
    if (Number.isSafeInteger(requestId) && requestId > 0) return requestId;
    return Number.isFinite(requestId) ? hash48(String(requestId)) : null;
  }
  if (typeof requestId !== 'string') return null;
  const s = requestId.trim();
  if (s === '') return null;
  if (NUMERIC.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
  return hash48(s);
}

/** The request id as the service's paths want it (numbers as decimal text). */
export function requestIdText(requestId: unknown): string | null {
  if (typeof requestId === 'number' && Number.isFinite(requestId)) return String(requestId);
  if (typeof requestId === 'string' && requestId.trim() !== '') return requestId.trim();
  return null;
}

/**
 * A person's stable app user id, from the name the service records
 * (`fulfilled_by`): the service has no user ids and no who-am-I route. The
 * prefix keeps it apart from request ids hashed with the same function.
 */
export function userIdFor(name: string): number {
  return hash48(`user:${name.trim()}`);
}

/** A short, stable hex digest of a value's canonical JSON (form ids, content versions). */
export function digest(value: unknown, hexChars = 16): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex').slice(0, hexChars);
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
