/**
 * A fault-injecting HTTP proxy in plain Node (toxiproxy cannot be installed
 * here), for putting between the client and the reference server on loopback.
 *
 * Each request is classified (feed, batch, decision, form, …) and, with the
 * share of its class's plan, gets one fault drawn from a seeded PRNG:
 * - `drop`: the socket is reset before anything is forwarded (the server never hears of it);
 * - `reset`: forwarded, the server answers (and so has committed), then the
 *   client's socket is reset: the client never learns what happened;
 * - `delay`: forwarded after a bounded pause;
 * - `error500` / `error429`: answered by the proxy (429 with `Retry-After: 0` or `1`).
 * Draws happen in the order requests arrive, and the sync engine sends one
 * request at a time, so a seed replays the same faults.
 * `close()` ends everything it holds: delayed requests, sockets, its pool.
 *
 * Bodies are buffered whole (no streaming, so not for SSE). `respond` answers
 * some requests itself (e.g. 404 for a route the backend "lacks"); `rewrite`
 * changes what the server answered (malformed payloads, truncated bodies).
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind = 'drop' | 'reset' | 'delay' | 'error500' | 'error429';
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'reset', 'delay', 'error500', 'error429'];

export type RequestClass = 'feed' | 'batch' | 'decision' | 'form' | 'health' | 'other';

export interface FaultPlan {
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  /** Relative weights of the kinds (default: all five equally). A kind left out never happens. */
  weights?: Partial<Record<FaultKind, number>>;
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as the client sent them, e.g. `/api/v1/sync/assignments/?limit=1000`. */
  path: string;
  cls: RequestClass;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An answer the proxy gives instead of (or in place of) the server's. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Declare the full length but send only the first `truncateAt` bytes, then close the connection. */
  truncateAt?: number;
}

export interface FaultProxyOptions {
  /** The upstream server: an origin or a base URL (its path is kept in `proxy.baseUrl`). */
  target: string;
  seed?: number;
  /** The plan for every class without its own (default: no faults). */
  plan?: FaultPlan;
  classes?: Partial<Record<RequestClass, FaultPlan>>;
  /** Bounds of an injected delay, in ms (default 0..200). */
  delayMs?: { min: number; max: number };
  /** Answer a request without forwarding it (no fault is drawn for it). */
  respond?: (req: ProxiedRequest) => Answer | undefined;
  /** Replace what the server answered. */
  rewrite?: (req: ProxiedRequest, res: UpstreamResponse) => Answer | undefined;
}

export interface FaultCounts {
  requests: number;
  forwarded: number;
  drop: number;
  reset: number;
  delay: number;
  error500: number;
  error429: number;
  /** Answered by `respond`. */
  responded: number;
  /** Changed by `rewrite`. */
  rewritten: number;
  /** Connections refused while offline. */
  refused: number;
  byClass: Partial<Record<RequestClass, number>>;
}

