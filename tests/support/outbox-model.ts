/**
 * A model of the reference server and of what issue 3 says the client must
 * do with it (outbox, conflicts, removals), for fast-check's model-based
 * testing. Each command changes the model and the real system (the real
 * sync engine, cache and services against the real reference server) the
 * same way, then `verify` compares them:
 *
 * - the server recorded exactly the decisions the model says, each once;
 * - every local decision is in the state the model says (unsent, sent,
 *   conflict, parked, superseded), with the reviewer's values kept;
 * - the outbox holds exactly the unsent ones, in order;
 * - the cache holds what the spec says: the server's current view of every
 *   assignment without unsent work, assignments with local work kept as
 *   conflicts when the server removes them, nothing else.
 *
 * Where the spec and the code part ways, `verify` fails and fast-check
 * shrinks the story to its shortest form.
 */
import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import type { FetchFn } from '../../src/main/backend/http-client';
import { resubmitConflict } from '../../src/main/app/conflicts.service';
import { submitDecision } from '../../src/main/app/decisions.service';
import type { TestServer } from './reference-server';
import { assignmentInput } from './fixtures';
import { createClient, localDecisions, outboxKeys, type Client } from './sync-harness';

export const SLOTS = 3;

/**
 * online; offline (nothing answers); decisionsDown (the feed answers, the
 * decision routes do not); lostResponse (decision requests reach the server,
 * which commits, and the answer is lost).
 */
export type Net = 'online' | 'offline' | 'decisionsDown' | 'lostResponse';
type Status = 'pending' | 'completed' | 'rejected' | 'cancelled';

interface Snapshot {
  version: number;
  status: Status;
  mine: boolean;
}

interface ServerAssignment extends Snapshot {
  /** The version at which data or form last changed: a decision based before it is stale. */
  contentVersion: number;
  /** A change this reviewer's feed will carry since the last pull. */
  dirty: boolean;
}

interface Decision {
  key: string;
  slot: number;
  base: number;
  outcome: 'approve' | 'reject';
  amount: number;
  state: 'unsent' | 'sent' | 'conflict' | 'parked' | 'superseded';
  /** The assignment as the 409 carried it. */
  server?: Snapshot;
}

interface CacheRow {
  /** null: the spec leaves it open (the server no longer lists the assignment for this reviewer). */
  version: number | null;
  status: Status | null;
  local: 'none' | 'unsent' | 'conflict' | 'parked';
}

export interface Model {
  server: ServerAssignment[];
  /** What the server recorded, by key: the slot and the answer it stored. */
  recorded: Map<string, { slot: number; answer: Snapshot }>;
  cache: (CacheRow | null)[];
  decisions: Decision[];
  /** The latest feed view of a slot that a pull met while its decision was unsent. */
  held: (Snapshot | 'removed' | null)[];
  net: Net;
}

export interface Real {
  server: TestServer;
  client: Client;
  reviewerId: number;
  otherId: number;
  ids: number[];
  net: { mode: Net };
  newId: () => string;
}

let runs = 0;

