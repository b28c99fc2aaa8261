/** Admin: add reviewers, publish forms, list every recorded decision. */
import { randomToken } from '../bootstrap';
import { jsonEqual } from '../canonical-json';
import { nowIso, type ServerContext } from '../context';
import { NewUserSchema, PublishFormSchema } from '../domain/inputs';
import { HttpError, validationError } from '../http/errors';
import { checkPageExists, pageText, parsePage } from '../http/pagination';
import type { Router } from '../http/router';
import { json, parseBody } from './params';

export function registerAdminRoutes(router: Router, ctx: ServerContext): void {
  router.admin('POST', '/admin/users/', (req) => {
    const body = parseBody(NewUserSchema, req.body);
    if (ctx.store.users.byUsername(body.username))
      throw validationError({ username: ['A user with that username already exists.'] });
    const token = body.token ?? randomToken();
    if (ctx.store.users.byToken(token)) throw validationError({ token: ['This token is already in use.'] });
    const user = ctx.tx(() =>
      ctx.store.users.insert(
        { username: body.username, display_name: body.display_name ?? null, token, role: 'reviewer' },
        nowIso(ctx),
      ),
    );
    return json(201, { id: user.id, username: user.username, display_name: user.display_name, token: user.token });
  });

  router.admin('POST', '/admin/forms/', (req) => {
    const form = parseBody(PublishFormSchema, req.body);
    const existing = ctx.store.forms.get(form.id, form.version);
    if (existing) {
      // Versions are immutable: publishing the same one again is a no-op, a different one a conflict.
      if (jsonEqual(existing, form)) return json(200, existing);
      throw new HttpError(409, 'conflict', `Form ${form.id} v${form.version} is already published with different content.`);
    }
    ctx.tx(() => ctx.store.forms.insert(form, nowIso(ctx)));
    return json(201, form);
  });

  router.admin('GET', '/admin/decisions/', (req) => {
    const page = parsePage(req.query);
    const raw = req.query.get('assignment');
    if (raw !== null && raw !== '' && !/^\d+$/.test(raw))
      throw validationError({ assignment: ['An assignment id is required.'] });
    const assignment = raw === null || raw === '' ? undefined : Number(raw);
    const { count, records } = ctx.store.decisions.page(assignment, page.pageSize, (page.page - 1) * page.pageSize);
    checkPageExists(page, count);
    return { status: 200, text: pageText(req.url, page, count, records) };
  });
}