export interface FaultProxy {
  /** The proxy's origin, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** The target's base URL moved onto the proxy (same path). */
  baseUrl: string;
  port: number;
  readonly counts: FaultCounts;
  /** Every fault in the order it was drawn, for replay checks: `[class, kind]`. */
  readonly log: [RequestClass, FaultKind][];
  setPlan(plan: FaultPlan, cls?: RequestClass): void;
  /** The next requests of a class get these faults, in order, before the plan applies again. */
  forceNext(cls: RequestClass, ...kinds: FaultKind[]): void;
  /** Offline: every connection is reset at once, nothing is forwarded. */
  setOffline(offline: boolean): void;
  setRespond(fn: FaultProxyOptions['respond']): void;
  setRewrite(fn: FaultProxyOptions['rewrite']): void;
  resetCounts(): void;
  close(): Promise<void>;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function classify(method: string, path: string): RequestClass {
  const p = path.split('?')[0] ?? '';
  if (p.endsWith('/decisions/batch/')) return 'batch';
  if (/\/assignments\/\d+\/decisions\/$/.test(p)) return 'decision';
  // Other backends' decision routes: Synapse's task annotation, a HITL service's fulfil/reject.
  if (method !== 'GET' && (/annotate_task_data\/?$/.test(p) || /\/hitl\/requests\/[^/]+\/(fulfill|reject)$/.test(p)))
    return 'decision';
  if (p.endsWith('/sync/assignments/')) return 'feed';
  if (method === 'GET' && (p.endsWith('/sdk/assignments/') || p.endsWith('/hitl/requests'))) return 'feed';
  if (p.includes('/forms/') && method === 'GET') return 'form';
  if (p.endsWith('/health/')) return 'health';
  return 'other';
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade']);

const emptyCounts = (): FaultCounts => ({
  requests: 0,
  forwarded: 0,
  drop: 0,
  reset: 0,
  delay: 0,
  error500: 0,
  error429: 0,
  responded: 0,
  rewritten: 0,
  refused: 0,
  byClass: {},
});

/** A reset (RST), not a polite FIN: what a VPN or a dying NAT does to a connection. */
function hardReset(socket: Socket | null | undefined): void {
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const random = seededRandom(opts.seed ?? 1);
  const delayBounds = opts.delayMs ?? { min: 0, max: 200 };
  let defaultPlan: FaultPlan = opts.plan ?? { rate: 0 };
  const classPlans: Partial<Record<RequestClass, FaultPlan>> = { ...opts.classes };
  let respond = opts.respond;
  let rewrite = opts.rewrite;
  const forced: Partial<Record<RequestClass, FaultKind[]>> = {};
  let offline = false;
  let closed = false;
  let counts = emptyCounts();
  const log: [RequestClass, FaultKind][] = [];
  const sockets = new Set<Socket>();
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  // Our own pool to the server, destroyed on close so nothing outlives the proxy.
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  /**
   * Three draws per request whatever happens (roll, kind, parameter), so the
   * n-th request always meets the same numbers: changing one class's plan
   * does not shift the faults the other classes get.
   */
  function draw(cls: RequestClass): { kind: FaultKind | null; param: number } {
    const plan = classPlans[cls] ?? defaultPlan;
    const roll = random();
    const pick = random();
    const param = random();
    const next = forced[cls]?.shift();
    if (next) return { kind: next, param };
    if (roll >= plan.rate) return { kind: null, param };
    const weights = FAULT_KINDS.map((k) => (plan.weights ? (plan.weights[k] ?? 0) : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return { kind: null, param };
    let x = pick * total;
    for (let i = 0; i < FAULT_KINDS.length; i++) {
      x -= weights[i]!;
      if (x < 0) return { kind: FAULT_KINDS[i]!, param };
    }
    return { kind: FAULT_KINDS[FAULT_KINDS.length - 1]!, param };
  }

  /** A pause that close() cuts short, so no delayed request outlives the proxy. */
  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });
  }

  function send(res: ServerResponse, a: Answer): void {
    if (res.destroyed) return;
    const body = a.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(a.body) ? a.body : Buffer.from(a.body, 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...a.headers };
    headers['Content-Length'] = String(body.length);
    if (a.truncateAt !== undefined && a.truncateAt < body.length) {
      // The client was promised every byte and gets only some, then the connection ends.
      res.writeHead(a.status, headers);
      res.write(body.subarray(0, a.truncateAt), () => res.socket?.destroy());
      return;
    }
    res.writeHead(a.status, headers);
    res.end(body);
  }

  function forward(req: ProxiedRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const headers: IncomingHttpHeaders = { ...req.headers };
      delete headers['accept-encoding']; // plain bodies, so `rewrite` sees JSON
      delete headers.connection;
      headers['content-length'] = String(req.body.length);
      const up = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.path,
          headers, // Host stays the proxy's: the server builds absolute links from it
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(req.body);
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(
        {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          cls: classify(req.method ?? 'GET', req.url ?? '/'),
          headers: req.headers,
          body: Buffer.concat(chunks),
        },
        res,
      );
    });
  });

  async function handle(req: ProxiedRequest, res: ServerResponse): Promise<void> {
    counts.requests++;
    counts.byClass[req.cls] = (counts.byClass[req.cls] ?? 0) + 1;
    if (offline || closed) {
      counts.refused++;
      hardReset(res.socket);
      return;
    }
    const own = respond?.(req);
    if (own) {
      counts.responded++;
      send(res, own);
      return;
    }
    const { kind: fault, param } = draw(req.cls);
    if (fault) {
      counts[fault]++;
      log.push([req.cls, fault]);
    }
    switch (fault) {
      case 'drop':
        hardReset(res.socket);
        return;
      case 'error500':
        send(res, { status: 500, body: '{"detail":"Injected failure.","code":"server_error"}' });
        return;
      case 'error429':
        send(res, {
          status: 429,
          headers: { 'Retry-After': String(param < 0.5 ? 0 : 1) },
          body: '{"detail":"Injected rate limit.","code":"rate_limited"}',
        });
        return;
      case 'delay':
        await wait(delayBounds.min + Math.floor(param * (delayBounds.max - delayBounds.min + 1)));
        if (closed) return void hardReset(res.socket);
        break;
      default:
        break;
    }
    let upstream: UpstreamResponse;
    try {
      upstream = await forward(req);
    } catch {
      hardReset(res.socket); // the server is gone: so is the client's answer
      return;
    }
    counts.forwarded++;
    if (fault === 'reset' || closed) {
      // The server has answered, so whatever it did is committed; the client never learns.
      hardReset(res.socket);
      return;
    }
    const changed = rewrite?.(req, upstream);
    if (changed) {
      counts.rewritten++;
      send(res, changed);
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(upstream.body.length);
    if (res.destroyed) return;
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }

  server.on('connection', (s: Socket) => {
    if (offline || closed) {
      counts.refused++;
      hardReset(s);
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {}); // a reset we caused ourselves
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseUrl: `${origin}${target.pathname.replace(/\/+$/, '')}`,
    port,
    get counts() {
      return counts;
    },
    log,
    setPlan(plan, cls) {
      if (cls) classPlans[cls] = plan;
      else defaultPlan = plan;
    },
    forceNext(cls, ...kinds) {
      (forced[cls] ??= []).push(...kinds);
    },
    setOffline(value) {
      offline = value;
      if (value) for (const s of sockets) hardReset(s);
    },
    setRespond(fn) {
      respond = fn;
    },
    setRewrite(fn) {
      rewrite = fn;
    },
    resetCounts() {
      counts = emptyCounts();
      log.length = 0;
    },
    close() {
      closed = true;
      for (const [t, resume] of timers) {
        clearTimeout(t);
        resume();
      }
      timers.clear();
      for (const s of sockets) s.destroy();
      agent.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
