import { describe, expect, it } from 'vitest';
import { formatAgo, formatDue } from '../../src/renderer/features/layout/time-format';

const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDue', () => {
  it('counts down to the deadline', () => {
    expect(formatDue(at(30 * 1000), NOW)).toEqual({ text: 'due in 1 min', overdue: false, soon: true });
    expect(formatDue(at(45 * MIN), NOW)?.text).toBe('due in 45 min');
    expect(formatDue(at(3 * HOUR + 20 * MIN), NOW)).toEqual({ text: 'due in 3 h', overdue: false, soon: true });
    expect(formatDue(at(30 * HOUR), NOW)).toEqual({ text: 'due in 30 h', overdue: false, soon: false });
    expect(formatDue(at(3 * DAY), NOW)?.text).toBe('due in 3 d');
  });

  it('counts up once overdue', () => {
    expect(formatDue(at(-10 * MIN), NOW)).toEqual({ text: 'overdue 10 min', overdue: true, soon: false });
    expect(formatDue(at(-2 * DAY - HOUR), NOW)?.text).toBe('overdue 2 d');
  });

  it('ignores missing or broken times', () => {
    expect(formatDue(null, NOW)).toBeNull();
    expect(formatDue('not a date', NOW)).toBeNull();
  });
});

describe('formatAgo', () => {
  it('says how long ago, and "just now" for the last moments or a clock ahead of ours', () => {
    expect(formatAgo(at(-10 * 1000), NOW)).toBe('just now');
    expect(formatAgo(at(5 * MIN), NOW)).toBe('just now');
    expect(formatAgo(at(-2 * MIN), NOW)).toBe('2 min ago');
    expect(formatAgo(at(-5 * HOUR), NOW)).toBe('5 h ago');
    expect(formatAgo(at(-3 * DAY), NOW)).toBe('3 d ago');
    expect(formatAgo(null, NOW)).toBeNull();
  });
});
