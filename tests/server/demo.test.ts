/** The demo data: forms covering the protocol, realistic assignments, attachments, determinism. */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FORMS } from '../../src/server/demo/forms';
import { demoAssignments } from '../../src/server/demo/generator';
import { validateSchema } from '../../src/server/validation/json-schema';
import { AssignmentSchema, FormSchema, PRIORITIES, type Assignment, type Form } from '../../src/shared/protocol';
import { decide, pullAll, start, T0, type TestServer } from './helpers';

const N = 240;
let t: TestServer;
let all: Assignment[];
let decidedId = 0;

beforeAll(async () => {
  t = await start({ seed: N });
  all = (await pullAll(t.reviewer)).changes.filter((c) => c.op === 'upsert').map((c) => c.assignment);
});
afterAll(() => t.close());

/** Every schema node of a form, with the ui widget of top-level properties. */
function walk(schema: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    for (const s of schema) walk(s, visit);
    return;
  }
  const node = schema as Record<string, unknown>;
  visit(node);
  for (const v of Object.values(node)) walk(v, visit);
}

describe('forms', () => {
  it('publishes at least four valid forms, fetchable by id and version', async () => {
    expect(DEMO_FORMS.length).toBeGreaterThanOrEqual(4);
    for (const form of DEMO_FORMS) {
      const res = await t.reviewer.get(`/forms/${form.id}/versions/${form.version}/`);
      expect(res.status).toBe(200);
      expect(FormSchema.parse(res.body)).toEqual(form);
      expect(form.instructions.length).toBeGreaterThan(20);
    }
  });

  it('together use every property type, keyword and widget of the protocol', () => {
    const seen = new Set<string>();
    for (const form of DEMO_FORMS) {
      walk(form.schema, (node) => {
        if (typeof node.type === 'string') seen.add(`type:${node.type}`);
        if (typeof node.format === 'string') seen.add(`format:${node.format}`);
        for (const k of [
          'minLength',
          'maxLength',
          'pattern',
          'enum',
          'default',
          'minimum',
          'maximum',
          'multipleOf',
          'minItems',
          'maxItems',
          'uniqueItems',
          'if',
          'then',
          'dependentRequired',
          'required',
        ]) {
          if (k in node) seen.add(k);
        }
        if (Array.isArray(node.oneOf) && node.oneOf.every((o) => typeof o === 'object' && o && 'const' in o && 'title' in o)) {
          seen.add('oneOf-const-title');
        }
        const items = node.items as Record<string, unknown> | undefined;
        if (node.type === 'array' && items && Array.isArray(items.enum) && node.uniqueItems === true)
          seen.add('array-of-enum-unique');
        if (node.type === 'object' && node !== form.schema && node.properties) seen.add('nested-object');
      });
      for (const f of Object.values(form.ui.fields ?? {})) if (f.widget) seen.add(`widget:${f.widget}`);
    }
    const expected = [
      ...['boolean', 'integer', 'number', 'string', 'array', 'object'].map((x) => `type:${x}`),
      ...['date', 'date-time', 'email', 'uri'].map((x) => `format:${x}`),
      ...['textarea', 'markdown', 'radio', 'select', 'checkboxes', 'rating', 'ranking', 'slider', 'hidden'].map(
        (x) => `widget:${x}`,
      ),
      'minLength',
      'maxLength',
      'pattern',
      'enum',
      'default',
      'minimum',
      'maximum',
      'multipleOf',
      'minItems',
      'maxItems',
      'uniqueItems',
      'if',
      'then',
      'dependentRequired',
      'oneOf-const-title',
      'array-of-enum-unique',
      'nested-object',
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });

  it('offer approve, reject and request_changes with the protocol’s flags (and one form offers submit)', () => {
    const withOutcomes = DEMO_FORMS.filter((f) => f.outcomes.length > 0);
    expect(withOutcomes.length).toBeGreaterThanOrEqual(4);
    for (const f of withOutcomes) {
      expect(f.outcomes).toEqual([
        { value: 'approve', label: 'Approve' },
        { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
        { value: 'request_changes', label: 'Request changes', requires_comment: true, validate: false },
      ]);
    }
    expect(DEMO_FORMS.some((f) => f.outcomes.length === 0)).toBe(true);
  });

  it('the defaults of every form are themselves valid', () => {
    const defaults = (f: Form): Record<string, unknown> => {
      const props = (f.schema.properties ?? {}) as Record<string, { default?: unknown }>;
      return Object.fromEntries(
        Object.entries(props)
          .filter(([, p]) => 'default' in p)
          .map(([k, p]) => [k, p.default]),
      );
    };
    for (const form of DEMO_FORMS) {
      const errors = validateSchema(form.schema, defaults(form)).filter((e) => e.message !== 'This field is required.');
      expect(errors, form.id).toEqual([]);
    }
  });
});

describe('assignments', () => {
  it('creates N valid assignments for the default reviewer', async () => {
    expect((await t.reviewer.get('/assignments/?page_size=1')).body.count).toBe(N);
    const stats = (await t.reviewer.get('/statistics/')).body;
    expect(stats.total).toBe(N);
    // Cancelled ones are not in the feed's current set.
    expect(all.length).toBe(N - stats.by_status.cancelled);
    for (const a of all) {
      expect(AssignmentSchema.parse(a)).toEqual(a);
      expect(a.assignee).toBe(t.server.reviewerId);
    }
  });

  it('spreads over projects, kinds, priorities and statuses, mostly open', async () => {
    const stats = (await t.reviewer.get('/statistics/')).body;
    expect(new Set(all.map((a) => a.project)).size).toBeGreaterThanOrEqual(3);
    expect(Object.keys(stats.by_kind)).toEqual(
      expect.arrayContaining(['approval', 'annotation', 'api_key', 'legal_document', 'content_moderation']),
    );
    for (const p of PRIORITIES) expect(stats.by_priority[p]).toBeGreaterThan(0);
    expect(stats.by_status.pending + stats.by_status.in_progress).toBeGreaterThan(N * 0.6);
  });

  it('has due dates overdue, today and none', () => {
    const now = T0;
    const endOfDay = Date.parse('2026-11-21T23:59:59.999Z');
    const due = all.map((a) => (a.due_at === null ? null : Date.parse(a.due_at)));
    expect(due.some((d) => d === null)).toBe(true);
    expect(due.some((d) => d !== null && d < now)).toBe(true);
    expect(due.some((d) => d !== null && d >= now && d <= endOfDay)).toBe(true);
    expect(due.some((d) => d !== null && d > endOfDay)).toBe(true);
  });

  it('has realistic data of about 0.5–1.5 KB, model confidences, revision history and tags', () => {
    const sizes = all.map((a) => JSON.stringify(a).length);
    const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length;
    expect(mean).toBeGreaterThan(500);
    expect(mean).toBeLessThan(1500);
    const refund = all.find((a) => a.kind === 'approval');
    expect(refund?.data).toMatchObject({ amount: expect.any(Number), customer_message: expect.any(String) });
    expect(all.some((a) => typeof a.metadata.confidence === 'number')).toBe(true);
    const looped = all.filter((a) => Array.isArray(a.metadata.previous_decisions));
    expect(looped.length).toBeGreaterThan(0);
    expect(looped[0]?.metadata.previous_decisions).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'request_changes', comment: expect.any(String) })]),
    );
    expect(all.some((a) => a.tags.length > 0)).toBe(true);
  });

  it('every assignment uses a published form, and its decisions validate against it', async () => {
    const forms = new Set(DEMO_FORMS.map((f) => `${f.id}@${f.version}`));
    for (const a of all) expect(forms.has(`${a.form.id}@${a.form.version}`)).toBe(true);
    const open = all.find(
      (a) => a.kind === 'approval' && a.form.version === 2 && (a.status === 'pending' || a.status === 'in_progress'),
    );
    if (!open) throw new Error('no open refund in the demo');
    decidedId = open.id;
    const res = await decide(t, open, 'demo-decision', { comment: 'Refund per policy.' });
    expect(res.status).toBe(201);
  });
});

