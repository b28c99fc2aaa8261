/**
 * The quick check in front of zod (change-parse.ts) must never accept what
 * ChangeSchema refuses, and must build exactly what ChangeSchema builds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChange } from '../../src/main/sync/change-parse';
import { ChangeSchema } from '../../src/shared/protocol';
import { makeAssignment } from '../support/assignment-factory';

const withFiles = (i: number) =>
  makeAssignment(i, undefined, {
    files: { receipt: { url: 'https://files.example/r.png?sig=1', mime: 'image/png', size: 10 }, b: { url: 'u' } },
    metadata: { confidence: 0.5, previous_decisions: [{ outcome: 'approve' }] },
    tags: [1, 3],
  });

/** A JSON path into the assignment, and something JSON can hold to put there (or nothing: the key goes). */
const PATHS = [
  ['id'],
  ['project'],
  ['status'],
  ['assignee'],
  ['priority'],
  ['kind'],
  ['title'],
  ['data'],
  ['files'],
  ['files', 'receipt'],
  ['files', 'receipt', 'url'],
  ['files', 'receipt', 'mime'],
  ['files', 'receipt', 'size'],
  ['files', 'receipt', 'sha256'],
  ['form'],
  ['form', 'id'],
  ['form', 'version'],
  ['tags'],
  ['tags', '0'],
  ['metadata'],
  ['due_at'],
  ['created_at'],
  ['updated_at'],
  ['version'],
  ['unknown_key'],
];
const edgeValues = fc.constantFrom<unknown>(
  null,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 31),
  '',
  'x'.repeat(65),
  'x'.repeat(201),
  'x'.repeat(2001),
  'pending',
  'critical',
  [],
  {},
  [1, 'a'],
  { id: 'f', version: 1 },
  { url: 'u' },
  JSON.parse('{"__proto__": {"url": "u"}}'),
  true,
);
const mutation = fc.record({
  path: fc.constantFrom(...PATHS),
  value: fc.option(fc.oneof(edgeValues, fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
});

function mutate(base: unknown, path: string[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== 'object' || next === null) return copy;
    at = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

function same(raw: unknown): void {
  const quick = parseChange(raw);
  const zod = ChangeSchema.safeParse(raw);
  expect(quick.success).toBe(zod.success);
  if (quick.success && zod.success) {
    expect(JSON.stringify(quick.data)).toBe(JSON.stringify(zod.data));
    expect(quick.data).toEqual(zod.data);
  }
}

describe('the quick change check', () => {
  it('builds what zod builds for well-formed upserts', () => {
    for (let i = 0; i < 50; i++) same({ op: 'upsert', assignment: i % 2 ? withFiles(i) : makeAssignment(i) });
  });

  it('agrees with zod on every single-field mutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ms) => {
        let a: unknown = i % 2 ? withFiles(i) : makeAssignment(i);
        for (const m of ms) a = mutate(a, m.path, m.value);
        same({ op: 'upsert', assignment: a });
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('agrees with zod on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        same(v);
        same({ op: 'upsert', assignment: v });
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
