/** `POST /assignments/{id}/decisions/` and `POST /decisions/batch/`. */
import type { ServerContext } from '../context';
import { decide } from '../domain/decide';
import { BatchEnvelopeSchema } from '../domain/inputs';
import type { Router } from '../http/router';
import { answerReply, idParam, idempotencyKey, parseBody } from './params';

function itemKey(item: unknown): string {
  if (typeof item === 'object' && item !== null && 'decision_id' in item) {
    const id = (item as { decision_id: unknown }).decision_id;
    if (typeof id === 'string') return id;
  }
  return '';
}

function itemAssignment(item: unknown): number {
  if (typeof item === 'object' && item !== null && 'assignment_id' in item) {
    const id = (item as { assignment_id: unknown }).assignment_id;
    if (typeof id === 'number' && Number.isInteger(id) && id > 0) return id;
  }
  return 0;
}

export function registerDecisionRoutes(router: Router, ctx: ServerContext): void {
  router.user('POST', '/assignments/:id/decisions/', (req) => {
    const id = idParam(req);
    const key = idempotencyKey(req);
    return answerReply(ctx.tx(() => decide(ctx, req.user, id, req.body, key)));
  });

  // Each item behaves exactly like a single decision keyed by its decision_id;
  // one transaction for the batch only saves fsyncs, items never fail together.
  router.user('POST', '/decisions/batch/', (req) => {
    const { decisions } = parseBody(BatchEnvelopeSchema, req.body, 422);
    const results = ctx.tx(() =>
      decisions.map((item) => {
        const assignmentId = itemAssignment(item);
        const answer =
          assignmentId === 0
            ? {
                status: 422,
                text: JSON.stringify({
                  detail: 'Invalid decision.',
                  code: 'validation',
                  errors: { assignment_id: ['A positive integer is required.'] },
                }),
              }
            : decide(ctx, req.user, assignmentId, item, undefined);
        return `{"decision_id":${JSON.stringify(itemKey(item))},"status":${answer.status},"body":${answer.text}}`;
      }),
    );
    return { status: 200, text: `{"results":[${results.join(',')}]}` };
  });
}
