/**
 * First script of the browser host's page (web.html): installs the
 * WebSocket-backed window.api. The very same app (main.tsx) is the page's
 * second module script: module scripts run in document order, so the API is
 * there before the app starts, and the browser fetches both at once rather
 * than the app only after this ran.
 */
import './zod-jitless';
import { createWebSocketApi } from './web-bridge';

window.api = createWebSocketApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc`);
