/**
 * Forms for Synapse assignments: configured per project, or derived from the
 * assignment's data; valid for the app's form model, with ids and versions
 * that stay put so the cache keeps them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendAdapter } from '../../../../src/main/backend/adapter';
import { BackendError } from '../../../../src/main/backend/http-client';
import { validateValues } from '../../../../src/shared/forms';
import { ChangeSchema, FormSchema, type Assignment } from '../../../../src/shared/protocol';
import { startFakeSynapse, type FakeSynapse } from '../../../support/fake-synapse-server';
import { synapseAdapterFor } from '../../../support/drivers/synapse-driver';

let fake: FakeSynapse;
beforeEach(async () => {
  fake = await startFakeSynapse();
});
afterEach(async () => {
  await fake.close();
});

async function pulled(adapter: BackendAdapter): Promise<Assignment[]> {
  const out: Assignment[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await adapter.changes(cursor, 1000);
    for (const c of page.changes) {
      const p = ChangeSchema.safeParse(c);
      if (p.success && p.data.op === 'upsert') out.push(p.data.assignment);
    }
    cursor = page.cursor;
    if (!page.hasMore) return out.sort((a, b) => a.id - b.id);
  }
}

describe('derived from the data', () => {
  it('has the data’s scalar keys as fields of their JSON type, valid for the app’s form model', async () => {
    fake.createAssignment({
      data: { summary: 'text', score: 3, ratio: 0.5, ok: true, meta: { lang: 'en', list: [1] }, items: [1, 2], nothing: null },
    });
    const adapter = synapseAdapterFor(fake);
    const [a] = await pulled(adapter);
    const form = await adapter.form(a!.form);
    expect(FormSchema.safeParse(form).success).toBe(true);
    expect(form.id).toBe('synapse-auto-1');
    expect(form.schema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        summary: { type: 'string' },
        score: { type: 'integer' },
        ratio: { type: 'number' },
        ok: { type: 'boolean' },
        meta: { type: 'object', properties: { lang: { type: 'string' } } },
      },
    });
    expect(form.ui).toEqual({ order: ['summary', 'score', 'ratio', 'ok', 'meta'], fields: { summary: { widget: 'textarea' } } });
    expect(form.outcomes.map((o) => [o.value, o.validate ?? true])).toEqual([
      ['approve', true],
      ['needs_review', false],
      ['reject', false],
    ]);
    // Nothing is required: approving the data as it is needs no values.
    expect(validateValues(form.schema, {})).toEqual({});
    expect(Object.keys(validateValues(form.schema, { score: 'three' }))).toEqual(['/score']);
  });

  it('is one form for every assignment of the same shape, and another for another shape', async () => {
    fake.createAssignment({ data: { summary: 'a', score: 1 } });
    fake.createAssignment({ data: { summary: 'b', score: 2 } });
    fake.createAssignment({ data: { summary: 'c', score: 2.5 } });
    fake.createAssignment({ project: 2, data: { summary: 'd', score: 1 } });
    const [a, b, c, d] = await pulled(synapseAdapterFor(fake));
    expect(a!.form).toEqual(b!.form);
    expect(c!.form.id).toBe(a!.form.id);
    expect(c!.form.version).not.toBe(a!.form.version);
    expect(d!.form).toEqual({ id: 'synapse-auto-2', version: a!.form.version });
    // Stable across runs: another adapter (a restart) names the same form.
    const [again] = await pulled(synapseAdapterFor(fake));
    expect(again!.form).toEqual(a!.form);
  });

  it('after a restart, a form the cache still lacks is found again by listing the project', async () => {
    fake.createAssignments(3, (i) => ({ data: i === 2 ? { other: true } : { summary: 'x' } }));
    const [, , odd] = await pulled(synapseAdapterFor(fake));
    const restarted = synapseAdapterFor(fake, { config: { pageSize: 1 } });
    const form = await restarted.form(odd!.form);
    expect(form.schema.properties).toEqual({ other: { type: 'boolean' } });
    const pages = fake.requests.filter((r) => r.path.startsWith('/sdk/assignments/?project=1&'));
    expect(pages).toHaveLength(3); // it stopped at the page that had it

    const e = await restarted.form({ id: 'synapse-auto-1', version: 12345 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect([(e as BackendError).code, (e as BackendError).retryable]).toEqual(['not_found', false]);
  });
});

describe('configured per project', () => {
  const configured = {
    title: 'Summary review',
    instructions: 'Read it all.',
    schema: {
      type: 'object',
      properties: { verdict: { enum: ['good', 'bad'] }, note: { type: 'string' } },
      required: ['verdict'],
    },
    ui: { fields: { verdict: { widget: 'radio' } } },
  };

  it('is used for that project’s assignments, with the default outcomes unless it names its own', async () => {
    fake.createAssignment({ project: 7, data: { whatever: 1 } });
    fake.createAssignment({ project: 8, data: { whatever: 1 } });
    const adapter = synapseAdapterFor(fake, {
      config: {
        forms: {
          '7': configured,
          '8': { ...configured, outcomes: [{ value: 'done', label: 'Done' }] },
        },
      },
    });
    const [seven, eight] = await pulled(adapter);
    expect(seven!.form.id).toBe('synapse-project-7');
    const form = await adapter.form(seven!.form);
    expect(FormSchema.safeParse(form).success).toBe(true);
    expect(form).toMatchObject({
      title: 'Summary review',
      instructions: 'Read it all.',
      schema: configured.schema,
      ui: configured.ui,
    });
    expect(form.outcomes.map((o) => o.value)).toEqual(['approve', 'needs_review', 'reject']);
    expect((await adapter.form(eight!.form)).outcomes).toEqual([{ value: 'done', label: 'Done' }]);
  });

  it('keeps its version while the setting is unchanged, and gets a new one when it changes', async () => {
    fake.createAssignment({ project: 7, data: {} });
    const [a] = await pulled(synapseAdapterFor(fake, { config: { forms: { '7': configured } } }));
    const [same] = await pulled(synapseAdapterFor(fake, { config: { forms: { '7': { ...configured } } } }));
    const edited = synapseAdapterFor(fake, { config: { forms: { '7': { ...configured, title: 'Another' } } } });
    const [b] = await pulled(edited);
    expect(same!.form).toEqual(a!.form);
    expect(b!.form.id).toBe(a!.form.id);
    expect(b!.form.version).not.toBe(a!.form.version);
    // The old version is no longer configured: not found (the next listing moves the assignment to the new one).
    await expect(edited.form(a!.form)).rejects.toMatchObject({ code: 'not_found' });
  });
});
