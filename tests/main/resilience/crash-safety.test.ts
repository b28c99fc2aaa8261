/**
 * Crash safety: a child process runs the real sync engine on a cache file and
 * is killed with SIGKILL at 50 seeded moments, 25 during a large pull and 25
 * during a large outbox drain. After each kill the cache must pass
 * quick_check, hold whole writes only with the cursor never ahead of them,
 * and have lost no decision; the server must have recorded none twice; at
 * the end everything has arrived. A last test cuts a full resync short.
 *
 * The kill moments are real time (a crash is a real-time event): the seed
 * picks the delays, the machine's speed decides what they interrupt. Every
 * check holds whatever they interrupt, so the test stays deterministic in its
 * verdict.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { seededRandom } from '../../support/fault-proxy';
import { tempDir } from '../../support/temp-dir';
import { APPLY_SLICE, PAGE_LIMIT } from '../../../src/main/sync/pull';
import { createCache } from '../../../src/main/sync/cache';
import type { Assignment } from '../../../src/shared/protocol';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD = join(ROOT, 'tests', 'support', 'crash-child.ts');
const ASSIGNMENTS = 20_000;
const KILLS_DURING_PULL = 25;
const KILLS_DURING_PUSH = 25;
/** Recorded before the first push kill; each time the outbox empties, as many again. */
const DECISIONS_PER_ROUND = 4000;

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbFile: string;
const children = new Set<ChildProcess>();
const allIds: number[] = [];

interface Child {
  proc: ChildProcess;
  loaded: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts a child that loads its code and waits for a command: the next one warms up while this one works. */
function spawnChild(): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile, server.baseUrl], {
    cwd: ROOT,
    env: { ...process.env, REVIEWDESK_TOKEN: server.token },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(proc);
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  return { proc, loaded: lineFrom(proc, 'loaded', exited), exited, output: () => out };
}

function lineFrom(proc: ChildProcess, line: string, exited: Promise<unknown>): Promise<void> {
  const p = new Promise<void>((resolve, reject) => {
    let seen = '';
    proc.stdout!.on('data', (d: string) => {
      seen += d;
      if (seen.split('\n').includes(line)) resolve();
    });
    void exited.then(() => reject(new Error(`child exited before "${line}":\n${seen}`)));
  });
  p.catch(() => {}); // a spare child killed at the end never says it: not an error
  return p;
}

let standby: Child | null = null;

/**
 * A kill moment: `delayMs` after the child's `nth` line `after` ("ready" when
 * it opened the cache, "page" when a feed page arrived, "answered" when the
 * server answered a push). Aiming after progress events, not at wall-clock
 * offsets from start, puts kills inside page transactions and between a
 * server's commit and the local settle, whatever the machine's speed.
 */
interface KillAt {
  after: 'ready' | 'page' | 'answered';
  nth: number;
  delayMs: number;
}

/** Runs one command in the warm child (and warms the next). With a kill moment, SIGKILL lands then, unless the child finished first. */
async function run(command: string, kill: KillAt | null): Promise<'killed' | 'finished'> {
  const child = standby ?? spawnChild();
  standby = spawnChild();
  await child.loaded;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (kill) {
    let seen = 0;
    let pending = '';
    child.proc.stdout!.on('data', (d: string) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === kill.after && ++seen === kill.nth) timer = setTimeout(() => child.proc.kill('SIGKILL'), kill.delayMs);
      }
    });
  }
  child.proc.stdin!.write(`${command}\n`);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL') return 'killed';
  if (code !== 0) throw new Error(`child failed (${code ?? signal}) on "${command}":\n${child.output()}`);
  return 'finished';
}

function openCache(): Database.Database {
  const db = new Database(dbFile);
  expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  return db;
}

function removeCache(): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
}

/** What the server recorded, fetched incrementally: it only ever grows, ordered by arrival. */
const onServer = new Map<string, number>();
const serverDupes: string[] = [];
async function refreshServerDecisions(): Promise<void> {
  const first = (await server.admin<{ count: number }>('GET', '/admin/decisions/?page_size=1')).count;
  // Arrivals in the same millisecond sort by id, so re-read a margin before what is known.
  let page = Math.max(1, Math.floor(Math.max(0, onServer.size - 500) / 1000) + 1);
  for (; (page - 1) * 1000 < first; page++) {
    const p = await server.admin<{ results: { decision_id: string; assignment_id: number }[] }>(
      'GET',
      `/admin/decisions/?page_size=1000&page=${page}`,
    );
    for (const d of p.results) {
      const known = onServer.get(d.decision_id);
      if (known === undefined) onServer.set(d.decision_id, d.assignment_id);
    }
  }
  expect(onServer.size, 'distinct decision ids on the server').toBe(first);
  const perAssignment = new Map<number, string>();
  for (const [key, a] of onServer) {
    const other = perAssignment.get(a);
    if (other !== undefined && other !== key) serverDupes.push(`${a}: ${other} and ${key}`);
    perAssignment.set(a, key);
  }
}

