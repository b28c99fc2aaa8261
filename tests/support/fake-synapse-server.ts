/**
 * A fake Synapse backend (plain node:http on 127.0.0.1, an ephemeral port),
 * written from the Synapse SDK's HITL contract, not from our own server:
 *
 * - auth: `Synapse-Access-Token: Token <token>` (missing: DRF's 403 "Authentication
 *   credentials were not provided."; unknown: 401 "Invalid token."), and with a
 *   tenant, `Synapse-Tenant: Token <tenant>` (else 403 "Invalid tenant.");
 * - `GET users/me/`;
 * - `GET sdk/assignments/?project=&status=&assignee=&updated_after=&page_size=&page=`:
 *   DRF pages `{count, next, previous, results}` ordered by id, `next` an absolute
 *   URL built from the request's Host (as DRF does, so it works behind a proxy),
 *   page_size capped at 1000, `updated_after` inclusive;
 * - `GET assignments/{id}/`, `POST assignments/set_tags/` `{ids, tags, action}`;
 * - `GET tasks/{id}/`, `PUT|POST|PATCH tasks/{id}/annotate_task_data/`: the
 *   caller's assignment on that task must exist; PUT/POST replace the task's
 *   data, PATCH merges; the caller's open assignments on it become completed.
 *   Every call is kept in `applied()`, so a decision applied twice shows twice.
 *
 * Times are rendered as DRF does with a zone (`…T18:30:00.123000+09:00`).
 * Records show their task's data as `data`. Admin helpers change things
 * under a running client; `intercept` answers, drops or loses requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type SynapseStatus = 'pending' | 'in_progress' | 'completed' | 'rejected' | 'canceled';

export interface FakeUser {
  id: number;
  username: string;
  token: string;
}

export interface FakeAssignmentInput {
  project?: number;
  assignee?: number | null;
  status?: SynapseStatus;
  priority?: string | number | null;
  title?: string;
  data?: Record<string, unknown>;
  files?: unknown;
  tags?: number[];
  metadata?: Record<string, unknown>;
  due_at?: string | null;
  /** An existing task to put this assignment on (default: a new task). */
  task?: number;
}

interface Row {
  id: number;
  project: number;
  task: number;
  status: SynapseStatus;
  assignee: number | null;
  priority: string | number | null;
  title: string | null;
  files: unknown;
  tags: number[];
  metadata: Record<string, unknown>;
  due_at: string | null;
  created: number;
  updated: number;
}

interface Task {
  id: number;
  project: number;
  data: Record<string, unknown>;
  updated: number;
}

export interface Application {
  taskId: number;
  /** The assignments of the caller on that task (the ones the annotation completed). */
  assignmentIds: number[];
  userId: number;
  method: string;
  data: Record<string, unknown>;
  at: string;
}

