import { describe, expect, it } from 'vitest';
import { checkDecision } from '../../../src/shared/forms';
import { makeForm, refundForm } from './fixtures';

describe('checkDecision', () => {
  it('accepts a valid decision', () => {
    expect(checkDecision(refundForm, 'approve', { amount: 5 }, undefined)).toEqual({ ok: true });
  });

  it('rejects an outcome the form does not offer', () => {
    const r = checkDecision(refundForm, 'escalate', { amount: 5 }, 'x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('This form has no "escalate" decision');
  });

  it('names the fields that need attention, by title', () => {
    const r = checkDecision(refundForm, 'approve', { amount: 0, decision: 'reject' }, undefined);
    expect(r).toEqual({
      ok: false,
      message: '2 fields need attention: Amount, Reason',
      fields: { '/amount': ['Must be at least 1'], '/reason': ['Required'] },
    });
  });

  it('names a nested field by its own title and an untitled one humanized', () => {
    const r = checkDecision(refundForm, 'approve', { amount: 2, address: { zip: '1' } }, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('2 fields need attention: ZIP code, City');
  });

  it('uses the singular for one field', () => {
    const r = checkDecision(refundForm, 'approve', {}, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('1 field needs attention: Amount');
  });

  it('requires a non-blank comment where the outcome says so', () => {
    for (const comment of [undefined, '', '   \n']) {
      const r = checkDecision(refundForm, 'reject', {}, comment);
      expect(r).toEqual({ ok: false, message: 'Add a comment to reject', fields: { '/comment': ['Required'] } });
    }
    expect(checkDecision(refundForm, 'reject', {}, 'Duplicate request')).toEqual({ ok: true });
  });

  it('validate: false skips the values entirely', () => {
    expect(checkDecision(refundForm, 'reject', { amount: -4, address: 'nope' }, 'bad data')).toEqual({ ok: true });
  });

  it('reports a missing comment and invalid values together', () => {
    const r = checkDecision(refundForm, 'request_changes', { amount: 0 }, '');
    expect(r).toEqual({
      ok: false,
      message: 'Add a comment to request changes and check 1 field: Amount',
      fields: { '/amount': ['Must be at least 1'], '/comment': ['Required'] },
    });
  });

  it('a form with no outcomes offers submit, and only submit', () => {
    const form = makeForm({ properties: { n: { type: 'integer' } }, required: ['n'] });
    expect(checkDecision(form, 'submit', { n: 1 }, undefined)).toEqual({ ok: true });
    expect(checkDecision(form, 'submit', {}, undefined).ok).toBe(false);
    expect(checkDecision(form, 'approve', { n: 1 }, undefined).ok).toBe(false);
  });

  it('validates values as stored: leftovers of hidden fields do not block', () => {
    const form = makeForm({
      properties: { decision: { enum: ['approve', 'reject'] } },
      additionalProperties: false,
      if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
      then: { properties: { reason: { type: 'string', minLength: 5 } } },
    });
    expect(checkDecision(form, 'submit', { decision: 'approve', reason: 'x', stray: 1 }, undefined)).toEqual({ ok: true });
  });

  it('lists at most four names, then a count', () => {
    const props = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, { type: 'string', title: k.toUpperCase() }]));
    const form = makeForm({ properties: props, required: Object.keys(props) });
    const r = checkDecision(form, 'submit', {}, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('6 fields need attention: A, B, C, D and 2 more');
  });
});
