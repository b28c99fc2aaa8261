/**
 * zod schemas for request bodies the shared protocol module does not cover
 * (admin routes, batch envelopes), plus the server's slightly more forgiving
 * decision body (a `comment: null` is the same as no comment).
 */
import { z } from 'zod';
import { DecisionBodySchema, FileRefSchema, FormRefSchema, FormSchema, PRIORITIES, STATUSES } from '../../shared/protocol';

const isoTime = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'An ISO 8601 date-time is required.')
  .transform((s) => new Date(Date.parse(s)).toISOString());

export const ServerDecisionBodySchema = DecisionBodySchema.extend({
  comment: z.string().max(20_000).nullish(),
  duration_ms: z.number().int().nonnegative().nullish(),
});
export type ServerDecisionBody = z.infer<typeof ServerDecisionBodySchema>;

export const BatchItemSchema = ServerDecisionBodySchema.extend({ assignment_id: z.number().int().positive() });

export const MAX_BATCH = 500;
export const BatchEnvelopeSchema = z.object({
  decisions: z.array(z.unknown()).max(MAX_BATCH, `At most ${MAX_BATCH} decisions per batch.`),
});

const jsonObject = z.record(z.string(), z.unknown());

export const NewAssignmentSchema = z.object({
  project: z.number().int().default(1),
  status: z.enum(STATUSES).default('pending'),
  /** Omitted: the default reviewer; null: unassigned. */
  assignee: z.number().int().positive().nullable().optional(),
  priority: z.enum(PRIORITIES).default('medium'),
  kind: z.string().min(1).max(200).default('approval'),
  title: z.string().max(2000).default(''),
  data: z.unknown().default({}),
  files: z.record(z.string(), FileRefSchema).default({}),
  form: FormRefSchema.optional(),
  tags: z.array(z.number().int()).default([]),
  metadata: jsonObject.default({}),
  due_at: isoTime.nullable().default(null),
});
export type NewAssignmentInput = z.infer<typeof NewAssignmentSchema>;

export const NewAssignmentsSchema = z.object({ assignments: z.array(z.unknown()).min(1).max(10_000) });

export const AssignmentPatchSchema = z
  .object({
    data: z.unknown(),
    title: z.string().max(2000),
    priority: z.enum(PRIORITIES),
    status: z.enum(STATUSES),
    due_at: isoTime.nullable(),
    tags: z.array(z.number().int()),
    metadata: jsonObject,
    form: FormRefSchema,
    kind: z.string().min(1).max(200),
    project: z.number().int(),
    files: z.record(z.string(), FileRefSchema),
  })
  .partial()
  .strict();

export const ReassignSchema = z.object({ assignee: z.number().int().positive().nullable() });

export const NewUserSchema = z.object({
  username: z
    .string()
    .min(1)
    .max(150)
    .regex(/^[\w.@+-]+$/, 'Letters, digits and @/./+/-/_ only.'),
  display_name: z.string().max(200).nullish(),
  token: z.string().min(8).max(200).regex(/^\S+$/, 'No spaces.').optional(),
});

export const PublishFormSchema = FormSchema.extend({
  schema: z.record(z.string(), z.unknown()).refine((s) => s.type === 'object', 'A form schema has type "object".'),
});

export const SetTagsSchema = z.object({
  ids: z.array(z.number().int()).max(10_000),
  tags: z.array(z.number().int()).max(1000),
  action: z.enum(['add', 'remove']),
});
