/**
 * The string formats the protocol names (date, date-time, email, uri),
 * checked strictly enough to catch typos without rejecting real values.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one (leap years included).
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !isDate(m[1] ?? '')) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 60;
}

function isUri(s: string): boolean {
  if (!URI.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const CHECKS: Record<string, (s: string) => boolean> = {
  date: isDate,
  'date-time': isDateTime,
  email: (s) => EMAIL.test(s),
  uri: isUri,
};

const MESSAGES: Record<string, string> = {
  date: 'Enter a date as YYYY-MM-DD.',
  'date-time': 'Enter a date and time (ISO 8601 with a time zone).',
  email: 'Enter a valid email address.',
  uri: 'Enter a valid URL.',
};

/** An error message, or undefined when valid. Unknown formats are annotations only. */
export function checkFormat(format: string, value: string): string | undefined {
  const check = CHECKS[format];
  if (!check || check(value)) return undefined;
  return MESSAGES[format];
}
