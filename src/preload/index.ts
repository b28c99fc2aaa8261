/**
 * Builds `window.api` from the IPC contract and exposes only that: the
 * renderer never sees ipcRenderer itself, and can neither call a channel the
 * contract does not list nor listen to an event it does not name.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '../shared/channels';
import type { Api } from '../shared/contract';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

const api: Api = {
  invoke: (channel, input) => {
    if (!channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `Unknown channel ${channel}` } });
    }
    return ipcRenderer.invoke(channel, input ?? null);
  },
  on: (event, listener) => {
    if (!events.has(event)) return () => undefined;
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(`event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`event:${event}`, wrapped);
  },
};

contextBridge.exposeInMainWorld('api', api);
