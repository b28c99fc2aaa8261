/**
 * The frame around one control: its label (or legend for a group), help text
 * and errors, wired together with ids. The label holds exactly the field's
 * title; the required marker sits beside it, aria-hidden, so getByLabel(title)
 * matches exactly and screen readers hear "required" from aria-required
 * instead of "star".
 */
import type { FocusEvent, JSX, ReactNode } from 'react';
import type { FieldSpec } from '../../../shared/forms/schema-model';
import type { FieldIds } from './ids';

export type ShellLayout = 'label' | 'inline' | 'radiogroup' | 'group';

interface FieldShellProps {
  field: FieldSpec;
  ids: FieldIds;
  layout: ShellLayout;
  /** Messages to show now (empty when hidden until touched). */
  errors: string[];
  describedBy: string | undefined;
  /** Called when focus leaves the whole field (not when it moves between its own radios). */
  onLeave: () => void;
  children: ReactNode;
}

function RequiredMark({ on }: { on: boolean }): JSX.Element | null {
  return on ? (
    <span className="rf-required" aria-hidden="true">
      *
    </span>
  ) : null;
}

function Help({ field, ids }: { field: FieldSpec; ids: FieldIds }): JSX.Element | null {
  if (field.help.length === 0) return null;
  return (
    <div id={ids.help} className="rf-help">
      {field.help.map((h, i) => (
        <p key={i}>{h}</p>
      ))}
    </div>
  );
}

function Errors({ ids, errors }: { ids: FieldIds; errors: string[] }): JSX.Element | null {
  if (errors.length === 0) return null;
  return (
    <div id={ids.error} className="rf-error" role="alert">
      {errors.map((e, i) => (
        <p key={i}>{e}</p>
      ))}
    </div>
  );
}

export function FieldShell({ field, ids, layout, errors, describedBy, onLeave, children }: FieldShellProps): JSX.Element {
  const invalid = errors.length > 0;
  const onBlur = (e: FocusEvent<HTMLElement>): void => {
    if (!(e.relatedTarget instanceof Node) || !e.currentTarget.contains(e.relatedTarget)) onLeave();
  };
  if (layout === 'radiogroup' || layout === 'group') {
    // A radiogroup carries aria-required/aria-invalid itself; a plain group
    // does not support them, so its inputs carry aria-invalid instead.
    const radio = layout === 'radiogroup';
    return (
      <fieldset
        className={`rf-field rf-fieldset${invalid ? ' rf-invalid' : ''}`}
        role={radio ? 'radiogroup' : undefined}
        aria-labelledby={ids.label}
        aria-describedby={describedBy}
        aria-required={radio && field.required ? true : undefined}
        aria-invalid={radio && invalid ? true : undefined}
        onBlur={onBlur}
      >
        <legend className="rf-legend">
          <span id={ids.label}>{field.title}</span>
          <RequiredMark on={field.required} />
        </legend>
        <Help field={field} ids={ids} />
        {children}
        <Errors ids={ids} errors={errors} />
      </fieldset>
    );
  }
  const label = (
    <span className="rf-label-row">
      <label id={ids.label} htmlFor={ids.control} className="rf-label">
        {field.title}
      </label>
      <RequiredMark on={field.required} />
    </span>
  );
  return (
    <div className={`rf-field${layout === 'inline' ? ' rf-field--inline' : ''}${invalid ? ' rf-invalid' : ''}`} onBlur={onBlur}>
      {layout === 'inline' ? (
        <div className="rf-inline-row">
          {children}
          {label}
        </div>
      ) : (
        <>
          {label}
          <Help field={field} ids={ids} />
          {children}
        </>
      )}
      {layout === 'inline' && <Help field={field} ids={ids} />}
      <Errors ids={ids} errors={errors} />
    </div>
  );
}
