/**
 * The reviewer's own figures that the protocol's statistics lack: decisions
 * done today and this week, counted from the decisions in the local cache
 * (so they need no connection). Days and weeks are the reviewer's local ones;
 * a week starts on Monday at midnight.
 */
import type { LocalStats } from '../../shared/contract';
import type { ActiveSession } from './session';

/** Local midnight of the day `now` falls on. */
export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Monday 00:00 local time of the week `now` falls on (Sunday belongs to the week that began six days before). */
export function startOfLocalWeek(now: Date): Date {
  const daysSinceMonday = (now.getDay() + 6) % 7;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysSinceMonday);
}

export function localStats(s: ActiveSession, now: Date): LocalStats {
  const weekStart = startOfLocalWeek(now);
  return {
    today: s.cache.decisions.doneSince(startOfLocalDay(now).toISOString()),
    week: s.cache.decisions.doneSince(weekStart.toISOString()),
    weekStart: weekStart.toISOString(),
  };
}
