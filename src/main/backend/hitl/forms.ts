/**
 * A request's `required_fields` as a JSON Schema form (protocol: Form).
 *
 * Services write `required_fields` as name → description ("The OpenAI API
 * key") or name → type name ("string", "integer", "api_key"); some give a
 * small spec object ({type, description, enum, …}) or a list of names. Every
 * field is required unless its spec says otherwise. Secret fields (by type,
 * name or description: API keys, tokens, passwords, credentials) get
 * `writeOnly: true`, which the app treats as a secret: a password input,
 * never logged, redacted in the audit log, wiped once the server accepts it.
 *
 * Requests share forms: the form's id is a hash of its own content, so every
 * request with the same fields names the same form, and the form under an id
 * never changes (the cache keeps forms forever).
 */
import type { Form } from '../../../shared/protocol';
import { digest } from './ids';

export const FULFILL = 'fulfill';
export const REJECT = 'reject';

type JsonType = 'string' | 'number' | 'integer' | 'boolean';

interface TypeInfo {
  type: JsonType;
  format?: string;
  widget?: string;
  secret?: boolean;
  help?: string;
}

/** Type names services use, lower-cased, `-`/space as `_`. */
const TYPES: Record<string, TypeInfo> = {
  string: { type: 'string' },
  str: { type: 'string' },
  text: { type: 'string' },
  textarea: { type: 'string', widget: 'textarea' },
  long_text: { type: 'string', widget: 'textarea' },
  markdown: { type: 'string', widget: 'textarea' },
  number: { type: 'number' },
  float: { type: 'number' },
  double: { type: 'number' },
  decimal: { type: 'number' },
  integer: { type: 'integer' },
  int: { type: 'integer' },
  boolean: { type: 'boolean' },
  bool: { type: 'boolean' },
  email: { type: 'string', format: 'email' },
  url: { type: 'string', format: 'uri' },
  uri: { type: 'string', format: 'uri' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  date_time: { type: 'string', format: 'date-time' },
  timestamp: { type: 'string', format: 'date-time' },
  // Structured values have no widget of their own: typed as text, sent as the text typed.
  json: { type: 'string', widget: 'textarea', help: 'JSON' },
  object: { type: 'string', widget: 'textarea', help: 'JSON' },
  dict: { type: 'string', widget: 'textarea', help: 'JSON' },
  array: { type: 'string', widget: 'textarea', help: 'JSON' },
  list: { type: 'string', widget: 'textarea', help: 'JSON' },
  password: { type: 'string', secret: true },
  secret: { type: 'string', secret: true },
  token: { type: 'string', secret: true },
  access_token: { type: 'string', secret: true },
  api_key: { type: 'string', secret: true },
  apikey: { type: 'string', secret: true },
  key: { type: 'string', secret: true },
  secret_key: { type: 'string', secret: true },
  private_key: { type: 'string', secret: true, widget: 'textarea' },
  credential: { type: 'string', secret: true },
  credentials: { type: 'string', secret: true },
};

/** Words of a field name that make it a secret anywhere in the name (`db_password`, `githubToken`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'credentials',
  'apikey',
]);
/** A description that asks for one. */
const SECRET_TEXT = /\b(api[\s_-]?key|password|passphrase|secret|token|credentials?|private[\s_-]?key)s?\b/i;
/** Request kinds that exist to collect a secret: one of their text fields must be it. */
const SECRET_KINDS = new Set(['api_key', 'apikey', 'credential', 'credentials', 'secret', 'password', 'token']);

function typeKey(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `api_key`, `openai_key`, `ssh-key`, `githubToken`: but not `key_points`. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  return words.some((w) => SECRET_WORDS.has(w)) || words[words.length - 1] === 'key';
}

interface FieldSpec {
  name: string;
  info: TypeInfo;
  description?: string;
  title?: string;
  required: boolean;
  choices?: unknown[];
  explicitSecret?: boolean;
}

function specFrom(name: string, raw: unknown): FieldSpec {
  if (typeof raw === 'string') {
    const known = TYPES[typeKey(raw)];
    if (known) return { name, info: known, required: true };
    return { name, info: TYPES.string!, description: raw.trim() || undefined, required: true };
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const typeName = typeof o.type === 'string' ? o.type : typeof o.field_type === 'string' ? o.field_type : 'string';
    const info = TYPES[typeKey(typeName)] ?? TYPES.string!;
    const description = typeof o.description === 'string' ? o.description : typeof o.help === 'string' ? o.help : undefined;
    const title = typeof o.title === 'string' ? o.title : typeof o.label === 'string' ? o.label : undefined;
    const optional = o.required === false || o.optional === true;
    const choices = Array.isArray(o.enum) ? o.enum : Array.isArray(o.options) ? o.options : undefined;
    const explicitSecret = o.secret === true || o.sensitive === true || o.writeOnly === true || o.format === 'password';
    return { name, info, description, title, required: !optional, choices, explicitSecret };
  }
  return { name, info: TYPES.string!, required: true };
}

/** The fields in the order the service listed them; a malformed entry becomes a plain text field. */
export function fieldSpecs(requiredFields: unknown): FieldSpec[] {
  if (Array.isArray(requiredFields)) {
    const out: FieldSpec[] = [];
    for (const x of requiredFields) {
      if (typeof x === 'string' && x.trim()) out.push(specFrom(x.trim(), null));
      else if (x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string')
        out.push(specFrom((x as { name: string }).name, x));
    }
    return out;
  }
  if (requiredFields && typeof requiredFields === 'object') {
    return Object.entries(requiredFields as Record<string, unknown>)
      .filter(([name]) => name.trim() !== '')
      .map(([name, raw]) => specFrom(name, raw));
  }
  return [];
}

/** `enum` for plain values; `oneOf` const + title for `[{value, label}]` options. */
function choicesSchema(choices: unknown[]): Record<string, unknown> {
  const labelled = choices.every((c) => c !== null && typeof c === 'object' && 'value' in c);
  if (!labelled) return { enum: choices };
  return {
    oneOf: choices.map((c) => {
      const { value, label } = c as { value: unknown; label?: unknown };
      return typeof label === 'string' ? { const: value, title: label } : { const: value };
    }),
  };
}

function isSecret(f: FieldSpec): boolean {
  if (f.info.type !== 'string' || f.choices) return false;
  return !!(f.explicitSecret || f.info.secret || isSecretName(f.name) || (f.description && SECRET_TEXT.test(f.description)));
}

/** The form for a request's fields; equal fields (and kind of secret request) give an equal form, id included. */
export function buildForm(requiredFields: unknown, kind: string): Form {
  const specs = fieldSpecs(requiredFields);
  const secret = new Set(specs.filter(isSecret).map((f) => f.name));
  // An api_key request whose fields say nothing secret ({"value": "string"}): its text fields are the secret.
  if (secret.size === 0 && SECRET_KINDS.has(typeKey(kind)))
    for (const f of specs) if (f.info.type === 'string' && !f.choices) secret.add(f.name);

  const properties: Record<string, Record<string, unknown>> = {};
  const uiFields: Record<string, { widget?: string; help?: string }> = {};
  const required: string[] = [];
  for (const f of specs) {
    const p: Record<string, unknown> = { type: f.info.type };
    if (f.title) p.title = f.title;
    if (f.description) p.description = f.description;
    if (f.info.format) p.format = f.info.format;
    if (f.choices && f.choices.length > 0) Object.assign(p, choicesSchema(f.choices));
    if (secret.has(f.name)) p.writeOnly = true;
    properties[f.name] = p;
    if (f.info.widget || f.info.help) uiFields[f.name] = { widget: f.info.widget, help: f.info.help };
    if (f.required) required.push(f.name);
  }
  const approval = typeKey(kind) === 'approval' || typeKey(kind) === 'confirmation';
  const content = {
    version: 1,
    title: 'Response',
    instructions: '',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties,
      required,
    },
    ui: { order: specs.map((f) => f.name), fields: uiFields },
    outcomes: [
      { value: FULFILL, label: approval ? 'Approve' : 'Fulfil' },
      { value: REJECT, label: 'Reject', requires_comment: true, validate: false },
    ],
  };
  return JSON.parse(JSON.stringify({ id: `hitl-${digest(content)}`, ...content })) as Form;
}