/** A fresh reviewer with SLOTS pending assignments, a client that has synced them, and the model of that. */
export async function setup(server: TestServer, otherId: number): Promise<{ model: Model; real: Real }> {
  const n = ++runs;
  const user = await server.admin<{ id: number; token: string }>('POST', '/admin/users/', { username: `model-${n}` });
  const created = await server.admin<{ assignments: { id: number }[] }>('POST', '/admin/assignments/', {
    assignments: Array.from({ length: SLOTS }, (_, i) => assignmentInput(server, i, { assignee: user.id })),
  });
  const net = { mode: 'online' as Net };
  const fetchFn: FetchFn = async (input, init) => {
    const decisionRoute = String(input).includes('/decisions/');
    if (net.mode === 'offline' || (net.mode === 'decisionsDown' && decisionRoute)) throw new TypeError('fetch failed');
    const res = await fetch(input, init);
    if (net.mode === 'lostResponse' && decisionRoute) {
      await res.arrayBuffer();
      throw new TypeError('fetch failed');
    }
    return res;
  };
  const client = createClient({ baseUrl: server.baseUrl, token: user.token, userId: user.id, fetch: fetchFn });
  const first = await client.engine.syncNow();
  if (first.phase !== 'idle') throw new Error(`the first sync failed: ${JSON.stringify(first.lastError)}`);
  let k = 0;
  const real: Real = {
    server,
    client,
    reviewerId: user.id,
    otherId,
    ids: created.assignments.map((a) => a.id),
    net,
    newId: () => `m${n}-${++k}`,
  };
  const model: Model = {
    server: Array.from({ length: SLOTS }, () => ({ version: 1, contentVersion: 1, status: 'pending', mine: true, dirty: false })),
    recorded: new Map(),
    cache: Array.from({ length: SLOTS }, () => ({ version: 1, status: 'pending', local: 'none' })),
    decisions: [],
    held: Array.from({ length: SLOTS }, () => null),
    net: 'online',
  };
  return { model, real };
}

const snapshot = (a: ServerAssignment): Snapshot => ({ version: a.version, status: a.status, mine: a.mine });
const live = (s: Snapshot) => s.mine && s.status !== 'cancelled';
const unsentOn = (m: Model, slot: number) => m.decisions.find((d) => d.slot === slot && d.state === 'unsent');

/** A change to an assignment on the server; the reviewer's feed carries it when it was or is theirs. */
function serverChange(m: Model, slot: number, fn: (a: ServerAssignment) => void): void {
  const a = m.server[slot]!;
  const wasMine = a.mine;
  fn(a);
  a.version++;
  if (wasMine || a.mine) a.dirty = true;
}

/** The reference server's decide(), in the protocol's order: idempotency, ownership, cancellation, decided, staleness. */
function decide(m: Model, d: Decision): { status: number; answer: Snapshot } {
  const prior = m.recorded.get(d.key);
  if (prior) return { status: 200, answer: prior.answer };
  const a = m.server[d.slot]!;
  if (!a.mine || a.status !== 'pending' || d.base < a.contentVersion || d.base > a.version)
    return { status: 409, answer: snapshot(a) };
  serverChange(m, d.slot, (x) => {
    x.status = d.outcome === 'reject' ? 'rejected' : 'completed';
  });
  const answer = snapshot(a);
  m.recorded.set(d.key, { slot: d.slot, answer });
  return { status: 201, answer };
}

/**
 * What a sync does, as the issue specifies it: push (FIFO), then pull. With
 * lost answers, which requests went out before the client gave up on the
 * pass is the client's business (one batch, or one decision at a time), so
 * the model takes from the real server which decisions it `received`; a
 * decision it did not record changed nothing there either way.
 */
function sync(m: Model, received: Set<string>): void {
  if (m.net === 'offline') return;
  if (m.net !== 'decisionsDown') {
    for (const d of m.decisions.filter((x) => x.state === 'unsent')) {
      if (m.net === 'lostResponse') {
        if (received.has(d.key)) decide(m, d); // committed; the client never hears
        continue;
      }
      const r = decide(m, d);
      settle(m, d, r.status, r.answer);
    }
  }
  for (let slot = 0; slot < SLOTS; slot++) {
    const a = m.server[slot]!;
    if (!a.dirty) continue;
    a.dirty = false;
    const row = m.cache[slot];
    const waiting = unsentOn(m, slot) !== undefined;
    if (live(a)) {
      // Never over an unsent decision: held until the outbox has answered for it.
      if (waiting) m.held[slot] = snapshot(a);
      else m.cache[slot] = { version: a.version, status: a.status, local: row?.local ?? 'none' };
    } else if (row) {
      if (row.local !== 'none' || waiting) {
        row.local = 'conflict';
        if (waiting) m.held[slot] = 'removed';
      } else {
        m.cache[slot] = null;
      }
    }
  }
}