/** Ids of the reviewer's assignments the feed still has to deliver after `cursor` (null: from the start). */
async function aheadOf(cursor: string | null): Promise<Set<number>> {
  const ids = new Set<number>();
  let since = cursor;
  for (;;) {
    const qs = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (since) qs.set('since', since);
    const res = await fetch(`${server.baseUrl}/sync/assignments/?${qs}`, { headers: { Authorization: `Token ${server.token}` } });
    expect(res.status, 'the stored cursor is one the server gave').toBe(200);
    const page = (await res.json()) as { changes: { assignment?: { id: number } }[]; cursor: string; has_more: boolean };
    for (const c of page.changes) if (c.assignment) ids.add(c.assignment.id);
    if (!page.has_more) return ids;
    since = page.cursor;
  }
}

/**
 * After a kill during the pull: every write whole (pull.ts commits a page in
 * slices of APPLY_SLICE, the cursor with the last), every table in step, and
 * the cursor never ahead of the cache: each assignment is cached, or still
 * to come from the feed after the stored cursor.
 */
async function checkPull(): Promise<number> {
  const db = openCache();
  let count: number;
  let cached: Set<number>;
  let cursor: string | null;
  try {
    const n = (q: string) => (db.prepare(q).get() as { n: number }).n;
    count = n('SELECT count(*) AS n FROM assignments');
    expect(count % APPLY_SLICE, `${count} cached: a write was half applied`).toBe(0);
    expect(n('SELECT count(*) AS n FROM assignment_bodies')).toBe(count);
    // Every row's words are indexed (a signature recorded), and the index finds a sample of them by title.
    expect(n('SELECT count(*) AS n FROM assignments WHERE fts_sig IS NULL')).toBe(0);
    const found = db.prepare('SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH ? AND rowid = ?').pluck();
    const sample = db.prepare('SELECT id, title FROM assignments ORDER BY random() LIMIT 20').all() as {
      id: number;
      title: string;
    }[];
    for (const r of sample) expect(found.get(`"${r.title.replace(/"/g, '""')}"`, r.id), `words of ${r.id}`).toBe(r.id);
    cached = new Set((db.prepare('SELECT id FROM assignments').all() as { id: number }[]).map((r) => r.id));
    cursor =
      (db.prepare("SELECT value FROM sync_state WHERE key = 'cursor'").get() as { value: string } | undefined)?.value ?? null;
  } finally {
    db.close();
  }
  const ahead = await aheadOf(cursor);
  const missing = allIds.filter((id) => !cached.has(id) && !ahead.has(id));
  expect(missing.length, 'assignments neither cached nor ahead of the cursor').toBe(0);
  return count;
}

/** After a kill during the drain: each decision is in the outbox or on the server, never lost, never twice. */
async function checkPush(): Promise<{ pending: number; local: number }> {
  const db = openCache();
  let rows: { decision_id: string; assignment_id: number; state: string }[];
  let outbox: Set<string>;
  try {
    rows = db.prepare('SELECT decision_id, assignment_id, state FROM decisions').all() as typeof rows;
    outbox = new Set((db.prepare('SELECT idempotency_key AS k FROM outbox').all() as { k: string }[]).map((r) => r.k));
  } finally {
    db.close();
  }
  await refreshServerDecisions();
  const lost = rows.filter((d) => !outbox.has(d.decision_id) && !onServer.has(d.decision_id));
  expect(
    lost.map((d) => d.decision_id),
    'decisions neither in the outbox nor on the server',
  ).toEqual([]);
  const sentButMissing = rows.filter((d) => d.state === 'sent' && !onServer.has(d.decision_id));
  expect(sentButMissing, 'marked sent, unknown to the server').toEqual([]);
  const queuedButSettled = rows.filter((d) => outbox.has(d.decision_id) && d.state !== 'unsent');
  expect(queuedButSettled, 'settled yet still queued').toEqual([]);
  const local = new Map(rows.map((d) => [d.decision_id, d.assignment_id]));
  const strangers = [...onServer].filter(([key, a]) => local.get(key) !== a);
  expect(strangers, 'recorded on the server but never made here').toEqual([]);
  expect(serverDupes, 'assignments recorded twice').toEqual([]);
  return { pending: outbox.size, local: rows.length };
}

