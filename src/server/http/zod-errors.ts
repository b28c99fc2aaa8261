/** zod issues as the protocol's `errors` map (dotted paths; DRF's non_field_errors at the root). */
import type { z } from 'zod';
import { addFieldError, type FieldErrors } from './errors';

export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const key = prefix && path ? `${prefix}.${path}` : prefix || path || 'non_field_errors';
    addFieldError(errors, key, issue.message);
  }
  return errors;
}
