import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../src/main/log';
import { REDACTED, isSecretKey, redact, redactString } from '../../src/main/log-redact';

const TOKEN = 'rd_live_9f8e7d6c5b4a39281706f5e4';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3In0.c2lnbmF0dXJlLXBhcnQ';
const AT = new Date('2026-11-21T12:00:00.000Z');

describe('secret keys', () => {
  it('knows secret-looking keys in any spelling', () => {
    for (const k of [
      'token',
      'accessToken',
      'refresh_token',
      'Authorization',
      'proxy-authorization',
      'password',
      'newPassword',
      'client_secret',
      'X-Api-Key',
      'apiKey',
      'privateKey',
      'Cookie',
      'set-cookie',
      'credentials',
      'sessionId',
      'auth',
      'jwt',
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
  });

  it('leaves ordinary keys alone', () => {
    for (const k of ['key', 'cacheKey', 'author', 'status', 'assignmentId', 'baseUrl', 'message', 'outcome', 'kind']) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });
});

describe('redact', () => {
  it('blanks values under secret keys at any depth, keeping the shape', () => {
    const out = redact({
      baseUrl: 'https://review.example.com/api/v1',
      token: TOKEN,
      nested: { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' }, list: [{ password: 'hunter22' }] },
      emptyToken: '',
      missingToken: null,
    });
    expect(out).toEqual({
      baseUrl: 'https://review.example.com/api/v1',
      token: REDACTED,
      nested: { headers: { Authorization: REDACTED, Accept: 'application/json' }, list: [{ password: REDACTED }] },
      emptyToken: '',
      missingToken: null,
    });
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });

  it('redacts fetch Headers and Maps by name', () => {
    const headers = new Headers({ authorization: `Token ${TOKEN}`, 'content-type': 'application/json' });
    expect(redact({ headers })).toEqual({ headers: { authorization: REDACTED, 'content-type': 'application/json' } });
    expect(
      redact(
        new Map([
          ['cookie', 'sid=1'],
          ['x', 'y'],
        ]),
      ),
    ).toEqual({ cookie: REDACTED, x: 'y' });
  });

  it('cleans strings: headers, bearer tokens, JWTs, query parameters, credentials in URLs, JSON bodies', () => {
    const cases: [string, string][] = [
      [`Authorization: Bearer ${TOKEN}`, `Authorization: ${REDACTED}`],
      [`request failed (authorization=Token ${TOKEN})`, `request failed (authorization=${REDACTED}`],
      [`sent Bearer ${TOKEN} to server`, `sent Bearer ${REDACTED} to server`],
      [`id token ${JWT} expired`, `id token ${REDACTED} expired`],
      [`GET https://x.example/files/1?token=${TOKEN}&size=2`, `GET https://x.example/files/1?token=${REDACTED}&size=2`],
      [`GET https://x.example/a?api_key=${TOKEN}#top`, `GET https://x.example/a?api_key=${REDACTED}#top`],
      [`connect https://ana:${TOKEN}@review.example.com/api`, `connect https://${REDACTED}@review.example.com/api`],
      [`422 {"detail":"bad","token":"${TOKEN}","n":1}`, `422 {"detail":"bad","token":"${REDACTED}","n":1}`],
      [`{"client_secret": "abc\\"def"}`, `{"client_secret": "${REDACTED}"}`],
      ['Cookie: sid=abc; theme=dark', `Cookie: ${REDACTED}`],
    ];
    for (const [input, expected] of cases) expect(redactString(input), input).toBe(expected);
  });

  it('leaves ordinary text untouched', () => {
    for (const s of [
      'sync finished in 120 ms',
      'GET https://review.example.com/api/v1/assignments/?cursor=abc&limit=200',
      'the token was refused by the server (401)',
      'token verification failed; Basic authentication is not offered',
      'decision 5f0c… settled as conflict',
    ]) {
      expect(redactString(s)).toBe(s);
    }
  });

  it('turns errors into plain data, redacted', () => {
    const e = Object.assign(new Error(`401 for Bearer ${TOKEN}`), { code: 'unauthorized' });
    const out = redact({ error: e }) as { error: Record<string, unknown> };
    expect(out.error).toMatchObject({ name: 'Error', message: `401 for Bearer ${REDACTED}`, code: 'unauthorized' });
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });

  it('survives cycles, depth, bytes, huge strings and hostile getters', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const deep = { l1: { l2: { l3: { l4: { l5: { l6: { l7: 'x' } } } } } } };
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const out = redact({
      a,
      deep,
      bytes: Buffer.from('secret bytes'),
      big: 'x'.repeat(20_000),
      hostile,
      n: 10n,
      when: AT,
    }) as Record<string, unknown>;
    expect((out.a as Record<string, unknown>).self).toBe('[circular]');
    expect(JSON.stringify(out.deep)).toContain('[…]');
    expect(out.bytes).toBe('[12 bytes]');
    expect((out.big as string).length).toBeLessThan(10_100);
    expect(out.hostile).toEqual({ boom: '[unreadable]' });
    expect(out.n).toBe('10');
    expect(out.when).toBe('2026-11-21T12:00:00.000Z');
    // A value seen twice (not a cycle) is written twice.
    const shared = { x: 1 };
    expect(redact({ p: shared, q: shared })).toEqual({ p: { x: 1 }, q: { x: 1 } });
  });
});

describe('formatLogLine', () => {
  it('writes one redacted line with time, level, message and extra as JSON', () => {
    const line = formatLogLine('warn', `connect failed for https://u:${TOKEN}@h.example`, { token: TOKEN, status: 401 }, AT);
    expect(line).toBe(
      `2026-11-21T12:00:00.000Z WARN  connect failed for https://${REDACTED}@h.example {"token":"${REDACTED}","status":401}`,
    );
  });

  it('keeps a message with newlines on one line, so it cannot forge entries', () => {
    const line = formatLogLine('info', 'first\n2026-01-01T00:00:00.000Z ERROR forged', undefined, AT);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('first ⏎ 2026');
  });
});
