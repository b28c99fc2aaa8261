import { describe, expect, it } from 'vitest';
import { validateValues } from '../../../src/shared/forms';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'object',
  properties,
  ...extra,
});

/** Errors of one property `x` holding `value` under `schema`. */
const check = (schema: Record<string, unknown>, value: unknown): string[] | undefined =>
  validateValues(obj({ x: schema }), { x: value })['/x'];

describe('validateValues: types', () => {
  it('accepts values of the declared type', () => {
    expect(check({ type: 'boolean' }, false)).toBeUndefined();
    expect(check({ type: 'integer' }, 3)).toBeUndefined();
    expect(check({ type: 'integer' }, 3.0)).toBeUndefined();
    expect(check({ type: 'number' }, 2.5)).toBeUndefined();
    expect(check({ type: 'string' }, 'hi')).toBeUndefined();
    expect(check({ type: ['string', 'null'] }, null)).toBeUndefined();
  });

  it('rejects values of another type with a human message', () => {
    expect(check({ type: 'boolean' }, 'true')).toEqual(['Must be yes or no']);
    expect(check({ type: 'integer' }, 2.5)).toEqual(['Must be a whole number']);
    expect(check({ type: 'number' }, '3')).toEqual(['Must be a number']);
    expect(check({ type: 'number' }, Number.NaN)).toEqual(['Must be a number']);
    expect(check({ type: 'string' }, 5)).toEqual(['Must be text']);
    expect(check({ type: 'array' }, 'a')).toEqual(['Must be a list']);
    expect(check({ type: ['integer', 'string'] }, true)).toEqual(['Must be a whole number or text']);
  });

  it('reports a type error alone, without the rules that no longer make sense', () => {
    expect(check({ type: 'integer', minimum: 5 }, 'x')).toEqual(['Must be a whole number']);
  });

  it('requires the values to be an object', () => {
    expect(validateValues({ type: 'object' }, 'nope')).toEqual({ '': ['Must be a group of fields'] });
    expect(validateValues({ type: 'object' }, {})).toEqual({});
  });
});

describe('validateValues: numbers', () => {
  it('minimum and maximum', () => {
    expect(check({ type: 'integer', minimum: 1 }, 1)).toBeUndefined();
    expect(check({ type: 'integer', minimum: 1 }, 0)).toEqual(['Must be at least 1']);
    expect(check({ type: 'number', maximum: 10 }, 10)).toBeUndefined();
    expect(check({ type: 'number', maximum: 10 }, 10.5)).toEqual(['Must be at most 10']);
  });

  it('exclusiveMinimum and exclusiveMaximum', () => {
    expect(check({ type: 'number', exclusiveMinimum: 0 }, 0.1)).toBeUndefined();
    expect(check({ type: 'number', exclusiveMinimum: 0 }, 0)).toEqual(['Must be more than 0']);
    expect(check({ type: 'number', exclusiveMaximum: 5 }, 4.9)).toBeUndefined();
    expect(check({ type: 'number', exclusiveMaximum: 5 }, 5)).toEqual(['Must be less than 5']);
  });

  it('multipleOf, tolerant of floating point', () => {
    expect(check({ type: 'number', multipleOf: 0.1 }, 0.3)).toBeUndefined();
    expect(check({ type: 'number', multipleOf: 0.01 }, 19.99)).toBeUndefined();
    expect(check({ type: 'integer', multipleOf: 5 }, 15)).toBeUndefined();
    expect(check({ type: 'integer', multipleOf: 5 }, 12)).toEqual(['Must be a multiple of 5']);
    expect(check({ type: 'number', multipleOf: 0.5 }, 0.75)).toEqual(['Must be a multiple of 0.5']);
  });
});

