/** The interpreting JSON Schema validator used for decision values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaFieldErrors, validateSchema } from '../../src/server/validation/json-schema';
import { checkFormat } from '../../src/server/validation/json-schema-formats';

const errs = (schema: unknown, value: unknown) => schemaFieldErrors(schema, value, 'values');
const ok = (schema: unknown, value: unknown) => expect(validateSchema(schema, value)).toEqual([]);
const bad = (schema: unknown, value: unknown) => expect(validateSchema(schema, value).length).toBeGreaterThan(0);

describe('types', () => {
  it('checks each JSON type', () => {
    ok({ type: 'boolean' }, false);
    bad({ type: 'boolean' }, 'false');
    ok({ type: 'integer' }, 3);
    bad({ type: 'integer' }, 3.5);
    ok({ type: 'number' }, 3.5);
    bad({ type: 'number' }, '3.5');
    ok({ type: 'string' }, '');
    ok({ type: 'array' }, []);
    bad({ type: 'array' }, {});
    ok({ type: 'object' }, {});
    bad({ type: 'object' }, []);
    bad({ type: 'object' }, null);
    ok({ type: ['string', 'null'] }, null);
  });

  it('a wrong type is one message, not a cascade', () => {
    expect(errs({ type: 'object', properties: { n: { type: 'integer', minimum: 3 } } }, { n: 'x' })).toEqual({
      n: ['Must be a whole number.'],
    });
  });
});

describe('strings', () => {
  it('minLength / maxLength count code points', () => {
    ok({ type: 'string', minLength: 2, maxLength: 2 }, '😀😀');
    bad({ type: 'string', minLength: 3 }, '😀😀');
    bad({ type: 'string', maxLength: 1 }, 'ab');
  });

  it('pattern is unanchored, invalid patterns are ignored', () => {
    ok({ type: 'string', pattern: '[0-9]' }, 'a1b');
    bad({ type: 'string', pattern: '^[a-z]{2}$' }, 'abc');
    ok({ type: 'string', pattern: '([' }, 'anything');
  });

  it('formats', () => {
    expect(checkFormat('date', '2026-02-28')).toBeUndefined();
    expect(checkFormat('date', '2028-02-29')).toBeUndefined();
    expect(checkFormat('date', '2026-02-29')).toBeDefined();
    expect(checkFormat('date', '2026-13-01')).toBeDefined();
    expect(checkFormat('date-time', '2026-11-21T12:00:00.000Z')).toBeUndefined();
    expect(checkFormat('date-time', '2026-11-21T12:00:00+02:00')).toBeUndefined();
    expect(checkFormat('date-time', '2026-11-21 12:00')).toBeDefined();
    expect(checkFormat('date-time', '2026-11-21T25:00:00Z')).toBeDefined();
    expect(checkFormat('email', 'a.b@example.com')).toBeUndefined();
    expect(checkFormat('email', 'a.b@example')).toBeDefined();
    expect(checkFormat('email', 'a b@example.com')).toBeDefined();
    expect(checkFormat('uri', 'https://example.com/x?y=1')).toBeUndefined();
    expect(checkFormat('uri', 'example.com')).toBeDefined();
    expect(checkFormat('color', 'anything')).toBeUndefined();
  });
});

describe('numbers', () => {
  it('minimum / maximum / exclusive bounds', () => {
    ok({ type: 'number', minimum: 0, maximum: 1 }, 1);
    bad({ type: 'number', minimum: 0 }, -0.1);
    bad({ type: 'number', maximum: 1 }, 1.1);
    bad({ type: 'number', exclusiveMinimum: 0 }, 0);
    bad({ type: 'number', exclusiveMaximum: 1 }, 1);
  });

  it('multipleOf tolerates binary rounding', () => {
    ok({ type: 'number', multipleOf: 0.01 }, 12.34);
    ok({ type: 'number', multipleOf: 0.05 }, 0.7);
    ok({ type: 'number', multipleOf: 0.1 }, 0.3);
    bad({ type: 'number', multipleOf: 0.05 }, 0.72);
    bad({ type: 'integer', multipleOf: 10 }, 15);
  });
});

describe('choices', () => {
  it('enum and const compare JSON values deeply', () => {
    ok({ enum: ['a', 1, { x: [1] }] }, { x: [1] });
    bad({ enum: ['a', 'b'] }, 'c');
    ok({ const: { a: 1, b: 2 } }, { b: 2, a: 1 });
    bad({ const: true }, false);
  });

  it('oneOf of const+title reads as a list of choices', () => {
    const schema = {
      type: 'string',
      oneOf: [
        { const: 'x', title: 'X' },
        { const: 'y', title: 'Y' },
      ],
    };
    ok(schema, 'y');
    expect(errs(schema, 'z')).toEqual({ values: ['Must be one of: x, y.'] });
  });

  it('oneOf fails when several branches match; anyOf / allOf / not', () => {
    bad({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1);
    ok({ anyOf: [{ type: 'number' }, { type: 'integer' }] }, 1);
    bad({ allOf: [{ minimum: 1 }, { maximum: 0 }] }, 1);
    bad({ not: { type: 'string' } }, 's');
  });
});

describe('arrays', () => {
  const multi = { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, uniqueItems: true, minItems: 1, maxItems: 2 };
  it('multi choice: items enum, uniqueItems, minItems, maxItems', () => {
    ok(multi, ['a', 'c']);
    expect(errs(multi, [])).toEqual({ values: ['Choose at least 1.'] });
    expect(errs(multi, ['a', 'b', 'c'])).toEqual({ values: ['Choose at most 2.'] });
    expect(errs(multi, ['a', 'a'])).toEqual({ values: ['Items must be unique.'] });
    expect(errs(multi, ['a', 'z'])).toEqual({ '1': ['Must be one of: a, b, c.'] });
  });
});

describe('objects', () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      address: {
        type: 'object',
        properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
        required: ['city'],
      },
      partial: { type: 'boolean' },
      amount: { type: 'number' },
      ip: { type: 'string' },
      contact: { type: 'string' },
    },
    required: ['name'],
    if: { properties: { partial: { const: true } }, required: ['partial'] },
    then: { required: ['amount'] },
    dependentRequired: { ip: ['contact'] },
  };

  it('required and nested objects, errors keyed by dotted path', () => {
    expect(errs(schema, { address: { zip: '12' } })).toEqual({
      name: ['This field is required.'],
      'address.city': ['This field is required.'],
      'address.zip': ['Does not match the expected pattern ^[0-9]{5}$.'],
    });
    ok(schema, { name: 'x', address: { city: 'Oslo', zip: '01234' } });
  });

  it('if / then', () => {
    expect(errs(schema, { name: 'x', partial: true })).toEqual({ amount: ['This field is required.'] });
    ok(schema, { name: 'x', partial: true, amount: 3 });
    ok(schema, { name: 'x', partial: false });
  });

  it('dependentRequired', () => {
    expect(errs(schema, { name: 'x', ip: '10.0.0.1' })).toEqual({ contact: ['This field is required when ip is given.'] });
    ok(schema, { name: 'x', ip: '10.0.0.1', contact: 'ops@example.com' });
  });

  it('additionalProperties: false', () => {
    expect(errs({ type: 'object', properties: { a: {} }, additionalProperties: false }, { a: 1, b: 2 })).toEqual({
      b: ['This field is not part of the form.'],
    });
  });

  it('local $ref', () => {
    const withRef = {
      $defs: { pos: { type: 'integer', minimum: 1 } },
      type: 'object',
      properties: { n: { $ref: '#/$defs/pos' } },
    };
    ok(withRef, { n: 2 });
    bad(withRef, { n: 0 });
  });
});

describe('robustness', () => {
  it('never throws, whatever the schema and value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (schema, value) => {
        expect(Array.isArray(validateSchema(schema, value))).toBe(true);
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('self-referencing schemas terminate', () => {
    const loop = { $ref: '#' };
    expect(Array.isArray(validateSchema(loop, { a: 1 }))).toBe(true);
    // Without a step budget this would branch 2^64 times.
    const bomb = { allOf: [{ $ref: '#' }, { $ref: '#' }] };
    expect(Array.isArray(validateSchema(bomb, 1))).toBe(true);
  });

  it('an enum value is always accepted by its own enum', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), fc.nat(), (options, i) => {
        const pick = options[i % options.length];
        expect(validateSchema({ enum: options }, pick)).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
