import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../src/shared/forms/schema-model';
import { makeForm, refundForm } from './fixtures';

describe('fieldsOf', () => {
  it('labels from title, else ui label, else the humanized key', () => {
    const form = makeForm(
      {
        properties: {
          a: { type: 'string', title: 'Alpha' },
          b: { type: 'string' },
          due_date: { type: 'string' },
          orderId: { type: 'string' },
        },
      },
      { ui: { fields: { b: { label: 'Beta' } } } },
    );
    expect(fieldsOf(form, {}).map((f) => f.title)).toEqual(['Alpha', 'Beta', 'Due date', 'Order id']);
  });

  it('orders by ui.order, unlisted fields after in schema order', () => {
    const form = makeForm(
      { properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } } },
      { ui: { order: ['c', 'a', 'missing'] } },
    );
    expect(fieldsOf(form, {}).map((f) => f.key)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('resolves widgets by type and falls back for unknown or mismatched ones', () => {
    const form = makeForm(
      {
        properties: {
          flag: { type: 'boolean' },
          n: { type: 'integer' },
          stars: { type: 'integer', maximum: 5 },
          text: { type: 'string' },
          pick: { enum: ['a', 'b'] },
          many: { type: 'array', items: { enum: ['a', 'b'] } },
          weird: { type: 'string' },
          wrong: { type: 'boolean' },
          secret: { type: 'string' },
        },
      },
      {
        ui: {
          fields: {
            stars: { widget: 'rating' },
            weird: { widget: 'sparkle' },
            wrong: { widget: 'rating' },
            secret: { widget: 'hidden' },
          },
        },
      },
    );
    expect(Object.fromEntries(fieldsOf(form, {}).map((f) => [f.key, f.widget]))).toEqual({
      flag: 'checkbox',
      n: 'number',
      stars: 'rating',
      text: 'text',
      pick: 'select',
      many: 'checkboxes',
      weird: 'text',
      wrong: 'checkbox',
      secret: 'hidden',
    });
  });

  it('marks fields required by a holding `then` as required', () => {
    const reason = (values: Record<string, unknown>) => fieldsOf(refundForm, values).find((f) => f.key === 'reason');
    expect(reason({})?.required).toBe(false);
    expect(reason({ decision: 'approve' })?.required).toBe(false);
    expect(reason({ decision: 'reject' })?.required).toBe(true);
  });

  it('builds nested fields with pointer paths and ui entries by dotted path', () => {
    const form = makeForm(
      { properties: { address: { type: 'object', properties: { note: { type: 'string' } } } } },
      { ui: { fields: { 'address.note': { widget: 'textarea', help: 'Anything odd?' } } } },
    );
    const [address] = fieldsOf(form, {});
    expect(address?.widget).toBe('group');
    expect(address?.children.map((c) => [c.path, c.widget, c.help])).toEqual([['/address/note', 'textarea', ['Anything odd?']]]);
  });

  it('reads choice options from enum and from oneOf const + title', () => {
    const form = makeForm({
      properties: {
        a: { enum: ['x', 2] },
        b: {
          oneOf: [
            { const: 'y', title: 'Yes', description: 'Looks right' },
            { const: 'n', title: 'No' },
          ],
        },
      },
    });
    const [a, b] = fieldsOf(form, {});
    expect(a?.options).toEqual([
      { value: 'x', label: 'x' },
      { value: 2, label: '2' },
    ]);
    expect(b?.options).toEqual([
      { value: 'y', label: 'Yes', description: 'Looks right' },
      { value: 'n', label: 'No' },
    ]);
  });
});
