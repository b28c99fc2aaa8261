/**
 * Renders a backend-defined form (protocol: Form) as accessible controls.
 * Values and errors belong to the parent: this component only reports
 * changes and remembers which fields were touched, so errors appear after a
 * reviewer leaves or changes a field, or all at once after a failed submit.
 */
import { useId, useMemo, useState, type JSX } from 'react';
import type { Form } from '../../../shared/protocol';
import type { FieldErrors } from '../../../shared/forms';
import { parsePointer } from '../../../shared/forms/json';
import { fieldsOf, labelAt, type FieldSpec } from '../../../shared/forms/schema-model';
import { Field, type FieldContext } from './Field';
import { setIn } from './values';
import './forms.css';

export interface DynamicFormProps {
  form: Form;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  /** Shown per field (already computed by the parent via validateValues). */
  errors: FieldErrors;
  /** false: show a field's errors only once it was touched (blurred/changed); true: show all (after a failed submit). */
  showAllErrors?: boolean;
  disabled?: boolean;
}

/** Paths whose errors some visible field shows: a leaf covers its items too. */
function covers(fields: FieldSpec[], path: string): boolean {
  return fields.some((f) => {
    if (f.widget === 'hidden') return false;
    if (f.path === path) return true;
    if (!path.startsWith(`${f.path}/`)) return false;
    return f.kind === 'object' ? covers(f.children, path) : true;
  });
}

export function DynamicForm({
  form,
  values,
  onChange,
  errors,
  showAllErrors = false,
  disabled = false,
}: DynamicFormProps): JSX.Element {
  const baseId = useId();
  const fields = useMemo(() => fieldsOf(form, values), [form, values]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  // Another form (another assignment) starts untouched. Compared by identity
  // of the published version, not the object: a parent may re-parse it.
  const formKey = `${form.id}@${form.version}`;
  const [touchedFor, setTouchedFor] = useState(formKey);
  if (touchedFor !== formKey) {
    setTouchedFor(formKey);
    setTouched(new Set());
  }

  const touch = (path: string): void => setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
  const ctx: FieldContext = {
    baseId,
    values,
    errors,
    disabled,
    showsErrors: (path) => showAllErrors || touched.has(path),
    touch,
    setValue: (field, value) => {
      touch(field.path);
      onChange(setIn(values, field.segments, value));
    },
  };

  // Errors no visible field can show (the form as a whole, a hidden field, a
  // key the schema does not know) are listed on top after a failed submit.
  // '/comment' is left to the parent, which owns the decision comment.
  const stray = Object.entries(errors).filter(
    ([path, messages]) => messages.length > 0 && path !== '/comment' && !covers(fields, path),
  );

  return (
    <div className="rf-form">
      {showAllErrors && stray.length > 0 && (
        <div className="rf-form-errors" role="alert">
          <ul>
            {stray.flatMap(([path, messages]) =>
              messages.map((m) => (
                <li key={`${path}:${m}`}>{path === '' ? m : `${labelAt(form, values, parsePointer(path))}: ${m}`}</li>
              )),
            )}
          </ul>
        </div>
      )}
      {fields.map((f) => (
        <Field key={f.path} field={f} ctx={ctx} />
      ))}
    </div>
  );
}