function settle(m: Model, d: Decision, status: number, answer: Snapshot): void {
  const row = m.cache[d.slot]!;
  const held = m.held[d.slot];
  m.held[d.slot] = null;
  if (status === 200 || status === 201) {
    d.state = 'sent';
    const latest = held && held !== 'removed' && held.version > answer.version ? held : answer;
    // What the feed said while the decision waited still counts once it is answered.
    if (held === 'removed' || !live(latest)) m.cache[d.slot] = null;
    else m.cache[d.slot] = { version: latest.version, status: latest.status, local: 'none' };
    return;
  }
  d.state = 'conflict';
  d.server = answer;
  // The 409 carries the current assignment: the cache shows it, unless it is no longer the reviewer's.
  m.cache[d.slot] = live(answer)
    ? { version: answer.version, status: answer.status, local: 'conflict' }
    : { ...row, version: null, status: null, local: 'conflict' };
}

async function recordedKeys(r: Real): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const id of r.ids) for (const d of await r.server.decisions(id)) keys.add(d.decision_id);
  return keys;
}

/** Real and model agree (see the file's head). */
export async function verify(m: Model, r: Real): Promise<void> {
  for (let slot = 0; slot < SLOTS; slot++) {
    const onServer = (await r.server.decisions(r.ids[slot])).map((d) => d.decision_id).sort();
    const expected = [...m.recorded].filter(([, v]) => v.slot === slot).map(([k]) => k);
    expect(onServer, `slot ${slot}: decisions recorded on the server`).toEqual(expected.sort());
  }
  const rows = localDecisions(r.client.cache);
  expect(
    rows.map((d) => `${d.decision_id}:${d.state}`),
    'local decisions and their states',
  ).toEqual(m.decisions.map((d) => `${d.key}:${d.state}`));
  for (const d of m.decisions) {
    const row = rows.find((x) => x.decision_id === d.key)!;
    expect(row.values, `${d.key}: the reviewer's values`).toEqual({ amount: d.amount });
  }
  expect(outboxKeys(r.client.cache), 'outbox').toEqual(m.decisions.filter((d) => d.state === 'unsent').map((d) => d.key));
  for (let slot = 0; slot < SLOTS; slot++) {
    const want = m.cache[slot];
    const got = r.client.cache.assignments.get(r.ids[slot]!);
    const label = `slot ${slot} in the cache`;
    if (!want) {
      expect(got ? `${got.localState} v${got.assignment.version}` : null, label).toBeNull();
      continue;
    }
    expect(got, label).not.toBeNull();
    expect(got!.localState, `${label}: local state`).toBe(want.local);
    if (want.version !== null)
      expect(`${got!.assignment.status} v${got!.assignment.version}`, `${label}: as the server has it`).toBe(
        `${want.status} v${want.version}`,
      );
  }
}

// ------------------------------------------------------------------ commands

type Cmd = AsyncCommand<Model, Real>;

export class Decide implements Cmd {
  constructor(
    readonly slot: number,
    readonly outcome: 'approve' | 'reject',
    readonly amount: number,
  ) {}
  check(m: Readonly<Model>) {
    const row = m.cache[this.slot];
    return row !== null && row !== undefined && row.version !== null && !unsentOn(m as Model, this.slot);
  }
  async run(m: Model, r: Real) {
    const res = submitDecision(
      r.client.session,
      {
        assignmentId: r.ids[this.slot]!,
        outcome: this.outcome,
        values: { amount: this.amount },
        ...(this.outcome === 'reject' ? { comment: 'Not like this.' } : {}),
      },
      r.client.clock.now,
      r.newId,
    );
    const row = m.cache[this.slot]!;
    m.decisions.push({
      key: res.decisionId,
      slot: this.slot,
      base: row.version!,
      outcome: this.outcome,
      amount: this.amount,
      state: 'unsent',
    });
    row.local = 'unsent';
    await verify(m, r);
  }
  toString() {
    return `decide(${this.slot}, ${this.outcome}, ${this.amount})`;
  }
}

