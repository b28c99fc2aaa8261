/** Entry of the browser host's page: install the WebSocket-backed window.api, then start the very same app. */
import { createWebSocketApi } from './web-bridge';

window.api = createWebSocketApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc`);
void import('./main');
