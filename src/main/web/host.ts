/**
 * The browser host: the same app services as the Electron main process,
 * served to a browser on loopback. The built renderer comes over HTTP and
 * the IPC contract over a WebSocket, so the renderer cannot tell the two
 * hosts apart. End-to-end tests drive the app through this.
 */
import { contentSecurityPolicy } from '../csp';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAppServices, type AppServicesDeps } from '../app/app-services';
import { dispatch } from '../ipc/dispatch';
import { serveStatic } from './static-files';

export interface WebHostOptions extends AppServicesDeps {
  port?: number;
  rendererDir: string;
}

export interface RunningWebHost {
  url: string;
  port: number;
  services: ReturnType<typeof createAppServices>;
  /** Resolves once the remembered account is signed back in (calls from the page wait for it). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const MAX_MESSAGE = 8 * 1024 * 1024;

export async function startWebHost(opts: WebHostOptions): Promise<RunningWebHost> {
  const services = createAppServices(opts);
  let origin = '';
  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });

  const http: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(opts.rendererDir, 'web.html', req, res, headers());
  });

  const wss = new WebSocketServer({
    server: http,
    path: '/ipc',
    maxPayload: MAX_MESSAGE,
    // Only the page this host served may drive it: a web page from elsewhere
    // open in the same browser must not reach the reviewer's data.
    verifyClient: ({ origin: o }: { origin: string }) => o === origin,
  });

  // Set once listening: the page may load while the cache opens, but no call is answered before.
  let ready: Promise<void> = new Promise(() => undefined);

  const sockets = new Set<WebSocket>();
  const unsubscribe = services.subscribe((event, payload) => {
    const msg = JSON.stringify({ t: 'event', event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      let msg: { t?: unknown; id?: unknown; channel?: unknown; input?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return; // not ours: ignore rather than crash
      }
      if (msg.t !== 'invoke' || typeof msg.id !== 'number') return;
      await ready.catch(() => undefined);
      const result = await dispatch(services.handlers, msg.channel, msg.input, opts.log);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: msg.id, result }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  // Signing back in opens the cache and starts its sync (some 100–200 ms): the browser meanwhile
  // fetches the page and its scripts, which need none of it.
  // (After this turn: restoring is synchronous work up to its first network call.)
  ready = new Promise<void>((r) => setImmediate(r)).then(async () => void (await services.session.restore()));

  return {
    url: `${origin}/`,
    port,
    services,
    ready,
    async close() {
      await ready.catch(() => undefined);
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections?.();
      await services.dispose();
    },
  };
}