describe('validateValues: strings', () => {
  it('minLength and maxLength count characters, not UTF-16 units', () => {
    expect(check({ type: 'string', minLength: 3 }, 'abc')).toBeUndefined();
    expect(check({ type: 'string', minLength: 3 }, 'ab')).toEqual(['Must be at least 3 characters']);
    expect(check({ type: 'string', maxLength: 1 }, 'ab')).toEqual(['Must be at most 1 character']);
    expect(check({ type: 'string', maxLength: 2 }, '😀😀')).toBeUndefined();
  });

  it('pattern', () => {
    expect(check({ type: 'string', pattern: '^[A-Z]{3}-\\d+$' }, 'ABC-12')).toBeUndefined();
    expect(check({ type: 'string', pattern: '^[A-Z]{3}-\\d+$' }, 'abc-12')).toEqual(['Is not in the expected format']);
  });

  it('an invalid pattern does not throw and its rule is skipped', () => {
    const schema = obj({ x: { type: 'string', pattern: '([a-z', minLength: 2 } });
    expect(() => validateValues(schema, { x: 'q' })).not.toThrow();
    expect(validateValues(schema, { x: 'q' })).toEqual({ '/x': ['Must be at least 2 characters'] });
    expect(validateValues(schema, { x: 'qq' })).toEqual({});
  });

  it('format email', () => {
    expect(check({ type: 'string', format: 'email' }, 'ana@example.com')).toBeUndefined();
    expect(check({ type: 'string', format: 'email' }, 'ana@example')).toBeUndefined();
    expect(check({ type: 'string', format: 'email' }, 'ana example.com')).toEqual(['Must be a valid email address']);
    expect(check({ type: 'string', format: 'email' }, 'ana@')).toEqual(['Must be a valid email address']);
  });

  it('format uri', () => {
    expect(check({ type: 'string', format: 'uri' }, 'https://example.com/a?b=1')).toBeUndefined();
    expect(check({ type: 'string', format: 'uri' }, 'mailto:ana@example.com')).toBeUndefined();
    expect(check({ type: 'string', format: 'uri' }, 'example.com')).toEqual(['Must be a valid URL']);
    expect(check({ type: 'string', format: 'uri' }, 'https://exa mple.com')).toEqual(['Must be a valid URL']);
  });

  it('format date checks the calendar', () => {
    expect(check({ type: 'string', format: 'date' }, '2024-02-29')).toBeUndefined();
    expect(check({ type: 'string', format: 'date' }, '2023-02-29')).toEqual(['Must be a valid date']);
    expect(check({ type: 'string', format: 'date' }, '2023-13-01')).toEqual(['Must be a valid date']);
    expect(check({ type: 'string', format: 'date' }, '21/11/2026')).toEqual(['Must be a valid date']);
  });

  it('format date-time follows RFC 3339', () => {
    expect(check({ type: 'string', format: 'date-time' }, '2026-11-21T12:00:00.000Z')).toBeUndefined();
    expect(check({ type: 'string', format: 'date-time' }, '2026-11-21T12:00:00+01:00')).toBeUndefined();
    expect(check({ type: 'string', format: 'date-time' }, '2026-11-21T12:00')).toEqual(['Must be a valid date and time']);
    expect(check({ type: 'string', format: 'date-time' }, '2026-11-21T25:00:00Z')).toEqual(['Must be a valid date and time']);
  });

  it('ignores unknown formats', () => {
    expect(check({ type: 'string', format: 'color' }, 'whatever')).toBeUndefined();
  });
});

describe('validateValues: choices', () => {
  it('enum', () => {
    expect(check({ type: 'string', enum: ['a', 'b'] }, 'b')).toBeUndefined();
    expect(check({ type: 'string', enum: ['a', 'b'] }, 'c')).toEqual(['Must be one of the options']);
    expect(check({ enum: [1, 2] }, '1')).toEqual(['Must be one of the options']);
  });

  it('oneOf with const + title', () => {
    const s = {
      type: 'string',
      oneOf: [
        { const: 'ok', title: 'OK' },
        { const: 'bad', title: 'Bad' },
      ],
    };
    expect(check(s, 'ok')).toBeUndefined();
    expect(check(s, 'meh')).toEqual(['Must be one of the options']);
  });

  it('arrays of enum: items, uniqueItems, minItems, maxItems', () => {
    const s = { type: 'array', items: { enum: ['a', 'b', 'c'] }, uniqueItems: true, minItems: 1, maxItems: 2 };
    expect(check(s, ['a', 'c'])).toBeUndefined();
    expect(check(s, [])).toEqual(['Choose at least 1']);
    expect(check(s, ['a', 'b', 'c'])).toEqual(['Choose at most 2']);
    expect(check(s, ['a', 'a'])).toEqual(['Each option can be chosen only once']);
    // An item error is keyed by the item's own path.
    expect(validateValues(obj({ x: s }), { x: ['a', 'z'] })).toEqual({ '/x/1': ['Must be one of the options'] });
  });

  it('items.oneOf const', () => {
    const s = {
      type: 'array',
      items: {
        oneOf: [
          { const: 1, title: 'One' },
          { const: 2, title: 'Two' },
        ],
      },
    };
    expect(check(s, [1, 2])).toBeUndefined();
    expect(validateValues(obj({ x: s }), { x: [3] })).toEqual({ '/x/0': ['Must be one of the options'] });
  });
});

