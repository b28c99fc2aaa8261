import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../../src/shared/forms';
import { makeForm } from './fixtures';

describe('defaultValues', () => {
  it('takes every default and omits fields without one', () => {
    const form = makeForm({
      properties: {
        ok: { type: 'boolean', default: false },
        n: { type: 'integer', default: 3 },
        s: { type: 'string' },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, default: ['b'] },
      },
    });
    expect(defaultValues(form)).toEqual({ ok: false, n: 3, tags: ['b'] });
  });

  it('recurses into nested objects and leaves out objects with no defaults', () => {
    const form = makeForm({
      properties: {
        address: { type: 'object', properties: { country: { type: 'string', default: 'FR' }, zip: { type: 'string' } } },
        empty: { type: 'object', properties: { x: { type: 'string' } } },
      },
    });
    expect(defaultValues(form)).toEqual({ address: { country: 'FR' } });
  });

  it("an object's own default wins over its properties' defaults", () => {
    const form = makeForm({
      properties: {
        box: {
          type: 'object',
          default: { a: 1 },
          properties: { a: { type: 'integer', default: 9 }, b: { type: 'integer', default: 2 } },
        },
      },
    });
    expect(defaultValues(form)).toEqual({ box: { a: 1, b: 2 } });
  });

  it('returns copies, never the schema objects themselves', () => {
    const form = makeForm({ properties: { tags: { type: 'array', items: { enum: ['a'] }, default: ['a'] } } });
    const first = defaultValues(form);
    (first.tags as string[]).push('mutated');
    expect(defaultValues(form)).toEqual({ tags: ['a'] });
  });

  it('a ranking without a default starts in enum order', () => {
    const form = makeForm(
      { properties: { rank: { type: 'array', items: { enum: ['x', 'y', 'z'] }, uniqueItems: true } } },
      { ui: { fields: { rank: { widget: 'ranking' } } } },
    );
    expect(defaultValues(form)).toEqual({ rank: ['x', 'y', 'z'] });
  });

  it('a field shown only by `then` gets its default only when the defaults meet the `if`', () => {
    const schema = (decision: string): Record<string, unknown> => ({
      properties: { decision: { enum: ['approve', 'reject'], default: decision } },
      if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
      then: { properties: { severity: { type: 'integer', default: 2 } } },
    });
    expect(defaultValues(makeForm(schema('reject')))).toEqual({ decision: 'reject', severity: 2 });
    expect(defaultValues(makeForm(schema('approve')))).toEqual({ decision: 'approve' });
  });
});
