import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../src/main/ipc/dispatch';
import { recordingLogger } from '../../src/main/log';
import { AppFailure } from '../../src/shared/result';

const handlers = {
  'session:get': () => ({ status: 'signed_out' }),
  'queue:list': (q: { limit: number; offset: number }) => ({ items: [], total: q.limit + q.offset, countsByStatus: {} }),
  'assignment:get': () => {
    throw new AppFailure('not_found', 'gone');
  },
  'sync:now': () => {
    throw new Error('boom');
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('rejects unknown channels as data', async () => {
    const r = await dispatch(handlers, 'fs:readFile', {}, recordingLogger());
    expect(r).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Unknown channel') } });
  });

  it('validates input with the contract and applies defaults', async () => {
    const bad = await dispatch(handlers, 'queue:list', { limit: 'ten' }, recordingLogger());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
    const good = await dispatch(handlers, 'queue:list', {}, recordingLogger());
    expect(good).toEqual({ ok: true, value: { items: [], total: 200, countsByStatus: {} } });
  });

  it('turns thrown failures into error results, keeping their code', async () => {
    const r = await dispatch(handlers, 'assignment:get', { id: 3 }, recordingLogger());
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } });
    const log = recordingLogger();
    const r2 = await dispatch(handlers, 'sync:now', undefined, log);
    expect(r2).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(log.entries.some((e) => e.level === 'error')).toBe(true);
  });

  it('accepts no input for channels that take none', async () => {
    expect(await dispatch(handlers, 'session:get', null, recordingLogger())).toEqual({
      ok: true,
      value: { status: 'signed_out' },
    });
    expect(await dispatch(handlers, 'session:get', undefined, recordingLogger())).toEqual({
      ok: true,
      value: { status: 'signed_out' },
    });
    expect((await dispatch(handlers, 'session:get', { x: 1 }, recordingLogger())).ok).toBe(false);
  });
});
