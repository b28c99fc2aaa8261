/**
 * Whether a decision may be taken with these values. The renderer asks before
 * it enables a submit; the main process asks again before it stores the
 * decision, so a renderer bug cannot queue a decision the backend will refuse.
 */
import { outcomesOf, type Form } from '../protocol';
import { cleanValues } from './clean';
import { parsePointer } from './json';
import { labelAt } from './schema-model';
import { REQUIRED, validateValues, type FieldErrors } from './validate';

export type DecisionCheck = { ok: true } | { ok: false; message: string; fields: FieldErrors };

/** How many field names a message lists before it says "and N more". */
const NAMES_SHOWN = 4;

/**
 * Values are validated as they will be stored, i.e. after cleanValues(): a
 * leftover value of a field hidden by an `if` must not block the decision.
 */
export function checkDecision(
  form: Form,
  outcome: string,
  values: Record<string, unknown>,
  comment: string | undefined,
): DecisionCheck {
  const chosen = outcomesOf(form).find((o) => o.value === outcome);
  if (!chosen) return { ok: false, message: `This form has no "${outcome}" decision`, fields: {} };
  const fields: FieldErrors = {};
  const missingComment = chosen.requires_comment === true && (comment ?? '').trim() === '';
  if (chosen.validate !== false) Object.assign(fields, validateValues(form.schema, cleanValues(form, values)));
  if (missingComment) fields['/comment'] = [REQUIRED];
  if (Object.keys(fields).length === 0) return { ok: true };
  return { ok: false, message: summarize(form, values, fields, missingComment ? chosen.label : undefined), fields };
}

function summarize(form: Form, values: Record<string, unknown>, fields: FieldErrors, commentFor: string | undefined): string {
  const names: string[] = [];
  for (const path of Object.keys(fields)) {
    if (path === '/comment' && commentFor !== undefined) continue;
    const name = labelAt(form, values, parsePointer(path));
    if (!names.includes(name)) names.push(name);
  }
  const commentPart = commentFor === undefined ? '' : `Add a comment to ${commentFor.toLowerCase()}`;
  if (names.length === 0) return commentPart;
  const listed =
    names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '');
  if (commentPart) return `${commentPart} and check ${names.length === 1 ? '1 field' : `${names.length} fields`}: ${listed}`;
  return names.length === 1 ? `1 field needs attention: ${listed}` : `${names.length} fields need attention: ${listed}`;
}