export interface SeenRequest {
  method: string;
  /** Path under the API prefix, with the query: `/sdk/assignments/?page_size=100`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** `drop`: the socket is reset before anything happens; `lose-answer`: handled, then reset unanswered. */
export type Intercept = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | 'lose-answer' | undefined;

export interface FakeSynapseOptions {
  token?: string;
  tenant?: string | null;
  /** Where the API lives on the server (default `/api`). */
  prefix?: string;
  now?: () => number;
}

export interface FakeSynapse {
  readonly baseUrl: string;
  readonly token: string;
  readonly tenant: string | null;
  readonly reviewer: FakeUser;
  readonly requests: SeenRequest[];
  addUser(username: string): FakeUser;
  createAssignment(input?: FakeAssignmentInput): Record<string, unknown>;
  createAssignments(n: number, input?: (i: number) => FakeAssignmentInput): Record<string, unknown>[];
  /** The record as `GET assignments/{id}/` renders it. */
  record(id: number): Record<string, unknown>;
  /** Every assignment (admin view, injected raw records left out), by id. */
  all(): Record<string, unknown>[];
  /** A raw object listed (and served) as it is, for malformed records; listed for the reviewer. */
  injectRaw(raw: Record<string, unknown>): void;
  editData(id: number, patch: Record<string, unknown>): void;
  reassign(id: number, userId: number): void;
  setStatus(id: number, status: SynapseStatus): void;
  setTags(id: number, tags: number[]): void;
  /** Bumps updated_at to a given time (ms), for watermark tests. */
  touch(id: number, atMs?: number): void;
  /** Another user annotates the task (other data) and completes the assignment. */
  decideElsewhere(id: number, opts?: { data?: Record<string, unknown>; tags?: number[] }): void;
  applied(): Application[];
  /** Adds a rule seen before everything else; returns its removal. */
  intercept(rule: (r: SeenRequest) => Intercept): () => void;
  /** A rule that acts on the first matching request only. */
  once(method: string, path: RegExp, action: Exclude<Intercept, undefined>): void;
  close(): Promise<void>;
}

const MAX_PAGE = 1000;

export async function startFakeSynapse(opts: FakeSynapseOptions = {}): Promise<FakeSynapse> {
  const prefix = (opts.prefix ?? '/api').replace(/\/+$/, '');
  const tenant = opts.tenant === undefined ? 'acme' : opts.tenant;
  const clock = opts.now ?? Date.now;
  let last = 0;
  /** Strictly increasing, so every change has its own updated_at. */
  const tick = (): number => (last = Math.max(last + 1, clock()));

  const users: FakeUser[] = [];
  const addUser = (username: string, token = `tok-${username}-${users.length + 1}`): FakeUser => {
    const u = { id: 7 + users.length, username, token };
    users.push(u);
    return u;
  };
  const reviewer = addUser('reviewer', opts.token ?? 'synapse-reviewer-token');
  const elsewhere = addUser('someone-else');

  const rows = new Map<number, Row>();
  const raws = new Map<number, Record<string, unknown>>();
  const tasks = new Map<number, Task>();
  const applications: Application[] = [];
  const requests: SeenRequest[] = [];
  const rules = new Set<(r: SeenRequest) => Intercept>();
  let nextId = 101;
  let nextTask = 5001;

  const render = (r: Row): Record<string, unknown> => ({
    id: r.id,
    project: r.project,
    task: r.task,
    status: r.status,
    assignee: r.assignee,
    priority: r.priority,
    title: r.title,
    data: structuredClone(tasks.get(r.task)?.data ?? {}),
    files: structuredClone(r.files),
    tags: [...r.tags],
    metadata: structuredClone(r.metadata),
    due_at: r.due_at,
    created_at: drfTime(r.created),
    updated_at: drfTime(r.updated),
  });

  const rowOf = (id: number): Row => {
    const r = rows.get(id);
    if (!r) throw new Error(`fake synapse: no assignment ${id}`);
    return r;
  };

  function createAssignment(input: FakeAssignmentInput = {}): Record<string, unknown> {
    const at = tick();
    const project = input.project ?? 1;
    let task = input.task !== undefined ? tasks.get(input.task) : undefined;
    if (!task) {
      task = { id: nextTask++, project, data: structuredClone(input.data ?? {}), updated: at };
      tasks.set(task.id, task);
    }
    const row: Row = {
      id: nextId++,
      project,
      task: task.id,
      status: input.status ?? 'pending',
      assignee: input.assignee === undefined ? reviewer.id : input.assignee,
      priority: input.priority ?? null,
      title: input.title ?? null,
      files: input.files ?? {},
      tags: [...(input.tags ?? [])],
      metadata: structuredClone(input.metadata ?? {}),
      due_at: input.due_at ?? null,
      created: at,
      updated: at,
    };
    rows.set(row.id, row);
    return render(row);
  }

  function annotate(user: FakeUser, taskId: number, method: string, body: Record<string, unknown>): Application | 'forbidden' {
    const task = tasks.get(taskId)!;
    const mine = [...rows.values()].filter((r) => r.task === taskId && r.assignee === user.id);
    if (mine.length === 0) return 'forbidden';
    const at = tick();
    task.data = method === 'PATCH' ? { ...task.data, ...structuredClone(body) } : structuredClone(body);
    task.updated = at;
    for (const r of mine) {
      if (r.status === 'pending' || r.status === 'in_progress') r.status = 'completed';
      r.updated = at;
    }
    const app: Application = {
      taskId,
      assignmentIds: mine.map((r) => r.id),
      userId: user.id,
      method,
      data: structuredClone(body),
      at: new Date(at).toISOString(),
    };
    applications.push(app);
    return app;
  }

  // ── HTTP ──────────────────────────────────────────────────────────────

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        send(res, 500, { detail: `fake synapse failed: ${(e as Error).message}` });
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 1000;

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    let body: unknown = undefined;
    let badJson = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    const seen: SeenRequest = { method, path: url.pathname.slice(prefix.length) + url.search, headers: req.headers, body };
    requests.push(seen);
    for (const rule of rules) {
      const action = rule(seen);
      if (action === undefined) continue;
      if (action === 'drop') return void req.socket.destroy();
      if (action === 'lose-answer') {
        route(req, url, method, body, badJson, () => {});
        return void req.socket.destroy();
      }
      return send(res, action.status, action.body, action.headers);
    }
    route(req, url, method, body, badJson, (status, answer, headers) => send(res, status, answer, headers));
  }

