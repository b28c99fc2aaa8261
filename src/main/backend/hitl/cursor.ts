/**
 * The sync cursor of a service without a changes feed. Every pull lists all
 * open requests (pending, then in_review) with limit/offset; the cursor says
 * where the listing stands and when the last listing from scratch began:
 *
 *   hitl1:<status index>:<offset>:<first id of that page>:<full listing ms>
 *
 * e.g. `hitl1:0:200:81985529216486:1795262400000` (paging pending requests
 * at offset 200) or `hitl1:done:0:0:1795262400000` (a pass is complete).
 * A cursor this module cannot read is answered with 410: pull from scratch.
 */
import { OPEN_STATUSES } from './records';

export interface Cursor {
  /** Index into OPEN_STATUSES of the listing under way, or 'done' between passes. */
  phase: number | 'done';
  offset: number;
  /** The app id of the first record of the page read before this one (0: none), to notice a service that ignores offset. */
  firstId: number;
  /** When the last listing from scratch began (epoch ms): reconciliation is due reconcileMinutes after it. */
  fullAt: number;
}

const PREFIX = 'hitl1';

export function encodeCursor(c: Cursor): string {
  return [PREFIX, c.phase === 'done' ? 'done' : String(c.phase), String(c.offset), String(c.firstId), String(c.fullAt)].join(':');
}

export function decodeCursor(s: string): Cursor | null {
  const parts = s.split(':');
  if (parts.length !== 5 || parts[0] !== PREFIX) return null;
  const [, phaseText, offsetText, firstText, fullText] = parts as [string, string, string, string, string];
  const nums = [offsetText, firstText, fullText].map((x) => (/^\d{1,16}$/.test(x) ? Number(x) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) return null;
  const [offset, firstId, fullAt] = nums as [number, number, number];
  if (phaseText === 'done') return { phase: 'done', offset: 0, firstId: 0, fullAt };
  const phase = /^\d$/.test(phaseText) ? Number(phaseText) : NaN;
  if (!(phase >= 0 && phase < OPEN_STATUSES.length)) return null;
  return { phase, offset, firstId, fullAt };
}
