import type { ErrorCode } from '../../shared/result';

/**
 * Short words for each error code (Actual Budget's sendCatch idea): the UI
 * leads with these and follows with the specific message main sent.
 */
const HEADLINES: Record<ErrorCode, string> = {
  offline: "Can't reach the server.",
  unauthorized: 'The server did not accept the token.',
  forbidden: 'Not allowed.',
  conflict: 'Changed on the server.',
  validation: 'Some values need fixing.',
  not_found: 'Not found.',
  rate_limited: 'The server is busy; try again shortly.',
  server: 'The server had a problem.',
  bad_response: "The server's answer was not understood.",
  db_corrupt: 'The local database is damaged.',
  disk_full: 'The disk is full.',
  invalid_input: 'Check what you entered.',
  internal: 'Something went wrong.',
};

export function errorHeadline(code: ErrorCode | string): string {
  return (HEADLINES as Record<string, string>)[code] ?? HEADLINES.internal;
}

/** Headline plus main's message, without repeating it when they say the same. */
export function describeError(error: { code: ErrorCode | string; message: string }): string {
  const headline = errorHeadline(error.code);
  const message = error.message.trim();
  if (!message || message === headline) return headline;
  return `${headline} ${message}`;
}
