/** Command-line arguments of cli.ts, parsed and checked (separate so tests can call it). */
import { parseArgs } from 'node:util';
import type { ServerOptions } from './index';

export const USAGE = `Usage: npm run server -- [options]

  --port <n>              port to listen on (default 8787; 0 = any free port)
  --host <addr>           address to bind (default 127.0.0.1)
  --db <file|:memory:>    SQLite database (default :memory:)
  --seed <n>              demo assignments to generate on an empty database (default 0)
  --token <t>             reviewer token (default: kept from the database, else random)
  --admin-token <t>       admin token (same rule)
  --username <name>       default reviewer's username (default reviewer)
  --keepalive-ms <n>      SSE keepalive comment interval (default 15000)
  --change-retention <n>  changes kept before feed cursors expire (default unlimited)
  --quiet                 log nothing but the start banner
  -h, --help              show this help`;

export class CliError extends Error {}

function int(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new CliError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export type CliResult = { help: true } | { help: false; options: ServerOptions };

export function parseCliArgs(argv: string[]): CliResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'admin-token': { type: 'string' },
        username: { type: 'string' },
        'keepalive-ms': { type: 'string' },
        'change-retention': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  for (const name of ['token', 'admin-token'] as const) {
    const t = v[name];
    if (t !== undefined && !/^\S{8,200}$/.test(t)) throw new CliError(`--${name} must be 8 to 200 characters without spaces`);
  }
  if (v.token !== undefined && v.token === v['admin-token']) throw new CliError('--token and --admin-token must differ');
  return {
    help: false,
    options: {
      port: int('port', v.port, 0, 65535) ?? 8787,
      host: v.host ?? '127.0.0.1',
      db: v.db ?? ':memory:',
      seed: int('seed', v.seed, 0, 10_000_000) ?? 0,
      token: v.token,
      adminToken: v['admin-token'],
      username: v.username,
      keepaliveMs: int('keepalive-ms', v['keepalive-ms'], 100),
      changeRetention: int('change-retention', v['change-retention'], 0),
      quiet: v.quiet ?? false,
    },
  };
}
