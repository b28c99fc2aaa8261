/** `GET /statistics/?assignee=me`. */
import type { ServerContext } from '../context';
import type { ListQuery } from '../domain/list-query';
import { statistics } from '../domain/statistics';
import type { Router } from '../http/router';
import { json } from './params';

export function registerStatisticsRoutes(router: Router, ctx: ServerContext, list: ListQuery): void {
  router.user('GET', '/statistics/', (req) => json(200, statistics(ctx, list, req.user, req.query)));
}
