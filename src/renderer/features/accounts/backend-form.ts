/**
 * What "Connect to a server" collects for each kind of backend, as the
 * reviewer types it (strings), and how it becomes the contract's backend
 * settings. Problems come back by field, in words, before any round trip;
 * the main process validates again with the contract's schema (a refusal
 * there shows as the form's error message).
 */
import type { BackendConfigInput, BackendType } from '../../../shared/backends';

export interface BackendFormValues {
  type: BackendType;
  // Synapse
  tenant: string;
  project: string;
  assignee: string;
  decisionMethod: 'PUT' | 'POST' | 'PATCH';
  decisionPath: string;
  /** One `outcome=tag id` per line or comma. */
  outcomeTags: string;
  /** JSON: project id → form ({ schema, ui?, outcomes? }). */
  forms: string;
  // HITL
  reviewerName: string;
  authScheme: 'Bearer' | 'Token';
}

export const EMPTY_BACKEND_FORM: BackendFormValues = {
  type: 'native',
  tenant: '',
  project: '',
  assignee: '',
  decisionMethod: 'PUT',
  decisionPath: 'tasks/{task}/annotate_task_data/',
  outcomeTags: '',
  forms: '',
  reviewerName: '',
  authScheme: 'Bearer',
};

export type BackendFormErrors = Partial<Record<keyof BackendFormValues, string>>;

const positiveInt = (s: string) => /^\d+$/.test(s.trim()) && Number(s) > 0 && Number.isSafeInteger(Number(s));

/** The backend settings, or the problems in what was typed. */
export function backendConfigFrom(v: BackendFormValues): { config: BackendConfigInput } | { errors: BackendFormErrors } {
  const errors: BackendFormErrors = {};
  if (v.type === 'native') return { config: { type: 'native' } };
  if (v.type === 'hitl') {
    if (!v.reviewerName.trim()) errors.reviewerName = 'Enter the name the service should record as the reviewer';
    if (Object.keys(errors).length > 0) return { errors };
    return { config: { type: 'hitl', reviewerName: v.reviewerName.trim(), authScheme: v.authScheme } };
  }
  if (v.project.trim() && !positiveInt(v.project)) errors.project = 'A project id is a whole number, e.g. 12';
  if (v.assignee.trim() && !positiveInt(v.assignee)) errors.assignee = 'A user id is a whole number, e.g. 7';
  if (!v.decisionPath.trim()) errors.decisionPath = 'Enter the path decisions go to, e.g. tasks/{task}/annotate_task_data/';
  const outcomeTags: Record<string, number> = {};
  for (const part of v.outcomeTags
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([\w-]+)\s*=\s*(\d+)$/.exec(part);
    if (!m || !positiveInt(m[2]!)) {
      errors.outcomeTags = `"${part}" is not outcome=tag id, e.g. approve=12`;
      break;
    }
    outcomeTags[m[1]!] = Number(m[2]);
  }
  let forms: Record<string, unknown> = {};
  if (v.forms.trim()) {
    try {
      const parsed: unknown = JSON.parse(v.forms);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      forms = parsed as Record<string, unknown>;
    } catch {
      errors.forms = 'Forms must be JSON: { "<project id>": { "schema": { … } } }';
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    config: {
      type: 'synapse',
      ...(v.tenant.trim() ? { tenant: v.tenant.trim() } : {}),
      ...(v.project.trim() ? { project: Number(v.project) } : {}),
      ...(v.assignee.trim() ? { assignee: Number(v.assignee) } : {}),
      decision: { method: v.decisionMethod, path: v.decisionPath.trim() },
      outcomeTags,
      forms: forms as never,
    },
  };
}
