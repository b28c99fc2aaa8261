import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentSpans, splitPage, trailingCursor } from '../../src/main/backend/feed-spans';

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const decode = (b: Uint8Array | null) => (b === null ? null : JSON.parse(Buffer.from(b).toString('utf8')));

/** What a span must hold: the assignment JSON.parse finds, when it is an object. */
function expectedOf(change: unknown): unknown {
  if (change && typeof change === 'object' && !Array.isArray(change)) {
    const a = (change as Record<string, unknown>).assignment;
    if (a && typeof a === 'object' && !Array.isArray(a)) return a;
  }
  return null;
}

function check(text: string): void {
  const parsed = JSON.parse(text) as { changes: unknown[] };
  const spans = assignmentSpans(bytesOf(text), parsed.changes.length);
  expect(spans).not.toBeNull();
  expect(spans!.map(decode)).toEqual(parsed.changes.map(expectedOf));
}

describe('assignmentSpans', () => {
  it('finds each upsert’s assignment and nothing for removals', () => {
    const page = {
      changes: [
        { op: 'upsert', assignment: { id: 1, title: 'Refund “order” → 5004', data: { text: 'a } b { "c" \\ d' } } },
        { op: 'remove', id: 2, reason: 'reassigned' },
        { assignment: { id: 3, data: [1, { x: '[' }] }, op: 'upsert' },
      ],
      cursor: 'abc',
      has_more: false,
    };
    check(JSON.stringify(page));
    check(JSON.stringify(page, null, 2));
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    check('{"changes":[{"op":"upsert","assignment":{"id":1},"assignment":{"id":2}}],"cursor":"x"}');
    check('{"changes":[{"op":"upsert","assignment":{"id":1},"assignment":null}],"cursor":"x"}');
    check(
      '{"changes":[{"op":"upsert","assignment":{"id":9}}],"changes":[{"op":"remove","id":1},{"op":"upsert","assignment":{"id":2}}]}',
    );
  });

  it('answers null when the count disagrees or the key is spelled with escapes', () => {
    const text = '{"changes":[{"op":"upsert","assignment":{"id":1}}]}';
    expect(assignmentSpans(bytesOf(text), 2)).toBeNull();
    const escaped = '{"changes":[{"op":"upsert","\\u0061ssignment":{"id":1}}]}';
    expect(assignmentSpans(bytesOf(escaped), 1)).toEqual([null]);
    expect(assignmentSpans(bytesOf('{"changes":[]}'), 0)).toEqual([]);
  });

  it('agrees with JSON.parse on any page', () => {
    const leaf = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ',', ':', '"assignment":{'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    const change = fc.oneof(
      fc.record({ op: fc.constant('upsert'), assignment: fc.dictionary(fc.string(), value, { maxKeys: 6 }) }),
      fc.record({ op: fc.constant('remove'), id: fc.integer() }),
      fc.record({ assignment: value, extra: value }),
      value,
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 8 }), fc.boolean(), (changes, pretty) => {
        const page = { cursor: 'c"\\', changes, has_more: true };
        check(pretty ? JSON.stringify(page, null, 1) : JSON.stringify(page));
      }),
      { numRuns: 300 },
    );
  });
});