  type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

  function route(req: IncomingMessage, url: URL, method: string, body: unknown, badJson: boolean, reply: Reply): void {
    if (!url.pathname.startsWith(`${prefix}/`)) return reply(404, { detail: 'Not found.' });
    const path = url.pathname.slice(prefix.length);
    const token = header(req, 'synapse-access-token');
    if (!token) return reply(403, { detail: 'Authentication credentials were not provided.' });
    const user = users.find((u) => `Token ${u.token}` === token);
    if (!user) return reply(401, { detail: 'Invalid token.' });
    if (tenant !== null && header(req, 'synapse-tenant') !== `Token ${tenant}`) return reply(403, { detail: 'Invalid tenant.' });
    if (badJson) return reply(400, { detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' });

    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/users/me/')
      return reply(200, {
        id: user.id,
        username: user.username,
        email: `${user.username}@example.com`,
        first_name: 'Re',
        last_name: 'Viewer',
      });
    if (method === 'GET' && path === '/sdk/assignments/') return list(req, url, reply);
    if (method === 'GET' && (m = path.match(/^\/assignments\/(\d+)\/$/))) {
      const id = Number(m[1]);
      const raw = raws.get(id);
      if (raw) return reply(200, raw);
      const r = rows.get(id);
      return r ? reply(200, render(r)) : reply(404, { detail: 'Not found.' });
    }
    if (method === 'POST' && path === '/assignments/set_tags/') return setTagsRoute(body, reply);
    if (method === 'GET' && (m = path.match(/^\/tasks\/(\d+)\/$/))) {
      const t = tasks.get(Number(m[1]));
      return t
        ? reply(200, { id: t.id, project: t.project, data: t.data, updated_at: drfTime(t.updated) })
        : reply(404, { detail: 'Not found.' });
    }
    if ((m = path.match(/^\/tasks\/(\d+)\/annotate_task_data\/$/))) {
      if (!['PUT', 'POST', 'PATCH'].includes(method)) return reply(405, { detail: `Method "${method}" not allowed.` });
      const taskId = Number(m[1]);
      if (!tasks.has(taskId)) return reply(404, { detail: 'Not found.' });
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return reply(400, {
          non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`],
        });
      }
      const app = annotate(user, taskId, method, body as Record<string, unknown>);
      if (app === 'forbidden') return reply(403, { detail: 'You do not have permission to perform this action.' });
      const t = tasks.get(taskId)!;
      return reply(200, { id: t.id, project: t.project, data: t.data, updated_at: drfTime(t.updated) });
    }
    return reply(404, { detail: 'Not found.' });
  }

  function list(req: IncomingMessage, url: URL, reply: Reply): void {
    const q = url.searchParams;
    const errors: Record<string, string[]> = {};
    const intParam = (name: string): number | null => {
      const v = q.get(name);
      if (v === null || v === '') return null;
      if (!/^\d+$/.test(v)) errors[name] = ['Enter a whole number.'];
      return Number(v);
    };
    const project = intParam('project');
    const assignee = intParam('assignee');
    const status = q.get('status');
    const updatedAfterText = q.get('updated_after');
    const updatedAfter = updatedAfterText ? Date.parse(updatedAfterText) : null;
    if (updatedAfterText && !Number.isFinite(updatedAfter)) errors.updated_after = ['Enter a valid date/time.'];
    if (Object.keys(errors).length > 0) return reply(400, errors);
    const pageSize = Math.min(MAX_PAGE, Math.max(1, Number(q.get('page_size') ?? 100) || 100));
    const page = Number(q.get('page') ?? 1);

    const listed: Record<string, unknown>[] = [];
    const ids = [...new Set([...rows.keys(), ...raws.keys()])].sort((a, b) => a - b);
    for (const id of ids) {
      const raw = raws.get(id);
      if (raw) {
        if (assignee === null || assignee === reviewer.id) listed.push(raw);
        continue;
      }
      const r = rows.get(id)!;
      if (project !== null && r.project !== project) continue;
      if (assignee !== null && r.assignee !== assignee) continue;
      if (status !== null && r.status !== status) continue;
      if (updatedAfter !== null && r.updated < updatedAfter!) continue;
      listed.push(render(r));
    }
    const pages = Math.max(1, Math.ceil(listed.length / pageSize));
    if (!Number.isInteger(page) || page < 1 || page > pages) return reply(404, { detail: 'Invalid page.' });
    const link = (p: number): string => {
      const u = new URL(`http://${req.headers.host ?? '127.0.0.1'}${url.pathname}${url.search}`);
      u.searchParams.set('page', String(p));
      return u.toString();
    };
    reply(200, {
      count: listed.length,
      next: page < pages ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: listed.slice((page - 1) * pageSize, page * pageSize),
    });
  }

  function setTagsRoute(body: unknown, reply: Reply): void {
    const b = (body ?? {}) as { ids?: unknown; tags?: unknown; action?: unknown };
    const errors: Record<string, string[]> = {};
    const intList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x > 0);
    if (!intList(b.ids) || b.ids.length === 0) errors.ids = ['This field is required.'];
    else {
      const missing = b.ids.find((id) => !rows.has(id));
      if (missing !== undefined) errors.ids = [`Invalid pk "${missing}" - object does not exist.`];
    }
    if (!intList(b.tags)) errors.tags = ['This field is required.'];
    if (b.action !== 'add' && b.action !== 'remove') errors.action = [`"${String(b.action)}" is not a valid choice.`];
    if (Object.keys(errors).length > 0) return reply(400, errors);
    const ids = b.ids as number[];
    const tags = b.tags as number[];
    const at = tick();
    for (const id of ids) {
      const r = rows.get(id)!;
      const before = r.tags.join(',');
      r.tags = b.action === 'add' ? [...new Set([...r.tags, ...tags])] : r.tags.filter((t) => !tags.includes(t));
      if (r.tags.join(',') !== before) r.updated = at;
    }
    reply(200, { ids, tags, action: b.action });
  }

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    // Date from the fake's own clock, like its updated_at values (a server's clock is one clock).
    const date = new Date(clock()).toUTCString();
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      Date: date,
      ...headers,
    });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    token: reviewer.token,
    tenant,
    reviewer,
    requests,
    addUser: (username) => addUser(username),
    createAssignment,
    createAssignments: (n, input) => Array.from({ length: n }, (_, i) => createAssignment(input?.(i))),
    record: (id) => raws.get(id) ?? render(rowOf(id)),
    all: () => [...rows.values()].sort((a, b) => a.id - b.id).map(render),
    injectRaw(raw) {
      const id = typeof raw.id === 'number' ? raw.id : nextId++;
      raws.set(id, { ...raw });
    },
    editData(id, patch) {
      const r = rowOf(id);
      const t = tasks.get(r.task)!;
      t.data = { ...t.data, ...structuredClone(patch) };
      t.updated = r.updated = tick();
    },
    reassign(id, userId) {
      const r = rowOf(id);
      r.assignee = userId;
      r.updated = tick();
    },
    setStatus(id, status) {
      const r = rowOf(id);
      r.status = status;
      r.updated = tick();
    },
    setTags(id, tags) {
      const r = rowOf(id);
      r.tags = [...tags];
      r.updated = tick();
    },
    touch(id, atMs) {
      const r = rowOf(id);
      r.updated = atMs ?? tick();
      last = Math.max(last, r.updated);
    },
    decideElsewhere(id, o = {}) {
      const r = rowOf(id);
      const t = tasks.get(r.task)!;
      const data = o.data ?? { ...t.data, decided_by: elsewhere.username };
      const at = tick();
      t.data = structuredClone(data);
      t.updated = at;
      r.status = 'completed';
      if (o.tags) r.tags = [...new Set([...r.tags, ...o.tags])];
      r.updated = at;
      applications.push({
        taskId: t.id,
        assignmentIds: [id],
        userId: elsewhere.id,
        method: 'PUT',
        data,
        at: new Date(at).toISOString(),
      });
    },
    applied: () => applications.map((a) => structuredClone(a)),
    intercept(rule) {
      rules.add(rule);
      return () => rules.delete(rule);
    },
    once(method, path, action) {
      const rule = (r: SeenRequest): Intercept => {
        if (r.method !== method || !path.test(r.path)) return undefined;
        rules.delete(rule);
        return action;
      };
      rules.add(rule);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** DRF's rendering of an aware datetime in a +09:00 zone: microseconds and an offset. */
export function drfTime(ms: number): string {
  const local = new Date(ms + 9 * 3_600_000).toISOString(); // the wall clock in +09:00, spelled as if UTC
  return `${local.slice(0, 19)}.${local.slice(20, 23)}000+09:00`;
}
