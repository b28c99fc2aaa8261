/** Command-line parsing of `npm run server`. */
import { describe, expect, it } from 'vitest';
import { CliError, parseCliArgs } from '../../src/server/cli-args';

describe('cli args', () => {
  it('defaults', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      options: {
        port: 8787,
        host: '127.0.0.1',
        db: ':memory:',
        seed: 0,
        token: undefined,
        adminToken: undefined,
        username: undefined,
        keepaliveMs: undefined,
        changeRetention: undefined,
        quiet: false,
      },
    });
  });

  it('reads every option', () => {
    const r = parseCliArgs([
      '--port',
      '9000',
      '--seed',
      '300',
      '--db',
      '/tmp/x.db',
      '--token',
      'reviewer-token',
      '--admin-token',
      'admin-token-1',
      '--username',
      'ana',
      '--keepalive-ms',
      '500',
      '--change-retention',
      '100',
      '--quiet',
    ]);
    expect(r).toEqual({
      help: false,
      options: {
        port: 9000,
        host: '127.0.0.1',
        db: '/tmp/x.db',
        seed: 300,
        token: 'reviewer-token',
        adminToken: 'admin-token-1',
        username: 'ana',
        keepaliveMs: 500,
        changeRetention: 100,
        quiet: true,
      },
    });
  });

  it('help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
    expect(parseCliArgs(['-h'])).toEqual({ help: true });
  });

  it('clear errors for bad arguments', () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /--port must be an integer/],
      [['--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['--seed', '-1'], /seed/],
      [['--bogus'], /Unknown option/],
      [['positional'], /positional/i],
      [['--token', 'short'], /--token must be 8 to 200 characters/],
      [['--token', 'same-token', '--admin-token', 'same-token'], /must differ/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCliArgs(args), args.join(' ')).toThrow(CliError);
      expect(() => parseCliArgs(args)).toThrow(message);
    }
  });
});
