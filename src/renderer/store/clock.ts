/**
 * The renderer's clock. Due countdowns, "last synced" and decision durations
 * read time from here so tests can pin it.
 */
let source: () => number = () => Date.now();

export function now(): number {
  return source();
}

/** Pins the clock (tests); pass null to return to the real one. */
export function setClockForTests(fn: (() => number) | null): void {
  source = fn ?? (() => Date.now());
}