beforeAll(async () => {
  dir = tempDir('reviewdesk-crash-');
  dbFile = join(dir.path, 'cache.db');
  server = await startTestServer();
  await publishSimpleForm(server);
  for (let i = 0; i < ASSIGNMENTS; i += 2000) allIds.push(...(await createAssignments(server, 2000, i)).map((a) => a.id));
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await server?.close();
  dir?.remove();
});

describe('crash safety under SIGKILL', () => {
  it('loses nothing and records nothing twice across 50 kills during a large pull and a large drain', async (ctx) => {
    const random = seededRandom(4242);
    const pick = (n: number) => Math.floor(random() * n);
    const stats = { pullKills: 0, midPull: 0, freshPulls: 0, pushKills: 0, midDrain: 0, recorded: 0 };

    // 1. Kills during the pull of 20,000 assignments (pages of 1,000): right after it opened the
    //    cache, or as one of the next pages arrives and is applied. A pull that completes starts over on a fresh cache.
    removeCache();
    while (stats.pullKills < KILLS_DURING_PULL) {
      const nth = pick(5);
      const kill: KillAt =
        nth === 0 ? { after: 'ready', nth: 1, delayMs: pick(150) } : { after: 'page', nth, delayMs: pick(150) };
      const r = await run('sync', kill);
      const count = await checkPull();
      if (r === 'killed') {
        stats.pullKills++;
        if (count > 0 && count < ASSIGNMENTS) stats.midPull++;
      } else {
        expect(count).toBe(ASSIGNMENTS);
        stats.freshPulls++;
        removeCache();
      }
    }
    expect(await run('sync', null)).toBe('finished');
    expect(await checkPull()).toBe(ASSIGNMENTS);

    // 2. Kills during the drain of decisions recorded offline (batches of 500): while the first
    //    batch is with the server, or just after the server answered one, as the outbox settles it.
    let created = ASSIGNMENTS;
    const record = async () => {
      if (created - stats.recorded < DECISIONS_PER_ROUND) {
        await createAssignments(server, DECISIONS_PER_ROUND, created);
        created += DECISIONS_PER_ROUND;
      }
      expect(await run(`record ${DECISIONS_PER_ROUND}`, null)).toBe('finished');
      stats.recorded += DECISIONS_PER_ROUND;
      expect((await checkPush()).pending).toBe(DECISIONS_PER_ROUND);
    };
    await record();
    let pending = DECISIONS_PER_ROUND;
    while (stats.pushKills < KILLS_DURING_PUSH) {
      const nth = pick(3);
      const kill: KillAt =
        nth === 0 ? { after: 'ready', nth: 1, delayMs: pick(400) } : { after: 'answered', nth, delayMs: pick(100) };
      const before = pending;
      const r = await run('sync', kill);
      const after = await checkPush();
      expect(after.local).toBe(stats.recorded);
      pending = after.pending;
      if (r === 'killed') {
        stats.pushKills++;
        if (pending > 0 && pending < before) stats.midDrain++;
      }
      if (pending === 0) {
        await record();
        pending = DECISIONS_PER_ROUND;
      }
    }

    // 3. Left alone, the last child delivers the rest.
    expect(await run('sync', null)).toBe('finished');
    expect(await checkPush()).toEqual({ pending: 0, local: stats.recorded });
    expect(onServer.size).toBe(stats.recorded);
    const db = openCache();
    try {
      expect(db.prepare("SELECT count(*) AS n FROM decisions WHERE state <> 'sent'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    ctx.annotate(JSON.stringify(stats));
  }, 180_000);

  // After a cursor expired (410) the pull starts from scratch and, at its end, drops what the server
  // no longer lists: the reviewer may have been away for days. That end must come even if the
  // process dies on the way, or the dropped assignments stay in the queue for good.
  it('a full resync cut short by a crash still drops what the server no longer lists', async () => {
    expect(await run('sync', null)).toBe('finished');
    const db = new Database(dbFile);
    try {
      const body = (db.prepare('SELECT json FROM assignment_bodies LIMIT 1').get() as { json: string }).json;
      const ghost = createCache(db);
      db.transaction(() => {
        ghost.assignments.upsert({ ...(JSON.parse(body) as Assignment), id: 9_999_999, title: 'Gone from the server' });
        ghost.syncState.set('cursor', 'a-cursor-the-server-no-longer-honours');
      })();
    } finally {
      db.close();
    }
    // Page 3 is asked for only once page 1 is written, cursor included: the kill lands mid-resync.
    expect(await run('sync', { after: 'page', nth: 3, delayMs: 0 })).toBe('killed');
    expect(await run('sync', null)).toBe('finished');
    const after = openCache();
    try {
      expect(after.prepare('SELECT id FROM assignments WHERE id = 9999999').get(), 'the ghost assignment').toBeUndefined();
    } finally {
      after.close();
    }
  }, 60_000);
});
