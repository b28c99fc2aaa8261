import type { FieldSpec } from '../../../../shared/forms/schema-model';
import type { FieldIds } from '../ids';

/** What every control gets from its field wrapper. */
export interface ControlProps {
  field: FieldSpec;
  value: unknown;
  ids: FieldIds;
  /** Help and (when shown) error ids, for aria-describedby. */
  describedBy: string | undefined;
  /** Errors are shown for this field. */
  invalid: boolean;
  disabled: boolean;
  /** `undefined` removes the key from the values. */
  onChange: (value: unknown) => void;
}