describe('attachments', () => {
  it('some assignments carry generated PNGs that download with the advertised size and hash', async () => {
    const withFiles = all.filter((a) => Object.keys(a.files).length > 0);
    expect(withFiles.length).toBeGreaterThan(0);
    const ref = Object.values(withFiles[0]?.files ?? {})[0];
    if (!ref) throw new Error('fixture');
    expect(ref.url.startsWith(`${t.server.baseUrl}/files/`)).toBe(true);
    expect(ref.url).toMatch(/\.png\?sig=/);
    // Signed URL: no token needed.
    const res = await fetch(ref.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(ref.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(ref.sha256);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    // The image data inflates to the declared dimensions.
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    const idatStart = bytes.indexOf('IDAT') + 4;
    const idatLength = bytes.readUInt32BE(idatStart - 8);
    expect(inflateSync(bytes.subarray(idatStart, idatStart + idatLength)).length).toBe(height * (width * 3 + 1));
  });

  it('a wrong or missing signature is 403; an unknown name 404', async () => {
    const ref = Object.values(all.find((a) => Object.keys(a.files).length > 0)?.files ?? {})[0];
    if (!ref) throw new Error('fixture');
    const bare = ref.url.split('?')[0] ?? '';
    expect((await fetch(`${bare}?sig=forged`)).status).toBe(403);
    expect((await fetch(bare)).status).toBe(403);
    expect((await fetch(`${t.server.baseUrl}/files/not-an-image.txt?sig=x`)).status).toBe(404);
  });
});

describe('determinism', () => {
  it('the same seed and clock give the same assignments', () => {
    const opts = { count: 50, assignee: 1, now: new Date(T0), fileSecret: 's', tagIds: [1, 2, 3, 4] };
    const one = [...demoAssignments(opts)];
    const two = [...demoAssignments(opts)];
    expect(two).toEqual(one);
    const other = [...demoAssignments({ ...opts, seed: 7 })];
    expect(other).not.toEqual(one);
  });

  it('a seeded server lists the same assignments as another seeded with the same number', async () => {
    const twin = await start({ seed: N });
    try {
      const a = (await t.reviewer.get('/assignments/?page_size=50&ordering=id')).body.results as Assignment[];
      const b = (await twin.reviewer.get('/assignments/?page_size=50&ordering=id')).body.results as Assignment[];
      const strip = (x: Assignment) => ({ ...x, files: Object.keys(x.files), version: 0, updated_at: '' });
      // The first server took a decision above; compare the rest, ignoring signed URLs.
      const rest = (xs: Assignment[]) => xs.filter((x) => x.id !== decidedId).map(strip);
      expect(rest(b)).toEqual(rest(a));
      expect(rest(a)).toHaveLength(decidedId <= 50 ? 49 : 50);
    } finally {
      await twin.close();
    }
  });
});
