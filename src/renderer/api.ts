/**
 * The one thin module between the renderer and `window.api`. Store actions use
 * it; components never do. It does not care which host installed the API
 * (Electron preload or the browser host's bridge): both build the same `Api`
 * from src/shared/contract.ts.
 */
import type { Api, Channel, ChannelInput, ChannelResult, EventName, Events } from '../shared/contract';
import { toAppError, type Result } from '../shared/result';

let testApi: Api | null = null;

export function api(): Api {
  if (testApi) return testApi;
  // Checked at call time, not import time: the browser host installs the API
  // before importing main.tsx, but nothing here should depend on that order.
  const installed = typeof window === 'undefined' ? undefined : (window as Partial<Window>).api;
  if (!installed) {
    throw new Error('Reviewdesk could not reach its backend: this page must be opened by the desktop app or the browser host.');
  }
  return installed;
}

/** Tests inject an in-memory Api; pass null to go back to `window.api`. */
export function setApiForTests(fake: Api | null): void {
  testApi = fake;
}

/**
 * Invokes a channel and turns anything thrown (a closed WebSocket, a missing
 * API) into an error Result, so store actions handle exactly one failure shape.
 */
export async function call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<Result<ChannelResult<C>>> {
  try {
    return await api().invoke(channel, input);
  } catch (e) {
    return { ok: false, error: toAppError(e) };
  }
}

/** Subscribes to a main-side event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  try {
    return api().on(event, listener);
  } catch {
    return () => undefined;
  }
}
