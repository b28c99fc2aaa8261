/** Published forms (immutable, so cacheable forever) and the tag list. */
import type { ServerContext } from '../context';
import { notFound } from '../http/errors';
import type { Router } from '../http/router';
import { json } from './params';

export function registerFormRoutes(router: Router, ctx: ServerContext): void {
  router.user('GET', '/forms/:formId/versions/:version/', (req) => {
    const version = req.params.version ?? '';
    const text = /^\d{1,9}$/.test(version) ? ctx.store.forms.getText(req.params.formId ?? '', Number(version)) : undefined;
    if (text === undefined) throw notFound('No such form version.');
    return { status: 200, text, headers: { 'Cache-Control': 'private, max-age=31536000, immutable' } };
  });

  router.user('GET', '/tags/', () => json(200, ctx.store.tags.list()));
}
