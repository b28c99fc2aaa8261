import type { Api } from '../shared/contract';

declare global {
  interface Window {
    /**
     * Installed before the renderer runs: by the Electron preload
     * (contextBridge) or by the browser host's WebSocket bridge. The renderer
     * reaches it only through ./api.ts.
     */
    api: Api;
  }
}

export {};
