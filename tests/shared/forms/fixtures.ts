import type { Form } from '../../../src/shared/protocol';

/** A form as the backend would send it, with the zod defaults filled in. */
export function makeForm(schema: Record<string, unknown>, rest: Partial<Form> = {}): Form {
  return {
    id: 'f',
    version: 1,
    title: 'F',
    instructions: '',
    schema: { type: 'object', ...schema },
    ui: {},
    outcomes: [],
    ...rest,
  };
}

export const refundForm = makeForm(
  {
    properties: {
      amount: { type: 'number', title: 'Amount', minimum: 1 },
      decision: {
        title: 'Decision',
        oneOf: [
          { const: 'approve', title: 'Approve' },
          { const: 'reject', title: 'Reject' },
        ],
      },
      reason: { type: 'string', title: 'Reason' },
      address: {
        type: 'object',
        title: 'Address',
        properties: { zip: { type: 'string', title: 'ZIP code', pattern: '^\\d{5}$' }, city: { type: 'string' } },
        required: ['city'],
      },
    },
    required: ['amount'],
    if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
    then: { required: ['reason'] },
  },
  {
    outcomes: [
      { value: 'approve', label: 'Approve' },
      { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
      { value: 'request_changes', label: 'Request changes', requires_comment: true },
    ],
  },
);
