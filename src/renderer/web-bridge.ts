/**
 * The browser host's stand-in for the Electron preload: builds the same
 * `window.api` from the same contract, carried over a WebSocket to the host.
 * Calls made while the socket is (re)connecting wait for it; a call whose
 * socket drops is answered with an error Result, never left hanging.
 */
import type { Api, Channel, EventName, Events } from '../shared/contract';
import { CHANNELS } from '../shared/contract';
import type { Result } from '../shared/result';

type Pending = { resolve: (r: Result<unknown>) => void; msg: string };

export function createWebSocketApi(url: string): Api {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const channels = new Set<string>(CHANNELS);

  function connect(): void {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      retryMs = 250;
      for (const m of queue.splice(0)) sock.send(m);
    };
    sock.onmessage = (ev) => {
      let msg: { t?: string; id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.t === 'result' && typeof msg.id === 'number') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p?.resolve(msg.result as Result<unknown>);
      } else if (msg.t === 'event' && msg.event) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      }
    };
    sock.onclose = () => {
      ws = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve({
          ok: false,
          error: { code: 'internal', message: 'Lost the connection to the Reviewdesk host. Is it still running?' },
        });
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  return {
    invoke<C extends Channel>(channel: C, input?: unknown) {
      if (!channels.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `Unknown channel ${channel}` } });
      }
      const id = nextId++;
      const msg = JSON.stringify({ t: 'invoke', id, channel, input: input ?? null });
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'], msg });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(msg);
        else queue.push(msg);
      }) as ReturnType<Api['invoke']>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}
