import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/main/backend/http-client';
import { buildForm, isSecretName } from '../../../../src/main/backend/hitl/forms';
import { checkDecision, secretPaths } from '../../../../src/shared/forms';
import { FormSchema } from '../../../../src/shared/protocol';
import { hitlFixture, type Fixture } from './hitl-fixture';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const props = (form: ReturnType<typeof buildForm>) => form.schema.properties as Record<string, Record<string, unknown>>;

describe('HITL adapter: required_fields as a form', () => {
  it('maps type names onto JSON Schema types and descriptions onto help', () => {
    const form = buildForm(
      {
        name: 'string',
        count: 'integer',
        ratio: 'float',
        approved: 'bool',
        contact: 'email',
        on: 'date',
        why: 'Explain the decision to the agent',
        settings: 'json',
      },
      'decision',
    );
    expect(FormSchema.safeParse(form).success).toBe(true);
    expect(props(form)).toEqual({
      name: { type: 'string' },
      count: { type: 'integer' },
      ratio: { type: 'number' },
      approved: { type: 'boolean' },
      contact: { type: 'string', format: 'email' },
      on: { type: 'string', format: 'date' },
      why: { type: 'string', description: 'Explain the decision to the agent' },
      settings: { type: 'string' },
    });
    expect(form.schema.required).toEqual(['name', 'count', 'ratio', 'approved', 'contact', 'on', 'why', 'settings']);
    expect(form.ui.order).toEqual(Object.keys(props(form)));
    expect(form.ui.fields?.settings).toEqual({ widget: 'textarea', help: 'JSON' });
  });

  it('reads spec objects and lists of names too', () => {
    const form = buildForm(
      { tier: { type: 'string', description: 'Plan', enum: ['free', 'pro'] }, note: { type: 'text', required: false } },
      'decision',
    );
    expect(props(form).tier).toEqual({ type: 'string', description: 'Plan', enum: ['free', 'pro'] });
    const labelled = buildForm(
      { size: { type: 'string', options: [{ value: 's', label: 'Small' }, { value: 'l' }] } },
      'decision',
    );
    expect(props(labelled).size).toEqual({ type: 'string', oneOf: [{ const: 's', title: 'Small' }, { const: 'l' }] });
    expect(form.schema.required).toEqual(['tier']);
    expect(Object.keys(props(buildForm(['a', 'b'], 'decision')))).toEqual(['a', 'b']);
    expect(props(buildForm(null, 'approval'))).toEqual({});
  });

  it('marks secret fields writeOnly, by type, name, description or the kind of request', () => {
    const form = buildForm(
      {
        api_key: 'The OpenAI key',
        value: 'password',
        githubToken: 'string',
        db_password: 'string',
        ssh_key: 'string',
        note: 'Paste the service account credentials here',
        key_points: 'Main points',
        max_tokens: 'integer',
        username: 'string',
      },
      'decision',
    );
    const secret = Object.entries(props(form))
      .filter(([, p]) => p.writeOnly === true)
      .map(([k]) => k);
    expect(secret).toEqual(['api_key', 'value', 'githubToken', 'db_password', 'ssh_key', 'note']);
    expect(secretPaths(form.schema)).toEqual(secret.map((k) => [k]));
    expect(isSecretName('key_points')).toBe(false);

    // An api_key request whose fields do not say which one is secret: its text fields are.
    expect(props(buildForm({ value: 'string', expires: 'date' }, 'api_key')).value!.writeOnly).toBe(true);
    expect(props(buildForm({ value: 'string' }, 'decision')).value!.writeOnly).toBeUndefined();
  });

  it('offers fulfil (validating) and reject (comment required, no validation)', () => {
    const form = buildForm({ api_key: 'The key' }, 'api_key');
    expect(form.outcomes).toEqual([
      { value: 'fulfill', label: 'Fulfil' },
      { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
    ]);
    expect(checkDecision(form, 'fulfill', {}, undefined).ok).toBe(false);
    expect(checkDecision(form, 'fulfill', { api_key: 'sk-1' }, undefined).ok).toBe(true);
    expect(checkDecision(form, 'reject', {}, undefined).ok).toBe(false);
    expect(checkDecision(form, 'reject', {}, 'No key for you').ok).toBe(true);
    expect(buildForm({}, 'approval').outcomes[0]).toEqual({ value: 'fulfill', label: 'Approve' });
  });

  it('names forms by their content: the same fields, the same form, for ever', () => {
    const a = buildForm({ x: 'string', y: 'integer' }, 'decision');
    const b = buildForm({ y: 'integer', x: 'string' }, 'decision');
    const c = buildForm({ x: 'string', y: 'number' }, 'decision');
    expect(a.id).toMatch(/^hitl-[0-9a-f]{16}$/);
    expect(a.version).toBe(1);
    expect(buildForm({ x: 'string', y: 'integer' }, 'decision')).toEqual(a);
    expect(c.id).not.toBe(a.id);
    expect(b.id).not.toBe(a.id); // another field order is another form (the order is shown)
  });

  it('serves the forms its pulls named, and finds one named before a restart by listing', async () => {
    f = await hitlFixture();
    f.server.create({ required_fields: { api_key: 'The key' }, request_type: 'api_key' });
    f.server.create({ required_fields: { api_key: 'The key' }, request_type: 'api_key' });
    f.server.create({ required_fields: { ok: 'boolean' } });
    const { assignments } = await f.pullAll();
    const refs = new Map(assignments.map((a) => [a.form.id, a.form]));
    expect(refs.size).toBe(2);
    for (const ref of refs.values()) {
      const form = await f.adapter.form(ref);
      expect(form.id).toBe(ref.id);
      expect(FormSchema.safeParse(form).success).toBe(true);
    }
    const restarted = f.newAdapter();
    const ref = assignments[0]!.form;
    expect((await restarted.form(ref)).id).toBe(ref.id);

    const e = await restarted.form({ id: 'hitl-0000000000000000', version: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).status).toBe(404);
  });
});
