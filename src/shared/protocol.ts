/**
 * Payloads of the Review Backend Protocol v1 (../shared/protocol.md), as zod
 * schemas. The client parses every backend response with these: a record that
 * fails is logged and skipped, never allowed into the cache.
 */
import { z } from 'zod';
import { PRIORITIES, STATUSES } from './protocol-values';

export { PRIORITIES, STATUSES, type AssignmentStatus, type Priority } from './protocol-values';

const isoTime = z.string().min(1).max(64);

export const FileRefSchema = z.object({
  url: z.string().min(1).max(8192),
  mime: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().max(128).optional(),
});
export type FileRef = z.infer<typeof FileRefSchema>;

export const FormRefSchema = z.object({ id: z.string().min(1).max(200), version: z.number().int().nonnegative() });
export type FormRef = z.infer<typeof FormRefSchema>;

export const PreviousDecisionSchema = z.object({
  outcome: z.string(),
  comment: z.string().nullish(),
  values: z.record(z.string(), z.unknown()).nullish(),
  decided_at: z.string().nullish(),
});
export type PreviousDecision = z.infer<typeof PreviousDecisionSchema>;

export const AssignmentSchema = z.object({
  id: z.number().int().positive(),
  project: z.number().int(),
  status: z.enum(STATUSES),
  assignee: z.number().int().nullable(),
  priority: z.enum(PRIORITIES),
  kind: z.string().max(200),
  title: z.string().max(2000),
  data: z.unknown(),
  files: z.record(z.string(), FileRefSchema).default({}),
  form: FormRefSchema,
  tags: z.array(z.number().int()).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
  due_at: isoTime.nullable().default(null),
  created_at: isoTime,
  updated_at: isoTime,
  version: z.number().int().nonnegative(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const OutcomeSchema = z.object({
  value: z.string().min(1).max(100),
  label: z.string().max(200),
  requires_comment: z.boolean().optional(),
  validate: z.boolean().optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const UiFieldSchema = z
  .object({
    widget: z.string().optional(),
    help: z.string().optional(),
    label: z.string().optional(),
    placeholder: z.string().optional(),
  })
  .passthrough();
export type UiField = z.infer<typeof UiFieldSchema>;

export const FormSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  title: z.string().default(''),
  instructions: z.string().default(''),
  schema: z.record(z.string(), z.unknown()),
  ui: z
    .object({
      order: z.array(z.string()).optional(),
      fields: z.record(z.string(), UiFieldSchema).optional(),
    })
    .default({}),
  outcomes: z.array(OutcomeSchema).default([]),
});
export type Form = z.infer<typeof FormSchema>;

/** A form with no outcomes offers `submit` (protocol: Form). */
export function outcomesOf(form: Pick<Form, 'outcomes'>): Outcome[] {
  return form.outcomes.length > 0 ? form.outcomes : [{ value: 'submit', label: 'Submit' }];
}

export const MeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  display_name: z.string().nullish(),
});
export type Me = z.infer<typeof MeSchema>;

export const HealthSchema = z.object({ status: z.string(), version: z.string().optional() });

/** A change is parsed loosely first so one bad record does not sink its page. */
export const ChangesPageSchema = z.object({
  changes: z.array(z.unknown()),
  cursor: z.string(),
  has_more: z.boolean(),
});

export const UpsertChangeSchema = z.object({ op: z.literal('upsert'), assignment: AssignmentSchema });
export const RemoveChangeSchema = z.object({
  op: z.literal('remove'),
  id: z.number().int().positive(),
  reason: z.string().optional(),
});
export const ChangeSchema = z.discriminatedUnion('op', [UpsertChangeSchema, RemoveChangeSchema]);
export type Change = z.infer<typeof ChangeSchema>;

export const DecisionBodySchema = z.object({
  decision_id: z.string().min(1).max(200),
  outcome: z.string().min(1),
  values: z.record(z.string(), z.unknown()),
  comment: z.string().optional(),
  form: FormRefSchema,
  base_version: z.number().int().nonnegative(),
  client_submitted_at: z.string(),
  duration_ms: z.number().int().nonnegative().optional(),
});
export type DecisionBody = z.infer<typeof DecisionBodySchema>;

export const ErrorBodySchema = z.object({
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
  assignment: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const BatchResultSchema = z.object({
  results: z.array(
    z.object({
      decision_id: z.string(),
      status: z.number().int(),
      body: z.unknown(),
    }),
  ),
});

export const TagSchema = z.object({ id: z.number().int(), name: z.string(), color: z.string().nullish() });
export type Tag = z.infer<typeof TagSchema>;

export const StatisticsSchema = z.object({
  total: z.number(),
  by_status: z.record(z.string(), z.number()),
  by_priority: z.record(z.string(), z.number()),
  by_kind: z.record(z.string(), z.number()),
  completed_today: z.number(),
  average_handle_seconds: z.number().nullable(),
  average_response_hours: z.number().nullable(),
});
export type Statistics = z.infer<typeof StatisticsSchema>;
