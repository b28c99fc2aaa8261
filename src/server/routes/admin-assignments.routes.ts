/**
 * Admin changes to assignments, used by tests, benchmarks and demos to move
 * the server under a running client: create, patch, reassign, cancel, delete.
 */
import type { Assignment } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { createAssignments, deleteAssignment, updateAssignment, type NewAssignment } from '../domain/assignment-writer';
import {
  AssignmentPatchSchema,
  NewAssignmentSchema,
  NewAssignmentsSchema,
  ReassignSchema,
  type NewAssignmentInput,
} from '../domain/inputs';
import { addFieldError, notFound, validationError, type FieldErrors } from '../http/errors';
import type { Router } from '../http/router';
import { zodFieldErrors } from '../http/zod-errors';
import { serializeAssignment } from '../store/assignments.repo';
import { idParam, parseBody } from './params';

function checkRefs(
  ctx: ServerContext,
  refs: { form?: { id: string; version: number }; tags?: number[]; assignee?: number | null },
  errors: FieldErrors,
  prefix: string,
): void {
  const at = (f: string): string => (prefix ? `${prefix}.${f}` : f);
  if (refs.form && !ctx.store.forms.get(refs.form.id, refs.form.version)) {
    addFieldError(errors, at('form'), `Form ${refs.form.id} v${refs.form.version} is not published.`);
  }
  const unknownTags = refs.tags ? ctx.store.tags.unknown(refs.tags) : [];
  if (unknownTags.length > 0) addFieldError(errors, at('tags'), `Unknown tag ids: ${unknownTags.join(', ')}.`);
  if (refs.assignee != null && !ctx.store.users.byId(refs.assignee)) {
    addFieldError(errors, at('assignee'), `No user ${refs.assignee}.`);
  }
}

function toNew(ctx: ServerContext, input: NewAssignmentInput, errors: FieldErrors, prefix: string): NewAssignment | undefined {
  const form = input.form ?? ctx.defaultForm;
  if (!form) {
    addFieldError(errors, prefix ? `${prefix}.form` : 'form', 'A form is required (no default form is published).');
    return undefined;
  }
  const assignee = input.assignee === undefined ? ctx.defaultReviewerId : input.assignee;
  checkRefs(ctx, { form, tags: input.tags, assignee }, errors, prefix);
  return { ...input, form, assignee };
}

function assignmentOr404(a: Assignment | undefined): { status: number; text: string } {
  if (!a) throw notFound('No such assignment.');
  return { status: 200, text: serializeAssignment(a) };
}

export function registerAdminAssignmentRoutes(router: Router, ctx: ServerContext): void {
  router.admin('POST', '/admin/assignments/', (req) => {
    const errors: FieldErrors = {};
    const many = typeof req.body === 'object' && req.body !== null && 'assignments' in req.body;
    const raws = many ? parseBody(NewAssignmentsSchema, req.body).assignments : [req.body];
    const inputs: NewAssignment[] = [];
    raws.forEach((raw, i) => {
      const prefix = many ? `assignments.${i}` : '';
      const parsed = NewAssignmentSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        for (const [k, v] of Object.entries(zodFieldErrors(parsed.error, prefix))) for (const m of v) addFieldError(errors, k, m);
        return;
      }
      const input = toNew(ctx, parsed.data, errors, prefix);
      if (input) inputs.push(input);
    });
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const created = ctx.tx(() => createAssignments(ctx, inputs));
    const docs = created.map(serializeAssignment);
    return { status: 201, text: many ? `{"assignments":[${docs.join(',')}]}` : (docs[0] ?? '{}') };
  });

  router.admin('PATCH', '/admin/assignments/:id/', (req) => {
    const id = idParam(req);
    const patch = parseBody(AssignmentPatchSchema, req.body);
    const errors: FieldErrors = {};
    checkRefs(ctx, { form: patch.form, tags: patch.tags }, errors, '');
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const result = ctx.tx(() =>
      updateAssignment(ctx, id, (a) => {
        if ('data' in patch) a.data = patch.data ?? null;
        if (patch.title !== undefined) a.title = patch.title;
        if (patch.priority !== undefined) a.priority = patch.priority;
        if (patch.status !== undefined) a.status = patch.status;
        if (patch.due_at !== undefined) a.due_at = patch.due_at;
        if (patch.tags !== undefined) a.tags = patch.tags;
        if (patch.metadata !== undefined) a.metadata = patch.metadata;
        if (patch.form !== undefined) a.form = patch.form;
        if (patch.kind !== undefined) a.kind = patch.kind;
        if (patch.project !== undefined) a.project = patch.project;
        if (patch.files !== undefined) a.files = patch.files;
      }),
    );
    return assignmentOr404(result?.assignment);
  });

  router.admin('POST', '/admin/assignments/:id/reassign/', (req) => {
    const id = idParam(req);
    const { assignee } = parseBody(ReassignSchema, req.body);
    const errors: FieldErrors = {};
    checkRefs(ctx, { assignee }, errors, '');
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const result = ctx.tx(() =>
      updateAssignment(ctx, id, (a) => {
        a.assignee = assignee;
      }),
    );
    return assignmentOr404(result?.assignment);
  });

  router.admin('POST', '/admin/assignments/:id/cancel/', (req) => {
    const id = idParam(req);
    const result = ctx.tx(() => {
      const current = ctx.store.assignments.get(id);
      // Cancelling twice changes nothing, so it bumps nothing.
      if (current?.assignment.status === 'cancelled') return current.assignment;
      return updateAssignment(ctx, id, (a) => {
        a.status = 'cancelled';
      })?.assignment;
    });
    return assignmentOr404(result);
  });

  router.admin('DELETE', '/admin/assignments/:id/', (req) => {
    const id = idParam(req);
    const deleted = ctx.tx(() => deleteAssignment(ctx, id));
    if (!deleted) throw notFound('No such assignment.');
    return { status: 204 };
  });
}