describe('validateValues: objects', () => {
  it('required, with an empty string counting as missing', () => {
    const schema = obj({ a: { type: 'string', minLength: 3 }, b: { type: 'integer' } }, { required: ['a', 'b'] });
    expect(validateValues(schema, { a: 'abc', b: 1 })).toEqual({});
    expect(validateValues(schema, {})).toEqual({ '/a': ['Required'], '/b': ['Required'] });
    expect(validateValues(schema, { a: '', b: 1 })).toEqual({ '/a': ['Required'] });
  });

  it('an empty string in an optional field is "not filled in"', () => {
    const schema = obj({ a: { type: 'string', minLength: 3, format: 'email' } });
    expect(validateValues(schema, { a: '' })).toEqual({});
  });

  it('nested objects report JSON-pointer paths', () => {
    const schema = obj(
      {
        address: obj({ zip: { type: 'string', pattern: '^\\d{5}$' }, city: { type: 'string' } }, { required: ['city'] }),
      },
      { required: ['address'] },
    );
    expect(validateValues(schema, {})).toEqual({ '/address': ['Required'] });
    expect(validateValues(schema, { address: { zip: '12' } })).toEqual({
      '/address/zip': ['Is not in the expected format'],
      '/address/city': ['Required'],
    });
    expect(validateValues(schema, { address: { zip: '12345', city: 'Lyon' } })).toEqual({});
  });

  it('escapes ~ and / in paths (RFC 6901)', () => {
    const schema = obj({ 'a/b': { type: 'integer' }, 'c~d': { type: 'integer' } });
    expect(validateValues(schema, { 'a/b': 'x', 'c~d': 'y' })).toEqual({
      '/a~1b': ['Must be a whole number'],
      '/c~0d': ['Must be a whole number'],
    });
  });

  it('dependentRequired', () => {
    const schema = obj(
      { refund: { type: 'number', title: 'Refund amount' }, iban: { type: 'string' } },
      { dependentRequired: { refund: ['iban'] } },
    );
    expect(validateValues(schema, {})).toEqual({});
    expect(validateValues(schema, { refund: 10, iban: 'DE00' })).toEqual({});
    expect(validateValues(schema, { refund: 10 })).toEqual({ '/iban': ['Required when Refund amount is filled in'] });
  });

  it('additionalProperties: false', () => {
    const schema = obj({ a: { type: 'string' } }, { additionalProperties: false });
    expect(validateValues(schema, { a: 'x', zz: 1 })).toEqual({ '/zz': ['Is not a field of this form'] });
  });

  it('if/then/else', () => {
    const schema = obj(
      { decision: { enum: ['approve', 'reject'] }, reason: { type: 'string' }, note: { type: 'string' } },
      {
        if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
        then: { required: ['reason'] },
        else: { required: ['note'] },
      },
    );
    expect(validateValues(schema, { decision: 'reject' })).toEqual({ '/reason': ['Required'] });
    expect(validateValues(schema, { decision: 'reject', reason: 'spam' })).toEqual({});
    expect(validateValues(schema, { decision: 'approve' })).toEqual({ '/note': ['Required'] });
  });

  it('if/then inside allOf, with then adding rules to a property', () => {
    const schema = obj(
      { kind: { type: 'string' }, amount: { type: 'number' } },
      {
        allOf: [
          {
            if: { properties: { kind: { const: 'big' } }, required: ['kind'] },
            then: { properties: { amount: { minimum: 1000 } } },
          },
        ],
      },
    );
    expect(validateValues(schema, { kind: 'big', amount: 5 })).toEqual({ '/amount': ['Must be at least 1000'] });
    expect(validateValues(schema, { kind: 'small', amount: 5 })).toEqual({});
  });

  it('not, anyOf and false schemas', () => {
    expect(check({ not: { const: 'x' } }, 'x')).toEqual(['Is not allowed']);
    expect(check({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 1)).toBeUndefined();
    expect(check({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, true)).toEqual([
      'Must match at least one of the allowed shapes',
    ]);
    expect(validateValues(obj({ x: false }), { x: 1 })).toEqual({ '/x': ['Is not allowed'] });
  });

  it('never throws on a malformed schema', () => {
    const bad = obj(
      { a: { type: 'string', minLength: 'three', pattern: 7 }, b: 'nonsense', c: { type: 'weird' } },
      { required: 'a' },
    );
    expect(() => validateValues(bad, { a: 'x', b: 1, c: 2 })).not.toThrow();
    expect(validateValues(bad, { a: 'x', b: 1, c: 2 })).toEqual({});
  });
});
