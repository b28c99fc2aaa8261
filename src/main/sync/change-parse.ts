/**
 * Validating the feed's changes, fast. zod's ChangeSchema is the rule; for
 * the common case, a well-formed upsert, a hand-written check of exactly the
 * same constraints builds the same output (known keys only, in the schema's
 * order, defaults filled in) without zod's per-field machinery: zod took
 * about a tenth of a first sync. Anything the check is not sure about
 * (a removal, a missing field, a wrong type, an odd key) goes to zod, which
 * gives the verdict and the error message. tests/main/change-parse.test.ts
 * holds the two to the same answers.
 */
import { AssignmentSchema, ChangeSchema, type Assignment, type Change } from '../../shared/protocol';
import { quickAssignment } from './quick-assignment';

export { quickAssignment };

type ParseResult =
  { success: true; data: Change } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/** ChangeSchema.safeParse, with the quick check in front for upserts. */
export function parseChange(raw: unknown): ParseResult {
  if (typeof raw === 'object' && raw !== null && (raw as { op?: unknown }).op === 'upsert') {
    const assignment = quickAssignment((raw as { assignment?: unknown }).assignment);
    if (assignment) return { success: true, data: { op: 'upsert', assignment } };
  }
  return ChangeSchema.safeParse(raw);
}

/**
 * An assignment read back from the cache. A first sync stores the server's
 * own JSON (pull.ts), which may carry keys the app does not know or leave
 * out defaults: it gets the same check and shape as the feed's changes.
 * Throws when the stored text is not an assignment (a damaged cache).
 */
export function parseStoredAssignment(json: string): Assignment {
  const raw: unknown = JSON.parse(json);
  return quickAssignment(raw) ?? AssignmentSchema.parse(raw);
}