/** Re-review the latest conflict on a slot against the server's version the client knows. */
export class Resubmit implements Cmd {
  constructor(readonly slot: number) {}
  private conflict(m: Readonly<Model>) {
    return [...m.decisions].reverse().find((d) => d.slot === this.slot && d.state === 'conflict');
  }
  check(m: Readonly<Model>) {
    return this.conflict(m) !== undefined && !unsentOn(m as Model, this.slot);
  }
  async run(m: Model, r: Real) {
    const old = this.conflict(m)!;
    const row = m.cache[this.slot];
    const cached = row && row.version !== null ? { version: row.version, status: row.status!, mine: true } : null;
    const current = cached && cached.version > old.server!.version ? cached : old.server!;
    const attempt = resubmitConflict(r.client.session, { decisionId: old.key }, r.client.clock.now, r.newId);
    if (!live(current) || current.status !== 'pending') {
      await expect(attempt, 'no re-review of what is no longer the reviewer’s to decide').rejects.toMatchObject({
        code: 'conflict',
      });
    } else {
      const res = await attempt;
      old.state = 'superseded';
      m.decisions.push({
        key: res.decisionId,
        slot: this.slot,
        base: current.version,
        outcome: old.outcome,
        amount: old.amount,
        state: 'unsent',
      });
      m.cache[this.slot] = { version: current.version, status: current.status, local: 'unsent' };
    }
    await verify(m, r);
  }
  toString() {
    return `resubmit(${this.slot})`;
  }
}

export class ServerEdit implements Cmd {
  constructor(
    readonly slot: number,
    readonly content: boolean,
  ) {}
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    const id = r.ids[this.slot]!;
    const patch = this.content
      ? { data: { order: id, amount: m.server[this.slot]!.version } }
      : { title: `Edited at v${m.server[this.slot]!.version}` };
    await r.server.admin('PATCH', `/admin/assignments/${id}/`, patch);
    serverChange(m, this.slot, () => {});
    if (this.content) m.server[this.slot]!.contentVersion = m.server[this.slot]!.version;
    await verify(m, r);
  }
  toString() {
    return `server${this.content ? 'EditData' : 'EditTitle'}(${this.slot})`;
  }
}

export class ServerReassign implements Cmd {
  constructor(readonly slot: number) {}
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    const toMe = !m.server[this.slot]!.mine;
    await r.server.admin('POST', `/admin/assignments/${r.ids[this.slot]}/reassign/`, {
      assignee: toMe ? r.reviewerId : r.otherId,
    });
    serverChange(m, this.slot, (a) => {
      a.mine = toMe;
    });
    await verify(m, r);
  }
  toString() {
    return `serverReassign(${this.slot})`;
  }
}

export class ServerCancel implements Cmd {
  constructor(readonly slot: number) {}
  check(m: Readonly<Model>) {
    return m.server[this.slot]!.status !== 'cancelled'; // cancelling twice changes nothing on the server
  }
  async run(m: Model, r: Real) {
    await r.server.admin('POST', `/admin/assignments/${r.ids[this.slot]}/cancel/`);
    serverChange(m, this.slot, (a) => {
      a.status = 'cancelled';
    });
    await verify(m, r);
  }
  toString() {
    return `serverCancel(${this.slot})`;
  }
}

export class SetNet implements Cmd {
  constructor(readonly mode: Net) {}
  check(m: Readonly<Model>) {
    return m.net !== this.mode;
  }
  async run(m: Model, r: Real) {
    m.net = this.mode;
    r.net.mode = this.mode;
  }
  toString() {
    return `net(${this.mode})`;
  }
}

export class Sync implements Cmd {
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    // Retry times do not hold a test back: the clock moves past them (the model has no clock).
    r.client.clock.advance(24 * 3600_000);
    await r.client.engine.syncNow();
    sync(m, m.net === 'lostResponse' ? await recordedKeys(r) : new Set());
    await verify(m, r);
  }
  toString() {
    return 'sync';
  }
}
