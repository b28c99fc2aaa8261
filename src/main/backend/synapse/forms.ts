/**
 * Forms for Synapse assignments (protocol: Form). Synapse has no form
 * resource the app could fetch, so each assignment names one of two kinds:
 *
 * - configured: `config.forms[project]`, a JSON Schema form from the
 *   account's settings. Id `synapse-project-<project>`, version a hash of the
 *   configured form, so an unchanged setting keeps its cached form and an
 *   edited one is a new version.
 * - derived, where the deployment configures none: the assignment's `data`
 *   as a form, its top-level scalar keys (and nested objects of scalars) as
 *   fields of their JSON type. Id `synapse-auto-<project>`, version a hash of
 *   the schema, so every assignment with the same shape shares one form. The
 *   fields hold corrections, with no defaults (a default per value would make
 *   a form per assignment): the decision sends the assignment's data with the
 *   reviewer's values laid over it (push.ts), so a field left empty keeps
 *   its value. Lists and nulls are not fields; they go back as they were.
 *
 * Both offer approve / needs_review / reject unless configured otherwise.
 */
import type { ProjectFormConfig, SynapseConfig } from '../../../shared/backends';
import { FormSchema, type Form, type FormRef, type Outcome } from '../../../shared/protocol';

export const DERIVED_PREFIX = 'synapse-auto-';
const CONFIGURED_PREFIX = 'synapse-project-';
const MAX_FIELDS = 100;
const MAX_DEPTH = 2;
/** Derived forms remembered in memory (they are rebuilt from listings after a restart). */
const MAX_REMEMBERED = 500;

export const DEFAULT_OUTCOMES: Outcome[] = [
  { value: 'approve', label: 'Approve' },
  { value: 'needs_review', label: 'Needs review', validate: false },
  { value: 'reject', label: 'Reject', validate: false },
];

const DERIVED_INSTRUCTIONS =
  'The fields are the values this assignment holds now (shown with its data). Correct the ones that are wrong; ' +
  'a field left empty keeps its current value.';

export function isDerivedForm(ref: FormRef): boolean {
  return ref.id.startsWith(DERIVED_PREFIX);
}

export function createFormCatalog(config: Pick<SynapseConfig, 'forms'>) {
  const configured = new Map<string, Form>();
  for (const [project, f] of Object.entries(config.forms)) configured.set(project, configuredForm(project, f));
  const derived = new Map<string, Form>();

  return {
    /** The form an assignment of `project` with this `data` uses; a derived form is remembered for get(). */
    refFor(project: number, data: unknown): FormRef {
      const own = configured.get(String(project));
      if (own) return { id: own.id, version: own.version };
      const form = derivedForm(project, data);
      const key = keyOf(form);
      if (!derived.has(key)) {
        if (derived.size >= MAX_REMEMBERED) derived.delete(derived.keys().next().value!);
        derived.set(key, form);
      }
      return { id: form.id, version: form.version };
    },
    /** The form under `ref`, or null when this catalog cannot build it (an old configured version, an unseen shape). */
    get(ref: FormRef): Form | null {
      if (ref.id.startsWith(CONFIGURED_PREFIX)) {
        const own = configured.get(ref.id.slice(CONFIGURED_PREFIX.length));
        return own && own.version === ref.version ? own : null;
      }
      return derived.get(keyOf(ref)) ?? null;
    },
  };
}
export type FormCatalog = ReturnType<typeof createFormCatalog>;

const keyOf = (ref: FormRef): string => `${ref.id}@${ref.version}`;

function configuredForm(project: string, f: ProjectFormConfig): Form {
  const form = {
    id: `${CONFIGURED_PREFIX}${project}`,
    version: hash(stableJson(f)),
    title: f.title ?? `Project ${project}`,
    instructions: f.instructions ?? '',
    schema: { type: 'object', ...f.schema },
    outcomes: f.outcomes ?? DEFAULT_OUTCOMES,
  };
  // The settings were checked when saved; a ui block the form model cannot read is dropped rather than the form.
  const parsed = FormSchema.safeParse({ ...form, ui: f.ui ?? {} });
  return parsed.success ? parsed.data : FormSchema.parse(form);
}

export function derivedForm(project: number, data: unknown): Form {
  const properties = fieldsOf(data, 0);
  const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties };
  const fields: Record<string, { widget: string }> = {};
  for (const [key, s] of Object.entries(properties))
    if ((s as { type: string }).type === 'string') fields[key] = { widget: 'textarea' };
  const order = Object.keys(properties);
  return {
    id: `${DERIVED_PREFIX}${project}`,
    version: hash(stableJson({ schema, order })),
    title: 'Review',
    instructions: DERIVED_INSTRUCTIONS,
    schema,
    ui: { order, fields },
    outcomes: DEFAULT_OUTCOMES,
  };
}

function fieldsOf(data: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(data)) return out;
  for (const [key, value] of Object.entries(data)) {
    if (Object.keys(out).length >= MAX_FIELDS) break;
    const field = fieldFor(value, depth);
    if (field) out[key] = field;
  }
  return out;
}

function fieldFor(value: unknown, depth: number): Record<string, unknown> | null {
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer' } : { type: 'number' };
  if (typeof value === 'string') return { type: 'string' };
  if (isPlainObject(value) && depth + 1 < MAX_DEPTH) {
    const properties = fieldsOf(value, depth + 1);
    return Object.keys(properties).length > 0 ? { type: 'object', properties } : null;
  }
  return null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON with object keys sorted, so equal values always hash alike. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** FNV-1a, 32 bits, as a non-negative integer: a form version that stays put across runs. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
