/**
 * A minimal logger interface; hosts pass a real one, tests a recording one.
 * Never log tokens or form values. The real sinks (console, the rotating
 * file) pass everything through `redact` (log-redact.ts) as a second line of
 * defence: secret-looking keys and token shapes never reach a line.
 */
import type { RotatingFile } from './log-file';
import { redact, redactString } from './log-redact';

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export const consoleLogger: Logger = {
  info: (m, x) => console.log(`[reviewdesk] ${redactString(m)}`, x === undefined ? '' : redact(x)),
  warn: (m, x) => console.warn(`[reviewdesk] ${redactString(m)}`, x === undefined ? '' : redact(x)),
  error: (m, x) => console.error(`[reviewdesk] ${redactString(m)}`, x === undefined ? '' : redact(x)),
};

const MAX_LINE = 64 * 1024;

/** One log line: `2026-11-21T12:00:00.000Z WARN  message {"extra":"as JSON"}`, redacted, on one line. */
export function formatLogLine(level: Level, msg: string, extra: Record<string, unknown> | undefined, at: Date): string {
  let rest = '';
  if (extra !== undefined) {
    try {
      rest = ` ${JSON.stringify(redact(extra))}`;
    } catch {
      rest = ' [extra not serializable]';
    }
  }
  // Newlines in a message would forge lines of their own.
  const line = `${at.toISOString()} ${level.toUpperCase().padEnd(5)} ${redactString(msg).replace(/[\r\n]+/g, ' ⏎ ')}${rest}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (cut)` : line;
}

/** A Logger writing redacted lines to a (rotating) file. */
export function fileLogger(file: Pick<RotatingFile, 'write'>, now: () => Date = () => new Date()): Logger {
  const put = (level: Level) => (msg: string, extra?: Record<string, unknown>) =>
    file.write(formatLogLine(level, msg, extra, now()));
  return { info: put('info'), warn: put('warn'), error: put('error') };
}

/** Every line to each of these loggers (e.g. the console and the file). One failing sink does not stop the others. */
export function teeLogger(...loggers: Logger[]): Logger {
  const each = (level: Level) => (msg: string, extra?: Record<string, unknown>) => {
    for (const l of loggers) {
      try {
        l[level](msg, extra);
      } catch {
        /* a log sink must never break the caller */
      }
    }
  };
  return { info: each('info'), warn: each('warn'), error: each('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export function recordingLogger(): Logger & { entries: { level: string; msg: string; extra?: Record<string, unknown> }[] } {
  const entries: { level: string; msg: string; extra?: Record<string, unknown> }[] = [];
  return {
    entries,
    info: (msg, extra) => entries.push({ level: 'info', msg, extra }),
    warn: (msg, extra) => entries.push({ level: 'warn', msg, extra }),
    error: (msg, extra) => entries.push({ level: 'error', msg, extra }),
  };
}