describe('trailingCursor', () => {
  it('reads the cursor from the end of a page as the server writes it, and nothing when there is no next page', () => {
    const changes = [{ op: 'upsert', assignment: { id: 1, data: { cursor: 'not this one' } } }];
    expect(trailingCursor(bytesOf(JSON.stringify({ changes, cursor: 'c:42', has_more: true })))).toBe('c:42');
    expect(trailingCursor(bytesOf(JSON.stringify({ changes, cursor: 'c:42', has_more: true }, null, 2)))).toBe('c:42');
    expect(trailingCursor(bytesOf(JSON.stringify({ changes, cursor: 'c:42', has_more: false })))).toBeNull();
    expect(trailingCursor(bytesOf(JSON.stringify({ changes, has_more: true, cursor: 'é"\\' })))).toBe('é"\\');
  });

  it('guesses nothing from a tail that is not the envelope’s last keys', () => {
    expect(trailingCursor(bytesOf('{"changes": [], "cursor": 42, "has_more": true}'))).toBeNull();
    expect(trailingCursor(bytesOf('{"cursor": "c", "changes": [{"op": "upsert", "assignment": {"cursor": "x"}}]}'))).toBeNull();
    expect(trailingCursor(bytesOf('{"changes": [], "cursor": "c", "has_more": tr'))).toBeNull();
    expect(trailingCursor(bytesOf(`{"cursor": "c", "changes": [], "padding": "${'x'.repeat(2000)}"}`))).toBeNull();
    expect(trailingCursor(new Uint8Array(0))).toBeNull();
  });

  it('never guesses a cursor other than the page’s own', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.constantFrom('cursor', '"cursor":"x"}', 'has_more'),
        fc.integer(),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('cursor', 'has_more', 'a', 'changes'), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const key = fc.constantFrom('changes', 'cursor', 'has_more', 'extra', 'cursor');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.boolean(), (entries, pretty) => {
        const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v, null, pretty ? 1 : undefined)}`).join(',')}}`;
        const guess = trailingCursor(bytesOf(text));
        if (guess !== null) expect(guess).toBe((JSON.parse(text) as { cursor?: unknown }).cursor);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitPage', () => {
  /** What splitPage must give for `text` when it gives anything: JSON.parse's value, assignmentSpans' spans. */
  function checkSplit(text: string): boolean {
    const split = splitPage(bytesOf(text));
    if (split === null) return false;
    const whole = JSON.parse(text) as { changes: unknown[] };
    expect(split.json).toEqual(whole);
    expect(split.spans.map(decode)).toEqual(assignmentSpans(bytesOf(text), whole.changes.length)!.map(decode));
    expect(split.spans.map((s) => s && Buffer.from(s).toString())).toEqual(
      assignmentSpans(bytesOf(text), whole.changes.length)!.map((s) => s && Buffer.from(s).toString()),
    );
    return true;
  }

  it('parses a page of the server’s in pieces, to the same value and spans', () => {
    const page = {
      changes: [
        { op: 'upsert', assignment: { id: 1, title: 'Refund “order” → 5004', data: { text: 'a } b { "c" \\ d', list: [{}] } } },
        { op: 'remove', id: 2, reason: 'reassigned' },
        { op: 'upsert', assignment: { id: 3, data: [1, { x: ']' }] } },
      ],
      cursor: 'abc]',
      has_more: false,
    };
    expect(checkSplit(JSON.stringify(page))).toBe(true);
  });

  it('leaves to the whole parse a page in another form, or one its search cannot prove', () => {
    const nested = { op: 'upsert', assignment: { id: 1, data: { log: [{ a: 1 }, { op: 'upsert', assignment: { id: 9 } }] } } };
    for (const text of [
      JSON.stringify({ changes: [{ op: 'upsert', assignment: { id: 1 } }] }, null, 2), // not compact
      '{"changes":[{"assignment":{"id":1},"op":"upsert"}]}', // another key order
      '{"changes":[{"op":"upsert","assignment":{"id":1},"assignment":{"id":2}}]}', // a repeated key
      JSON.stringify({ changes: [nested, { op: 'remove', id: 2 }] }), // a change's opening inside data
      JSON.stringify({ changes: [{ op: 'upsert', assignment: { id: 1, note: '\u0001' } }] }), // a stand-in's spelling
      '{"changes":[{"op":"upsert","assignment":{"id":1}}}', // not JSON
      '{"changes":[]}',
    ]) {
      expect(checkSplit(text), text).toBe(false);
    }
  });

  it('gives JSON.parse’s value and the scan’s spans whenever it gives anything', () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('"', '\\', ']', '},{"op":"', '{"op":"upsert","assignment":{', '\u0001', '\u0002'),
      fc.integer(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('op', 'assignment', 'id', 'x'), tie('v'), { maxKeys: 3 }),
        fc.record({ op: fc.constant('upsert'), assignment: fc.dictionary(fc.string(), tie('v'), { maxKeys: 2 }) }),
      ),
    })).v;
    const change = fc.oneof(
      fc.record({ op: fc.constant('upsert'), assignment: fc.dictionary(fc.string(), value, { maxKeys: 4 }) }),
      fc.record({ op: fc.constant('upsert'), assignment: value }),
      fc.record({ op: fc.constant('remove'), id: fc.integer() }),
      value,
    );
    let split = 0;
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), fc.string(), (changes, cursor) => {
        if (checkSplit(JSON.stringify({ changes, cursor, has_more: true }))) split++;
      }),
      { numRuns: 1500 },
    );
    // Most of these pages are in the server's form: the pieces, not the fallback, were checked.
    expect(split).toBeGreaterThan(300);
  });
});
