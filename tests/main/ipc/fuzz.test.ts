/**
 * Every channel of the contract, fed malformed input: each call must come
 * back as an `invalid_input` Result, never reach a handler, never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../src/main/ipc/dispatch';
import { recordingLogger } from '../../../src/main/log';
import { CHANNELS, contract } from '../../../src/shared/contract';

// A handler table that fails the test if any malformed input gets through.
const reached: string[] = [];
const handlers = Object.fromEntries(
  CHANNELS.map((c) => [
    c,
    () => {
      reached.push(c);
      return null;
    },
  ]),
) as unknown as Handlers;

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.constantFrom('__proto__', '{"a":1}', NaN, Infinity, -0, ''),
  fc.record({ id: fc.oneof(fc.string(), fc.double(), fc.constant(-1)), assignmentId: fc.string(), __proto__: fc.anything() }),
  fc.string({ minLength: 100_000, maxLength: 100_001 }).map((s) => ({ url: s, token: s, search: s, comment: s })),
);

describe('IPC fuzz', () => {
  it.each(CHANNELS.map((c) => [c]))(
    '%s answers invalid_input to malformed input, without reaching its handler',
    async (channel) => {
      const schema = contract[channel].input;
      await fc.assert(
        fc.asyncProperty(
          hostile.filter((x) => !schema.safeParse(x).success),
          async (input) => {
            const r = await dispatch(handlers, channel, input, recordingLogger());
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.error.code).toBe('invalid_input');
          },
        ),
        { numRuns: 60, seed: 4242 },
      );
      expect(reached).not.toContain(channel);
    },
  );

  it('refuses channels that are not in the contract', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.anything()).filter((c) => !(CHANNELS as readonly unknown[]).includes(c)),
        async (channel) => {
          const r = await dispatch(handlers, channel, {}, recordingLogger());
          expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
