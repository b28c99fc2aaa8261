/**
 * The kinds of review backend an account can sign in to, with the settings
 * each needs. Shared: "Connect to a server" edits these, the settings file
 * stores them (the token never: it lives in the secret store), and the main
 * process builds the matching adapter from them (src/main/backend/create-backend.ts).
 */
import { z } from 'zod';

export const BACKEND_TYPES = ['native', 'synapse', 'hitl'] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

export const BACKEND_LABELS: Record<BackendType, string> = {
  native: 'Review Backend Protocol',
  synapse: 'Synapse',
  hitl: 'HITL request service',
};

/**
 * What each kind of backend can do beyond deciding: the UI offers only what
 * works (no "Hand back" where the backend cannot take work back), and main
 * refuses the rest at once with a clear message rather than queueing a
 * change the server will refuse later.
 */
export const BACKEND_CAPABILITIES: Record<BackendType, { release: boolean; tags: boolean }> = {
  native: { release: true, tags: true },
  synapse: { release: false, tags: true },
  hitl: { release: false, tags: false },
};

/** A JSON Schema form for a project's assignments, where the deployment has none to offer. */
const ProjectForm = z.object({
  title: z.string().max(200).optional(),
  instructions: z.string().max(100_000).optional(),
  schema: z.record(z.string(), z.unknown()),
  ui: z.record(z.string(), z.unknown()).optional(),
  outcomes: z
    .array(
      z.object({
        value: z.string().min(1).max(100),
        label: z.string().min(1).max(200),
        requires_comment: z.boolean().optional(),
        validate: z.boolean().optional(),
      }),
    )
    .max(20)
    .optional(),
});

export const NativeBackendSchema = z.object({ type: z.literal('native') });

export const SynapseBackendSchema = z.object({
  type: z.literal('synapse'),
  /** Sent as `Synapse-Tenant: Token <tenant>` when set. */
  tenant: z.string().trim().max(500).optional(),
  /** Only this project's assignments (all of the reviewer's projects when unset). */
  project: z.number().int().positive().optional(),
  /** Whose assignments to list (the signed-in user when unset). */
  assignee: z.number().int().positive().optional(),
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** How far back each incremental pull reaches before the last `updated_at` it saw (clock skew, late commits). */
  overlapSeconds: z.number().int().min(0).max(86_400).default(120),
  /** How often a pull lists everything again, to notice assignments that left the reviewer's queue. */
  reconcileMinutes: z.number().int().min(1).max(10_080).default(30),
  /** Where a decision goes: `{task}`, `{assignment}` and `{project}` are filled from the assignment. */
  decision: z
    .object({
      method: z.enum(['PUT', 'POST', 'PATCH']).default('PUT'),
      path: z.string().trim().min(1).max(500).default('tasks/{task}/annotate_task_data/'),
    })
    .default({ method: 'PUT', path: 'tasks/{task}/annotate_task_data/' }),
  /** A tag to add per outcome (e.g. approve → the "approved" tag's id), since deployments differ. */
  outcomeTags: z.record(z.string(), z.number().int().positive()).default({}),
  /** Forms by project id, for deployments that provide none. */
  forms: z.record(z.string(), ProjectForm).default({}),
});

export const HitlBackendSchema = z.object({
  type: z.literal('hitl'),
  /** Who the service records as `fulfilled_by` / `rejected_by`. */
  reviewerName: z.string().trim().min(1).max(200),
  /** How the token is sent: `Authorization: <scheme> <token>`. */
  authScheme: z.enum(['Bearer', 'Token']).default('Bearer'),
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** How often a pull lists everything again, to notice requests that were handled elsewhere. */
  reconcileMinutes: z.number().int().min(1).max(10_080).default(5),
});

export const BackendConfigSchema = z.discriminatedUnion('type', [NativeBackendSchema, SynapseBackendSchema, HitlBackendSchema]);
export type BackendConfig = z.infer<typeof BackendConfigSchema>;
export type BackendConfigInput = z.input<typeof BackendConfigSchema>;
export type SynapseConfig = z.infer<typeof SynapseBackendSchema>;
export type HitlConfig = z.infer<typeof HitlBackendSchema>;
export type ProjectFormConfig = z.infer<typeof ProjectForm>;

export const NATIVE_BACKEND: BackendConfig = { type: 'native' };
