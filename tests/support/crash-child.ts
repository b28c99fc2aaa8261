/**
 * The process the crash-safety test kills with SIGKILL: it opens a cache file
 * and runs the real sync engine (outbox drain, then the changes feed) against
 * a server, or records decisions locally. Run with `node --import tsx`:
 *
 *   node --import tsx crash-child.ts <db file> <base url>     (token in REVIEWDESK_TOKEN)
 *
 * Loading the code under tsx takes about a second, so the parent starts the
 * next child while the current one works: this one prints "loaded", then
 * waits for its command on stdin before it touches the cache file:
 *
 *   sync       drain the outbox and pull until both are done, then print "done"
 *   record <n> pull what is new, then record n decisions on pending assignments, print "recorded <n>"
 *
 * "ready" on stdout means the cache is open and the work begins. While it
 * works it prints "page" when a page of the feed has arrived (before it is
 * applied) and "answered" when the server has answered a push (before the
 * outbox is settled): the parent aims its kills at moments after these.
 */
import { submitDecision } from '../../src/main/app/decisions.service';
import type { ActiveSession } from '../../src/main/app/session';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { openDatabase } from '../../src/main/db/connection';
import { silentLogger } from '../../src/main/log';
import { createCache } from '../../src/main/sync/cache';
import { createSyncEngine } from '../../src/main/sync/engine';

const [dbFile, baseUrl] = process.argv.slice(2);
const token = process.env.REVIEWDESK_TOKEN ?? '';

function command(): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      buffered += d;
      const nl = buffered.indexOf('\n');
      if (nl >= 0) {
        process.stdin.pause();
        resolve(buffered.slice(0, nl).trim());
      }
    });
    process.stdin.on('end', () => reject(new Error('stdin closed before a command came')));
  });
}

async function main(): Promise<void> {
  if (!dbFile || !baseUrl) throw new Error('usage: crash-child.ts <db file> <base url>');
  process.stdout.write('loaded\n');
  const [mode, count] = (await command()).split(' ');
  const cache = createCache(openDatabase(dbFile));
  const backend = createProtocolAdapter({ baseUrl, token });
  const changes = backend.changes.bind(backend);
  const pushDecisions = backend.pushDecisions.bind(backend);
  backend.changes = async (...args) => {
    const page = await changes(...args);
    process.stdout.write('page\n');
    return page;
  };
  // A first sync takes its pages as bytes (page-reader.ts).
  const changesBytes = backend.changesBytes!.bind(backend);
  backend.changesBytes = async (...args) => {
    const page = await changesBytes(...args);
    process.stdout.write('page\n');
    return page;
  };
  backend.pushDecisions = async (...args) => {
    const results = await pushDecisions(...args);
    process.stdout.write('answered\n');
    return results;
  };
  const engine = createSyncEngine({
    cache,
    backend,
    log: silentLogger,
    // Nothing fires by itself: the loop below drives the engine, retrying at once.
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    backoff: { delayMs: () => 0 },
  });
  process.stdout.write('ready\n');

  if (mode === 'record') {
    const session: ActiveSession = {
      account: { baseUrl, userId: 0, username: 'reviewer', displayName: 'Reviewer', demo: false, key: 'test', backend: 'native' },
      cache,
      engine,
      backend,
    };
    await engine.syncNow(); // assignments the parent just created
    const n = Number(count ?? '0');
    const page = cache.assignments.list({ statuses: ['pending'], ordering: 'age', limit: n * 2, offset: 0 });
    const open = page.items.filter((i) => i.localState === 'none').slice(0, n);
    if (open.length < n) throw new Error(`only ${open.length} undecided assignments cached, ${n} asked for`);
    // One outer transaction only to spare 2,000 fsyncs; each decision is still recorded whole by submitDecision.
    cache.db.transaction(() => {
      for (const item of open)
        submitDecision(session, { assignmentId: item.id, outcome: 'approve', values: { amount: 1 } }, () => new Date());
    })();
    process.stdout.write(`recorded ${open.length}\n`);
  } else if (mode === 'sync') {
    for (let round = 1; ; round++) {
      const s = await engine.syncNow();
      if (s.phase === 'idle' && s.outboxPending === 0) break;
      if (round >= 1000) throw new Error(`no progress after ${round} syncs: ${JSON.stringify(s.lastError)}`);
    }
    process.stdout.write('done\n');
  } else {
    throw new Error(`unknown command ${mode}`);
  }
  cache.db.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
