/** `GET /sync/assignments/?since=&limit=`: the caller's changes feed. */
import type { ServerContext } from '../context';
import { DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT, feedPage } from '../domain/feed';
import { validationError } from '../http/errors';
import type { Router } from '../http/router';

export function registerSyncRoutes(router: Router, ctx: ServerContext): void {
  router.user('GET', '/sync/assignments/', (req) => {
    const rawLimit = req.query.get('limit');
    let limit = DEFAULT_FEED_LIMIT;
    if (rawLimit !== null && rawLimit !== '') {
      if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) throw validationError({ limit: ['A positive integer is required.'] });
      limit = Math.min(Number(rawLimit), MAX_FEED_LIMIT);
    }
    return { status: 200, bytes: feedPage(ctx, req.user.id, req.query.get('since'), limit) };
  });
}
