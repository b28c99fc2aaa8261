/**
 * One field of the tree: picks the control for its widget, wraps it in its
 * FieldShell, and recurses into nested objects.
 */
import type { JSX } from 'react';
import type { FieldErrors } from '../../../shared/forms';
import type { FieldSpec, Widget } from '../../../shared/forms/schema-model';
import { FieldShell, type ShellLayout } from './FieldShell';
import { BooleanField } from './fields/BooleanField';
import { ChoiceField } from './fields/ChoiceField';
import { MultiChoiceField } from './fields/MultiChoiceField';
import { NumberField, SliderField } from './fields/NumberField';
import { RankingField } from './fields/RankingField';
import { RatingField } from './fields/RatingField';
import { StringField } from './fields/StringField';
import type { ControlProps } from './fields/types';
import { fieldIds, idList } from './ids';
import { getIn } from './values';

export interface FieldContext {
  baseId: string;
  values: Record<string, unknown>;
  errors: FieldErrors;
  disabled: boolean;
  /** Whether the errors of `path` are shown yet. */
  showsErrors: (path: string) => boolean;
  setValue: (field: FieldSpec, value: unknown) => void;
  touch: (path: string) => void;
}

const LAYOUTS: Record<Widget, ShellLayout> = {
  checkbox: 'inline',
  number: 'label',
  slider: 'label',
  text: 'label',
  textarea: 'label',
  markdown: 'label',
  select: 'label',
  unsupported: 'label',
  radio: 'radiogroup',
  rating: 'radiogroup',
  checkboxes: 'group',
  ranking: 'group',
  group: 'group',
  hidden: 'label',
};

/**
 * Errors a field shows: its own and, for a leaf, those of its items
 * ('/tags/1' belongs to the '/tags' checkboxes). An object's children show
 * their own errors.
 */
export function errorsFor(field: FieldSpec, errors: FieldErrors): string[] {
  if (field.kind === 'object') return errors[field.path] ?? [];
  const prefix = `${field.path}/`;
  return Object.entries(errors)
    .filter(([path]) => path === field.path || path.startsWith(prefix))
    .flatMap(([, messages]) => messages);
}

function Unsupported({ ids, value }: ControlProps): JSX.Element {
  return (
    <output id={ids.control} className="rf-unsupported">
      This field can’t be edited here{value === undefined ? '' : `: ${JSON.stringify(value).slice(0, 200)}`}
    </output>
  );
}

function control(props: ControlProps): JSX.Element | null {
  switch (props.field.widget) {
    case 'checkbox':
      return <BooleanField {...props} />;
    case 'number':
      return <NumberField {...props} />;
    case 'slider':
      return <SliderField {...props} />;
    case 'rating':
      return <RatingField {...props} />;
    case 'text':
    case 'textarea':
    case 'markdown':
      return <StringField {...props} />;
    case 'select':
    case 'radio':
      return <ChoiceField {...props} />;
    case 'checkboxes':
      return <MultiChoiceField {...props} />;
    case 'ranking':
      return <RankingField {...props} />;
    case 'unsupported':
      return <Unsupported {...props} />;
    case 'group':
    case 'hidden':
      return null;
  }
}

export function Field({ field, ctx }: { field: FieldSpec; ctx: FieldContext }): JSX.Element | null {
  if (field.widget === 'hidden') return null; // its value stays in the values untouched
  const ids = fieldIds(ctx.baseId, field.path);
  const shown = ctx.showsErrors(field.path) ? errorsFor(field, ctx.errors) : [];
  const describedBy = idList(field.help.length > 0 && ids.help, shown.length > 0 && ids.error);
  const shell = {
    field,
    ids,
    layout: LAYOUTS[field.widget],
    errors: shown,
    describedBy,
    onLeave: () => ctx.touch(field.path),
  };
  if (field.widget === 'group') {
    return (
      <FieldShell {...shell}>
        <div className="rf-group-body">
          {field.children.map((child) => (
            <Field key={child.path} field={child} ctx={ctx} />
          ))}
        </div>
      </FieldShell>
    );
  }
  return (
    <FieldShell {...shell}>
      {control({
        field,
        ids,
        value: getIn(ctx.values, field.segments),
        describedBy,
        invalid: shown.length > 0,
        disabled: ctx.disabled,
        onChange: (v) => ctx.setValue(field, v),
      })}
    </FieldShell>
  );
}
