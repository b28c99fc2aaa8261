import { useState, type JSX } from 'react';
import { defaultValues, validateValues } from '../../../src/shared/forms';
import type { Form } from '../../../src/shared/protocol';
import { DynamicForm } from '../../../src/renderer/features/forms';

/** A parent as the review screen would be: owns the values, computes errors, records every change. */
export function Harness(props: {
  form: Form;
  initial?: Record<string, unknown>;
  showAllErrors?: boolean;
  disabled?: boolean;
  seen: Array<Record<string, unknown>>;
}): JSX.Element {
  const [values, setValues] = useState(() => props.initial ?? defaultValues(props.form));
  return (
    <DynamicForm
      form={props.form}
      values={values}
      errors={validateValues(props.form.schema, values)}
      showAllErrors={props.showAllErrors}
      disabled={props.disabled}
      onChange={(v) => {
        props.seen.push(v);
        setValues(v);
      }}
    />
  );
}

export const last = (seen: Array<Record<string, unknown>>): Record<string, unknown> => seen[seen.length - 1] ?? {};

export const everything: Form = {
  id: 'everything',
  version: 1,
  title: 'Everything',
  instructions: '',
  schema: {
    type: 'object',
    properties: {
      approved: { type: 'boolean', title: 'Looks correct' },
      amount: { type: 'number', title: 'Amount', minimum: 1, description: 'In euros' },
      count: { type: 'integer', title: 'Item count' },
      confidence: { type: 'number', title: 'Confidence', minimum: 0, maximum: 1, multipleOf: 0.1 },
      quality: { type: 'integer', title: 'Quality', minimum: 1, maximum: 5 },
      email: { type: 'string', title: 'Contact email', format: 'email' },
      website: { type: 'string', title: 'Website', format: 'uri' },
      due: { type: 'string', title: 'Due date', format: 'date' },
      happened: { type: 'string', title: 'Happened at', format: 'date-time' },
      summary: { type: 'string', title: 'Summary', minLength: 3 },
      notes: { type: 'string', title: 'Notes' },
      feedback: { type: 'string', title: 'Feedback' },
      category: { type: 'string', title: 'Category', enum: ['bug', 'feature'] },
      verdict: {
        type: 'string',
        title: 'Verdict',
        oneOf: [
          { const: 'ok', title: 'Fine' },
          { const: 'reject', title: 'Reject it' },
        ],
      },
      labels: { type: 'array', title: 'Labels', items: { enum: ['urgent', 'legal', 'vip'] }, uniqueItems: true, maxItems: 2 },
      order: { type: 'array', title: 'Priority order', items: { enum: ['Alpha', 'Beta', 'Gamma'] }, uniqueItems: true },
      address: {
        type: 'object',
        title: 'Address',
        properties: { zip: { type: 'string', title: 'ZIP code' }, city: { type: 'string', title: 'City' } },
        required: ['city'],
      },
      token: { type: 'string', title: 'Token', default: 'abc' },
      reason: { type: 'string', title: 'Reason' },
    },
    required: ['amount'],
    if: { properties: { verdict: { const: 'reject' } }, required: ['verdict'] },
    then: { required: ['reason'], properties: { severity: { type: 'integer', title: 'Severity' } } },
  },
  ui: {
    order: ['verdict', 'amount'],
    fields: {
      confidence: { widget: 'slider' },
      quality: { widget: 'rating' },
      notes: { widget: 'textarea', help: 'Visible to the team' },
      feedback: { widget: 'markdown' },
      verdict: { widget: 'radio' },
      order: { widget: 'ranking' },
      token: { widget: 'hidden' },
      count: { widget: 'no-such-widget' },
    },
  },
  outcomes: [],
};
