/**
 * The string formats a form may use (protocol: Form). They are checked, not
 * just annotated, because a reviewer's typo in an email must not reach the
 * backend. Unknown formats are ignored, as JSON Schema allows.
 */

// The WHATWG "valid email address": the same rule the renderer's
// <input type=email> applies, so the two sides agree.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time: seconds are mandatory, the offset too.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const URI_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

export function isValidDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !isValidDate(m[1] ?? '')) return false;
  const [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || mi > 59 || sec > 60) return false;
  if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59)) return false;
  return true;
}

export function isValidEmail(s: string): boolean {
  return EMAIL.test(s);
}

export function isValidUri(s: string): boolean {
  if (!URI_SCHEME.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const CHECKS: Record<string, { test: (s: string) => boolean; message: string }> = {
  date: { test: isValidDate, message: 'Must be a valid date' },
  'date-time': { test: isValidDateTime, message: 'Must be a valid date and time' },
  email: { test: isValidEmail, message: 'Must be a valid email address' },
  uri: { test: isValidUri, message: 'Must be a valid URL' },
};

/** The error message for `s` under `format`, or undefined when it is fine or the format is unknown. */
export function formatError(format: string, s: string): string | undefined {
  const check = Object.prototype.hasOwnProperty.call(CHECKS, format) ? CHECKS[format] : undefined;
  return check && !check.test(s) ? check.message : undefined;
}
