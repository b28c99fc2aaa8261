/** Listing and reading assignments, set_tags and release. */
import type { ServerContext } from '../context';
import { updateAssignment } from '../domain/assignment-writer';
import { SetTagsSchema } from '../domain/inputs';
import type { ListQuery } from '../domain/list-query';
import { release } from '../domain/release';
import { canSee } from '../domain/visibility';
import { notFound, validationError } from '../http/errors';
import { checkPageExists, pageText, parsePage } from '../http/pagination';
import type { Router } from '../http/router';
import { serializeAssignment } from '../store/assignments.repo';
import { answerReply, idParam, idempotencyKey, json, parseBody } from './params';

export function registerAssignmentRoutes(router: Router, ctx: ServerContext, list: ListQuery): void {
  router.user('GET', '/assignments/', (req) => {
    const page = parsePage(req.query);
    const { count, docs } = list.run(req.user, req.query, page);
    checkPageExists(page, count);
    return { status: 200, text: pageText(req.url, page, count, docs) };
  });

  router.user('GET', '/assignments/:id/', (req) => {
    const stored = ctx.store.assignments.get(idParam(req));
    if (!stored || !canSee(req.user, stored.assignment.assignee)) throw notFound('No such assignment.');
    return { status: 200, text: serializeAssignment(stored.assignment) };
  });

  // Idempotent by nature: adding a tag twice or removing a missing one changes
  // nothing, and `updated` counts only assignments that actually changed.
  router.user('POST', '/assignments/set_tags/', (req) => {
    const body = parseBody(SetTagsSchema, req.body);
    const unknown = ctx.store.tags.unknown(body.tags);
    if (unknown.length > 0) throw validationError({ tags: [`Unknown tag ids: ${unknown.join(', ')}.`] });
    const updated = ctx.tx(() => {
      let n = 0;
      for (const id of new Set(body.ids)) {
        const stored = ctx.store.assignments.get(id);
        if (!stored || !canSee(req.user, stored.assignment.assignee)) continue;
        const result = updateAssignment(
          ctx,
          id,
          (a) => {
            const tags = new Set(a.tags);
            for (const t of body.tags) {
              if (body.action === 'add') tags.add(t);
              else tags.delete(t);
            }
            a.tags = [...tags].sort((x, y) => x - y);
          },
          { onlyIfChanged: true },
        );
        if (result?.changed) n++;
      }
      return n;
    });
    return json(200, { updated });
  });

  router.user('POST', '/assignments/:id/release/', (req) => {
    const id = idParam(req);
    const key = idempotencyKey(req);
    return answerReply(ctx.tx(() => release(ctx, req.user, id, key)));
  });
}
