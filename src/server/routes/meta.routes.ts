/** `GET /health/` (no auth) and `GET /me/`. */
import type { Router } from '../http/router';
import { SERVER_VERSION } from '../version';
import { json } from './params';

export function registerMetaRoutes(router: Router): void {
  router.public('GET', '/health/', () => json(200, { status: 'ok', version: SERVER_VERSION }));
  router.user('GET', '/me/', (req) =>
    json(200, { id: req.user.id, username: req.user.username, display_name: req.user.display_name }),
  );
}
