/**
 * Initial values of a form: every `default`, recursively through nested
 * objects, plus the enum order for a ranking (a ranking always holds every
 * option, so "untouched" already is an answer). Fields without a default are
 * left out rather than set to '' or null, so "not filled in" stays visible to
 * the validator.
 */
import type { Form } from '../protocol';
import { propertiesOf } from './conditions';
import { asSchema, cloneJson, hasKey, isPlainObject, type SchemaNode } from './json';
import { choiceOptions, kindOf, uiFor, widgetFor } from './schema-model';

export function defaultValues(form: Form): Record<string, unknown> {
  return objectDefaults(form, form.schema, []) ?? {};
}

function fieldDefault(form: Form, s: SchemaNode, segments: string[]): unknown {
  const kind = kindOf(s);
  if (kind === 'object') return objectDefaults(form, s, segments);
  if (s.default !== undefined) return cloneJson(s.default);
  if (kind === 'multi' && widgetFor(kind, uiFor(form, segments)) === 'ranking') {
    return choiceOptions(asSchema(s.items)).map((o) => cloneJson(o.value));
  }
  return undefined;
}

function objectDefaults(form: Form, s: SchemaNode, segments: string[]): Record<string, unknown> | undefined {
  const explicit = isPlainObject(s.default);
  const out: Record<string, unknown> = explicit ? cloneJson(s.default as Record<string, unknown>) : {};
  // Two passes: a field shown only by `then` gets its default when the
  // defaults of the first pass make the `if` hold.
  for (let pass = 0; pass < 2; pass++) {
    for (const { key, schema } of propertiesOf(s, out)) {
      if (hasKey(out, key)) continue; // the object's own default is more specific
      const v = fieldDefault(form, schema, [...segments, key]);
      if (v !== undefined) out[key] = v;
    }
  }
  // ...and a field whose condition the defaults turned off loses its default.
  const visible = new Set(propertiesOf(s, out).map((p) => p.key));
  for (const key of Object.keys(out)) if (!visible.has(key) && !explicit) delete out[key];
  return explicit || Object.keys(out).length > 0 ? out : undefined;
}
