/**
 * A fake HITL request service, written from the contract in issue 6 (not
 * from src/server): agents' requests for API keys, approvals and decisions,
 * handled through
 *
 *   GET  /hitl/requests?status=&priority=&limit=&offset=   a bare JSON array, newest first
 *   GET  /hitl/requests/{id}
 *   POST /hitl/requests/{id}/fulfill  {fulfilled_by, response_data, notes}
 *   POST /hitl/requests/{id}/reject   {rejected_by, reason}
 *   GET  /hitl/statistics
 *
 * in the manner of a FastAPI service: bearer tokens (401 `{"detail": …}`),
 * UUID ids, naive UTC times with microseconds, 422 bodies listing
 * `{loc, msg, type, input}` (the input echoed, secrets and all), no
 * idempotency: every accepted fulfil/reject is one more application in
 * `applications()`. A request that is no longer pending is refused with
 * 400 (`strictStatus`, the default); with `strictStatus: false` the service
 * is naive and applies a second fulfil too, which is what a resend would do
 * to a service that does not check.
 *
 * Tests change it from the side through the methods (create, edit, cancel,
 * handle elsewhere) and inject faults per request with `interceptNext`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type HitlStatus = 'pending' | 'in_review' | 'fulfilled' | 'rejected' | 'cancelled';
export type HitlPriority = 'low' | 'medium' | 'high' | 'critical';
const STATUSES: HitlStatus[] = ['pending', 'in_review', 'fulfilled', 'rejected', 'cancelled'];
const PRIORITIES: HitlPriority[] = ['low', 'medium', 'high', 'critical'];

export interface HitlRecord {
  id: string;
  request_type: string;
  title: string;
  description: string;
  prompt: string | null;
  required_fields: Record<string, string>;
  priority: HitlPriority;
  status: HitlStatus;
  context: Record<string, unknown>;
  agent_id: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  fulfilled_by: string | null;
  fulfilled_at: string | null;
  response_data: Record<string, unknown> | null;
  notes: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  rejection_reason: string | null;
}

/** One fulfil or reject the service applied. */
export interface Application {
  requestId: string;
  outcome: 'fulfill' | 'reject';
  by: string;
  responseData?: Record<string, unknown>;
  notes?: string | null;
  reason?: string;
  at: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

export type Intercept =
  /** The socket is destroyed before the service hears the request. */
  | 'drop'
  /** The service handles the request (and commits), then the socket is destroyed: the answer is lost. */
  | 'apply-then-reset'
  /** Answered instead of the service. */
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeHitlOptions {
  token?: string;
  /** The scheme the Authorization header must use. */
  scheme?: 'Bearer' | 'Token';
  /** `limit` above this gets 422, as `Query(le=…)` does. */
  maxLimit?: number;
  /** A service that silently serves at most this many per page, whatever `limit` asked. */
  capLimit?: number;
  /** Refuse fulfil/reject of a request that is no longer pending or in review (default true). */
  strictStatus?: boolean;
  /** Integer ids ("1", "2", …) instead of UUIDs. */
  numericIds?: boolean;
  /** The service's clock starts here and moves one second per change. */
  start?: Date;
}

export interface FakeHitlServer {
  readonly baseUrl: string;
  readonly token: string;
  create(fields?: Partial<HitlRecord>): HitlRecord;
  /** A record stored as given, listed under `status` (for malformed data). */
  insertRaw(raw: unknown, listedAs?: HitlStatus): void;
  get(id: string): HitlRecord;
  all(): HitlRecord[];
  edit(id: string, patch: Partial<HitlRecord>): HitlRecord;
  startReview(id: string): HitlRecord;
  cancel(id: string): HitlRecord;
  fulfillElsewhere(id: string, by?: string, responseData?: Record<string, unknown>): HitlRecord;
  rejectElsewhere(id: string, by?: string, reason?: string): HitlRecord;
  applications(): Application[];
  requests(): LoggedRequest[];
  interceptNext(match: { method?: string; path?: RegExp }, action: Intercept): void;
  close(): Promise<void>;
}

interface Stored {
  seq: number;
  record: HitlRecord | null;
  raw?: unknown;
  listedAs?: HitlStatus;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeHitlServer(opts: FakeHitlOptions = {}): Promise<FakeHitlServer> {
  const token = opts.token ?? 'hitl-test-token';
  const scheme = opts.scheme ?? 'Bearer';
  const maxLimit = opts.maxLimit ?? 1000;
  const strict = opts.strictStatus ?? true;
  let clock = (opts.start ?? new Date('2026-11-21T08:00:00.000Z')).getTime();
  let seq = 0;
  const store = new Map<string, Stored>();
  const applied: Application[] = [];
  const log: LoggedRequest[] = [];
  const intercepts: { match: { method?: string; path?: RegExp }; action: Intercept }[] = [];
  const sockets = new Set<Socket>();

  /** Python's `datetime.utcnow().isoformat()`: no offset, microseconds. */
  const tick = (): string => {
    clock += 1000;
    return new Date(clock).toISOString().replace('Z', '000');
  };

  function need(id: string): Stored & { record: HitlRecord } {
    const s = store.get(id);
    if (!s || !s.record) throw new Error(`fake HITL: no request ${id}`);
    return s as Stored & { record: HitlRecord };
  }

  function create(fields: Partial<HitlRecord> = {}): HitlRecord {
    seq++;
    const at = tick();
    const record: HitlRecord = {
      id: opts.numericIds ? String(seq) : randomUUID(),
      request_type: 'decision',
      title: `Request ${seq}`,
      description: `The agent needs a human for request ${seq}.`,
      prompt: null,
      required_fields: { answer: 'Your answer' },
      priority: 'medium',
      status: 'pending',
      context: { step: seq },
      agent_id: 'agent-7',
      created_at: at,
      updated_at: at,
      expires_at: null,
      fulfilled_by: null,
      fulfilled_at: null,
      response_data: null,
      notes: null,
      rejected_by: null,
      rejected_at: null,
      rejection_reason: null,
      ...fields,
    };
    store.set(record.id, { seq, record });
    return structuredClone(record);
  }

  function change(id: string, patch: Partial<HitlRecord>): HitlRecord {
    const s = need(id);
    Object.assign(s.record, patch, { updated_at: tick() });
    return structuredClone(s.record);
  }

  const isOpen = (r: HitlRecord) => r.status === 'pending' || r.status === 'in_review';

  function fulfil(r: HitlRecord, by: string, data: Record<string, unknown>, notes: string | null): void {
    const at = tick();
    Object.assign(r, { status: 'fulfilled', fulfilled_by: by, fulfilled_at: at, response_data: data, notes, updated_at: at });
    applied.push({ requestId: r.id, outcome: 'fulfill', by, responseData: structuredClone(data), notes, at });
  }

  function reject(r: HitlRecord, by: string, reason: string): void {
    const at = tick();
    Object.assign(r, { status: 'rejected', rejected_by: by, rejected_at: at, rejection_reason: reason, updated_at: at });
    applied.push({ requestId: r.id, outcome: 'reject', by, reason, at });
  }

  function listed(status: string | null, priority: string | null): unknown[] {
    return [...store.values()]
      .filter((s) => {
        const st = s.record ? s.record.status : s.listedAs;
        return (status === null || st === status) && (priority === null || s.record?.priority === priority);
      })
      .sort((a, b) => b.seq - a.seq)
      .map((s) => structuredClone(s.record ?? s.raw));
  }

  function statistics() {
    const records = [...store.values()].flatMap((s) => (s.record ? [s.record] : []));
    const count = (st: HitlStatus) => records.filter((r) => r.status === st).length;
    const byType: Record<string, number> = {};
    for (const r of records) byType[r.request_type] = (byType[r.request_type] ?? 0) + 1;
    const handled = records.filter((r) => r.fulfilled_at ?? r.rejected_at);
    const secs = handled.map((r) => (Date.parse(`${r.fulfilled_at ?? r.rejected_at}Z`) - Date.parse(`${r.created_at}Z`)) / 1000);
    return {
      total_requests: records.length,
      pending_requests: count('pending'),
      in_review_requests: count('in_review'),
      fulfilled_requests: count('fulfilled'),
      rejected_requests: count('rejected'),
      cancelled_requests: count('cancelled'),
      by_type: byType,
      average_response_time_seconds: secs.length ? secs.reduce((a, b) => a + b, 0) / secs.length : null,
    };
  }

  const invalid = (loc: (string | number)[], msg: string, type: string, input: unknown) => ({
    detail: [{ type, loc, msg, input }],
  });

  /** Returns the status and body to answer with. */
  function route(method: string, path: string, q: URLSearchParams, body: unknown): [number, unknown] {
    if (path === '/hitl/statistics' && method === 'GET') return [200, statistics()];
    if (path === '/hitl/requests' && method === 'GET') {
      const status = q.get('status');
      const priority = q.get('priority');
      if (status !== null && !STATUSES.includes(status as HitlStatus))
        return [422, invalid(['query', 'status'], `Input should be ${STATUSES.map((s) => `'${s}'`).join(', ')}`, 'enum', status)];
      if (priority !== null && !PRIORITIES.includes(priority as HitlPriority))
        return [422, invalid(['query', 'priority'], 'Input should be a valid priority', 'enum', priority)];
      const limit = Number(q.get('limit') ?? 50);
      const offset = Number(q.get('offset') ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
        return [
          422,
          invalid(['query', 'limit'], `Input should be less than or equal to ${maxLimit}`, 'less_than_equal', q.get('limit')),
        ];
      if (!Number.isInteger(offset) || offset < 0)
        return [
          422,
          invalid(['query', 'offset'], 'Input should be greater than or equal to 0', 'greater_than_equal', q.get('offset')),
        ];
      const served = Math.min(limit, opts.capLimit ?? limit);
      return [200, listed(status, priority).slice(offset, offset + served)];
    }
    const m = /^\/hitl\/requests\/([^/]+)(?:\/(fulfill|reject))?$/.exec(path);
    if (!m) return [404, { detail: 'Not Found' }];
    const id = decodeURIComponent(m[1]!);
    const action = m[2];
    const stored = store.get(id);
    if (!action) {
      if (method !== 'GET') return [405, { detail: 'Method Not Allowed' }];
      if (!stored) return [404, { detail: 'HITL request not found' }];
      return [200, structuredClone(stored.record ?? stored.raw)];
    }
    if (method !== 'POST') return [405, { detail: 'Method Not Allowed' }];
    const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    if (!b) return [422, invalid(['body'], 'Input should be a valid dictionary', 'dict_type', body)];
    if (!stored || !stored.record) return [404, { detail: 'HITL request not found' }];
    const r = stored.record;
    if (action === 'fulfill') {
      if (typeof b.fulfilled_by !== 'string') return [422, invalid(['body', 'fulfilled_by'], 'Field required', 'missing', b)];
      const data = b.response_data;
      if (!data || typeof data !== 'object' || Array.isArray(data))
        return [422, invalid(['body', 'response_data'], 'Input should be a valid dictionary', 'dict_type', data)];
      if (b.notes !== undefined && b.notes !== null && typeof b.notes !== 'string')
        return [422, invalid(['body', 'notes'], 'Input should be a valid string', 'string_type', b.notes)];
      if (strict && !isOpen(r)) return [400, { detail: `Request is not pending (status: ${r.status})` }];
      const missing = Object.keys(r.required_fields).filter((k) => {
        const v = (data as Record<string, unknown>)[k];
        return v === undefined || v === null || v === '';
      });
      // FastAPI-style: the whole response_data echoed as `input`, whatever it holds.
      if (missing.length > 0)
        return [
          422,
          {
            detail: missing.map((k) => ({
              type: 'missing',
              loc: ['body', 'response_data', k],
              msg: 'Field required',
              input: data,
            })),
          },
        ];
      fulfil(r, b.fulfilled_by, data as Record<string, unknown>, (b.notes as string | null | undefined) ?? null);
      return [200, structuredClone(r)];
    }
    if (typeof b.rejected_by !== 'string') return [422, invalid(['body', 'rejected_by'], 'Field required', 'missing', b)];
    if (typeof b.reason !== 'string') return [422, invalid(['body', 'reason'], 'Field required', 'missing', b)];
    if (strict && !isOpen(r)) return [400, { detail: `Request is not pending (status: ${r.status})` }];
    reject(r, b.rejected_by, b.reason);
    return [200, structuredClone(r)];
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return json(res, 422, { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] });
      }
    }
    log.push({ method, path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body });
    const i = intercepts.findIndex(
      (x) => (!x.match.method || x.match.method === method) && (!x.match.path || x.match.path.test(url.pathname)),
    );
    const action = i >= 0 ? intercepts.splice(i, 1)[0]!.action : null;
    if (action === 'drop') return req.socket.destroy();
    if (action && typeof action === 'object') return json(res, action.status, action.body ?? {}, action.headers);
    const auth = req.headers.authorization;
    if (!auth) return json(res, 401, { detail: 'Not authenticated' }, { 'WWW-Authenticate': scheme });
    if (auth !== `${scheme} ${token}`) return json(res, 401, { detail: 'Invalid authentication credentials' });
    const [status, answer] = route(method, url.pathname, url.searchParams, body);
    if (action === 'apply-then-reset') return req.socket.destroy();
    json(res, status, answer);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    create,
    insertRaw(raw, listedAs = 'pending') {
      seq++;
      const id = raw && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : `raw-${seq}`;
      store.set(id, { seq, record: null, raw, listedAs });
    },
    get: (id) => structuredClone(need(id).record),
    all: () => [...store.values()].flatMap((s) => (s.record ? [structuredClone(s.record)] : [])),
    edit: change,
    startReview: (id) => change(id, { status: 'in_review' }),
    cancel: (id) => change(id, { status: 'cancelled' }),
    fulfillElsewhere(id, by = 'someone-else', responseData) {
      const r = need(id).record;
      const data = responseData ?? Object.fromEntries(Object.keys(r.required_fields).map((k) => [k, `elsewhere-${k}`]));
      fulfil(r, by, data, null);
      return structuredClone(r);
    },
    rejectElsewhere(id, by = 'someone-else', reason = 'Not needed') {
      reject(need(id).record, by, reason);
      return structuredClone(need(id).record);
    },
    applications: () => structuredClone(applied),
    requests: () => [...log],
    interceptNext(match, action) {
      intercepts.push({ match, action });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
