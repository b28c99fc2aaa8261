/**
 * The reference backend for benchmarks, in its own process so that its work
 * does not count against the client's memory and event-loop figures.
 * Prints one JSON line with its address and tokens once it is ready.
 */
import { startServer } from '../src/server';

const count = Number(process.argv[2] ?? 100_000);
void startServer({ port: 0, db: ':memory:', seed: count, quiet: true }).then((s) => {
  process.stdout.write(
    `${JSON.stringify({ baseUrl: s.baseUrl, token: s.token, adminToken: s.adminToken, reviewerId: s.reviewerId })}\n`,
  );
  process.on('SIGTERM', () => void s.close().then(() => process.exit(0)));
});
