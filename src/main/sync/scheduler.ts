/**
 * Timers as an argument (tests drive them by hand, never by sleeping), and the
 * engine's one alarm clock: it holds a single pending wake-up, so however many
 * reasons there are to sync later (the schedule, an outbox retry, a backoff),
 * the engine wakes once, at the earliest.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Alarm {
  /** Wakes in `ms`, replacing any earlier plan. */
  set(ms: number): void;
  /** Wakes in `ms` unless already due to wake sooner. */
  atMost(ms: number): void;
  cancel(): void;
  /** When it will wake (epoch ms), or null. */
  due(): number | null;
}

export function createAlarm(timers: Timers, now: () => Date, fire: () => void): Alarm {
  let handle: unknown = null;
  let at: number | null = null;

  function cancel(): void {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    at = null;
  }

  function set(ms: number): void {
    cancel();
    const delay = Math.max(0, Math.round(ms));
    at = now().getTime() + delay;
    handle = timers.setTimeout(() => {
      handle = null;
      at = null;
      fire();
    }, delay);
  }

  return {
    set,
    atMost(ms) {
      if (at !== null && at <= now().getTime() + ms) return;
      set(ms);
    },
    cancel,
    due: () => at,
  };
}
