/**
 * `npm run server -- --port 8787 --seed 300 --db <file|:memory:> --token <t> --admin-token <t>`
 * Starts the reference backend, prints where it listens and the tokens it
 * uses, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { CliError, USAGE, parseCliArgs } from './cli-args';
import { startServer } from './index';

async function main(): Promise<void> {
  let result;
  try {
    result = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`error: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (result.help) {
    console.log(USAGE);
    return;
  }
  const opts = result.options;
  const server = await startServer(opts);
  console.log(
    [
      'Reviewdesk review server is running',
      `  base URL     ${server.baseUrl}`,
      `  database     ${opts.db}`,
      `  reviewer     ${opts.username ?? 'reviewer'} (id ${server.reviewerId}), token ${server.token}`,
      `  admin token  ${server.adminToken}`,
      `  try: curl -H "Authorization: Token ${server.token}" ${server.baseUrl}/me/`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (!opts.quiet) console.log(`\n${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
