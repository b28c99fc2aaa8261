/** Every route of protocol.md (and the admin routes), on one router. */
import type { ServerContext } from '../context';
import { createListQuery } from '../domain/list-query';
import { Router } from '../http/router';
import { registerAdminAssignmentRoutes } from './admin-assignments.routes';
import { registerAdminRoutes } from './admin.routes';
import { registerAssignmentRoutes } from './assignments.routes';
import { registerDecisionRoutes } from './decisions.routes';
import { registerEventRoutes } from './events.routes';
import { registerFileRoutes } from './files.routes';
import { registerFormRoutes } from './forms.routes';
import { registerMetaRoutes } from './meta.routes';
import { registerStatisticsRoutes } from './statistics.routes';
import { registerSyncRoutes } from './sync.routes';

export function buildRouter(ctx: ServerContext): Router {
  const router = new Router();
  const list = createListQuery(ctx.store.db);
  registerMetaRoutes(router);
  registerAssignmentRoutes(router, ctx, list);
  registerSyncRoutes(router, ctx);
  registerFormRoutes(router, ctx);
  registerDecisionRoutes(router, ctx);
  registerStatisticsRoutes(router, ctx, list);
  registerEventRoutes(router, ctx);
  registerFileRoutes(router, ctx);
  registerAdminRoutes(router, ctx);
  registerAdminAssignmentRoutes(router, ctx);
  return router;
}
