/** A minimal logger interface; hosts pass a real one, tests a recording one. Never log tokens or form values. */
export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (m, x) => console.log(`[reviewdesk] ${m}`, x ?? ''),
  warn: (m, x) => console.warn(`[reviewdesk] ${m}`, x ?? ''),
  error: (m, x) => console.error(`[reviewdesk] ${m}`, x ?? ''),
};

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
