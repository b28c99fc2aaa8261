import { describe, expect, it } from 'vitest';
import { cleanValues } from '../../../src/shared/forms';
import { makeForm, refundForm } from './fixtures';

describe('cleanValues', () => {
  it('drops keys the schema does not know', () => {
    expect(cleanValues(refundForm, { amount: 5, bogus: 1 })).toEqual({ amount: 5 });
  });

  it('drops empty strings of optional fields but keeps them for required ones', () => {
    const form = makeForm({ properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['b'] });
    expect(cleanValues(form, { a: '', b: '' })).toEqual({ b: '' });
    expect(cleanValues(form, { a: 'x', b: 'y' })).toEqual({ a: 'x', b: 'y' });
  });

  it('treats a field required by a holding `then` as required', () => {
    expect(cleanValues(refundForm, { amount: 1, decision: 'reject', reason: '' })).toEqual({
      amount: 1,
      decision: 'reject',
      reason: '',
    });
    expect(cleanValues(refundForm, { amount: 1, decision: 'approve', reason: '' })).toEqual({ amount: 1, decision: 'approve' });
  });

  it('drops fields hidden by an unmet if/then', () => {
    const form = makeForm({
      properties: { decision: { enum: ['approve', 'reject'] } },
      if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
      then: { properties: { reason: { type: 'string' } } },
    });
    expect(cleanValues(form, { decision: 'reject', reason: 'spam' })).toEqual({ decision: 'reject', reason: 'spam' });
    expect(cleanValues(form, { decision: 'approve', reason: 'spam' })).toEqual({ decision: 'approve' });
  });

  it('cleans nested objects and drops an optional one left empty', () => {
    expect(cleanValues(refundForm, { address: { zip: '12345', extra: 1, city: '' } })).toEqual({
      address: { zip: '12345', city: '' },
    });
    const form = makeForm({ properties: { box: { type: 'object', properties: { a: { type: 'string' } } } } });
    expect(cleanValues(form, { box: { a: '' } })).toEqual({});
  });

  it('keeps hidden-widget values and does not mutate its input', () => {
    const form = makeForm({ properties: { token: { type: 'string' } } }, { ui: { fields: { token: { widget: 'hidden' } } } });
    const input = { token: 'abc', junk: 1 };
    expect(cleanValues(form, input)).toEqual({ token: 'abc' });
    expect(input).toEqual({ token: 'abc', junk: 1 });
  });
});
