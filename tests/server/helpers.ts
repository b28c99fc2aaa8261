/**
 * Test support for the reference server: start one on an ephemeral loopback
 * port with an in-memory database and a controllable clock, and talk to it
 * with plain fetch.
 */
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index';
import type { Assignment } from '../../src/shared/protocol';

export const T0 = Date.parse('2026-11-21T08:00:00.000Z');

export interface Clock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function fakeClock(start = T0): Clock {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(iso) {
      t = Date.parse(iso);
    },
  };
}

/** Response bodies are asserted field by field, so tests read them loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Res<T = Json> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface Api {
  get<T = Json>(path: string, headers?: Record<string, string>): Promise<Res<T>>;
  post<T = Json>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>;
  patch<T = Json>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>;
  del<T = Json>(path: string): Promise<Res<T>>;
  /** Raw request with a string body, for malformed-input tests. */
  raw<T = Json>(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Res<T>>;
}

export function api(server: RunningServer, token: string | undefined): Api {
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Res> => {
    const url = path.startsWith('http') ? path : `${server.baseUrl}${path}`;
    const h: Record<string, string> = { ...headers };
    if (token !== undefined) h.Authorization ??= `Token ${token}`;
    if (body !== undefined) h['Content-Type'] ??= 'application/json';
    const res = await fetch(url, { method, headers: h, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
  const json = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));
  return {
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, json(body), headers),
    patch: (path, body, headers) => call('PATCH', path, json(body), headers),
    del: (path) => call('DELETE', path),
    raw: (method, path, body, headers) => call(method, path, body, headers),
  };
}

export interface TestServer {
  server: RunningServer;
  clock: Clock;
  reviewer: Api;
  admin: Api;
  anon: Api;
  close(): Promise<void>;
}

export async function start(opts: ServerOptions = {}): Promise<TestServer> {
  const clock = fakeClock();
  const server = await startServer({ quiet: true, db: ':memory:', port: 0, now: clock.now, ...opts });
  return {
    server,
    clock,
    reviewer: api(server, server.token),
    admin: api(server, server.adminToken),
    anon: api(server, undefined),
    close: () => server.close(),
  };
}

/** Creates assignments through the admin route and returns them. */
export async function createAssignments(t: TestServer, items: Record<string, unknown>[]): Promise<Assignment[]> {
  const res = await t.admin.post('/admin/assignments/', { assignments: items });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body.assignments as Assignment[];
}

export async function createOne(t: TestServer, item: Record<string, unknown> = {}): Promise<Assignment> {
  const res = await t.admin.post('/admin/assignments/', item);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as Assignment;
}

export async function addReviewer(t: TestServer, username: string): Promise<{ id: number; token: string; api: Api }> {
  const res = await t.admin.post('/admin/users/', { username });
  if (res.status !== 201) throw new Error(`add user failed: ${res.status} ${res.text}`);
  return { id: res.body.id, token: res.body.token, api: api(t.server, res.body.token) };
}

/** Valid values for the default form (refund-review v2). */
export const REFUND_VALUES = { decision_reason: 'policy_ok', refund_method: 'original_payment', full_refund: true };

export function decisionBody(a: Assignment, decisionId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision_id: decisionId,
    outcome: 'approve',
    values: REFUND_VALUES,
    form: a.form,
    base_version: a.version,
    client_submitted_at: '2026-11-21T08:30:00.000Z',
    duration_ms: 30_000,
    ...over,
  };
}

export function decide(t: TestServer, a: Assignment, decisionId: string, over: Record<string, unknown> = {}, as?: Api) {
  return (as ?? t.reviewer).post(`/assignments/${a.id}/decisions/`, decisionBody(a, decisionId, over), {
    'Idempotency-Key': decisionId,
  });
}

/** Follows the changes feed from `since` until has_more is false. */
export async function pullAll(
  client: Api,
  since?: string,
  limit = 1000,
): Promise<{ changes: Json[]; cursor: string; pages: number }> {
  const changes: Json[] = [];
  let cursor = since;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor !== undefined) q.set('since', cursor);
    const res = await client.get(`/sync/assignments/?${q}`);
    if (res.status !== 200) throw new Error(`feed failed: ${res.status} ${res.text}`);
    pages++;
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.has_more) return { changes, cursor: cursor ?? '', pages };
  }
}
