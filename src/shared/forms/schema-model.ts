/**
 * The form as a tree of fields: what kind of value each property holds, which
 * widget shows it, its label, help and whether it is required for the values
 * at hand. The renderer draws this tree; defaults, cleaning and decision
 * messages read the same tree so labels and visibility never disagree.
 */
import type { Form, UiField } from '../protocol';
import { propertiesOf, requiredKeysOf } from './conditions';
import { asNumber, asSchema, asSchemaList, asString, hasKey, humanize, isPlainObject, pointerOf, type SchemaNode } from './json';

export type FieldKind = 'boolean' | 'integer' | 'number' | 'string' | 'choice' | 'multi' | 'object' | 'unsupported';

export type Widget =
  | 'checkbox'
  | 'number'
  | 'slider'
  | 'rating'
  | 'text'
  | 'textarea'
  | 'markdown'
  | 'select'
  | 'radio'
  | 'checkboxes'
  | 'ranking'
  | 'group'
  | 'hidden'
  | 'unsupported';

export interface ChoiceOption {
  value: unknown;
  label: string;
  description?: string;
}

export interface FieldSpec {
  key: string;
  segments: string[];
  /** JSON pointer of the value, the key of its errors. */
  path: string;
  schema: SchemaNode;
  kind: FieldKind;
  widget: Widget;
  title: string;
  /** Schema `description` and `ui.fields[p].help`, in that order. */
  help: string[];
  placeholder?: string;
  /** Required for the current values (counts `if`/`then` and `dependentRequired`). */
  required: boolean;
  /** Choices of a `choice` field, or of the items of a `multi` field. */
  options: ChoiceOption[];
  /** Fields of an `object` field. */
  children: FieldSpec[];
}

/** The widgets each kind accepts; the first is its default. Anything else falls back to it. */
const WIDGETS: Record<FieldKind, Widget[]> = {
  boolean: ['checkbox'],
  integer: ['number', 'slider', 'rating'],
  number: ['number', 'slider', 'rating'],
  string: ['text', 'textarea', 'markdown'],
  choice: ['select', 'radio'],
  multi: ['checkboxes', 'ranking'],
  object: ['group'],
  unsupported: ['unsupported'],
};

function primaryType(s: SchemaNode): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

/** Options from `enum`, or from a `oneOf`/`anyOf` whose entries are all `const` (+ `title`). */
export function choiceOptions(s: SchemaNode | undefined): ChoiceOption[] {
  if (!s) return [];
  if (Array.isArray(s.enum)) {
    return s.enum.map((v) => ({ value: v, label: typeof v === 'string' ? v : JSON.stringify(v) }));
  }
  const list = asSchemaList(s.oneOf).length > 0 ? asSchemaList(s.oneOf) : asSchemaList(s.anyOf);
  if (list.length === 0 || !list.every((x) => hasKey(x, 'const'))) return [];
  return list.map((x) => {
    const label = asString(x.title) ?? (typeof x.const === 'string' ? x.const : JSON.stringify(x.const));
    const description = asString(x.description);
    return description === undefined ? { value: x.const, label } : { value: x.const, label, description };
  });
}

export function kindOf(s: SchemaNode): FieldKind {
  const type = primaryType(s);
  if (type === 'array' || (type === undefined && s.items !== undefined)) {
    return choiceOptions(asSchema(s.items)).length > 0 ? 'multi' : 'unsupported';
  }
  if (choiceOptions(s).length > 0) return 'choice';
  if (type === 'object' || (type === undefined && isPlainObject(s.properties))) return 'object';
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  if (type === undefined && (s.format !== undefined || s.pattern !== undefined || s.minLength !== undefined)) return 'string';
  return 'unsupported';
}

/** `ui.fields` entry of a field: top-level by key, nested by 'a.b' or '/a/b'. */
export function uiFor(form: Pick<Form, 'ui'>, segments: readonly string[]): UiField | undefined {
  const fields = form.ui.fields;
  if (!fields) return undefined;
  const keys = segments.length === 1 ? [segments[0] ?? ''] : [segments.join('.'), pointerOf(segments)];
  for (const k of keys) if (hasKey(fields, k)) return fields[k];
  return undefined;
}

export function widgetFor(kind: FieldKind, ui: UiField | undefined): Widget {
  const wanted = ui?.widget;
  if (wanted === 'hidden') return 'hidden';
  const allowed = WIDGETS[kind];
  return allowed.find((w) => w === wanted) ?? allowed[0] ?? 'unsupported';
}

/** The label: schema `title`, else `ui.fields[p].label`, else the humanized key. */
export function titleFor(s: SchemaNode, key: string, ui: UiField | undefined): string {
  return asString(s.title) ?? ui?.label ?? humanize(key);
}

/** Highest star of a rating: `maximum` (default 5), kept to a row that fits. */
export function ratingMax(s: SchemaNode): number {
  const max = asNumber(s.maximum);
  return max === undefined ? 5 : Math.min(10, Math.max(1, Math.floor(max)));
}

function buildField(
  form: Form,
  key: string,
  s: SchemaNode,
  parent: readonly string[],
  value: unknown,
  required: boolean,
): FieldSpec {
  const segments = [...parent, key];
  const ui = uiFor(form, segments);
  const kind = kindOf(s);
  const help = [asString(s.description), ui?.help].filter((h): h is string => !!h);
  const field: FieldSpec = {
    key,
    segments,
    path: pointerOf(segments),
    schema: s,
    kind,
    widget: widgetFor(kind, ui),
    title: titleFor(s, key, ui),
    help,
    required,
    options: kind === 'multi' ? choiceOptions(asSchema(s.items)) : choiceOptions(s),
    children: kind === 'object' ? buildFields(form, s, segments, value) : [],
  };
  if (ui?.placeholder) field.placeholder = ui.placeholder;
  return field;
}

function buildFields(form: Form, s: SchemaNode, parent: readonly string[], value: unknown): FieldSpec[] {
  const obj = isPlainObject(value) ? value : {};
  const required = requiredKeysOf(s, obj);
  return propertiesOf(s, obj).map(({ key, schema }) => buildField(form, key, schema, parent, obj[key], required.has(key)));
}

/** Top-level fields for `values`, in `ui.order` then schema order. */
export function fieldsOf(form: Form, values: Record<string, unknown>): FieldSpec[] {
  const fields = buildFields(form, form.schema, [], values);
  const order = form.ui.order ?? [];
  const rank = (f: FieldSpec): number => {
    const i = order.indexOf(f.key);
    return i === -1 ? order.length : i;
  };
  // Array.prototype.sort is stable, so unlisted fields keep their schema order.
  return fields.sort((a, b) => rank(a) - rank(b));
}

/** The label of the field at `path` (an array item counts as its array), for messages. */
export function labelAt(form: Form, values: Record<string, unknown>, segments: readonly string[]): string {
  let schema: SchemaNode = form.schema;
  let value: unknown = values;
  let label = 'Form';
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] ?? '';
    if (i > 0 && kindOf(schema) !== 'object') break; // an array item: name its array
    const entry = propertiesOf(schema, value).find((p) => p.key === key);
    if (!entry) return humanize(key); // e.g. a key the schema does not allow
    label = titleFor(entry.schema, key, uiFor(form, segments.slice(0, i + 1)));
    schema = entry.schema;
    value = isPlainObject(value) ? value[key] : undefined;
  }
  return label;
}
