/**
 * Which parts of an object schema apply to the values at hand: `allOf`
 * entries always, `then` when `if` holds, `else` when it does not. Fields and
 * `required` lists inside the applying parts are what the reviewer sees; the
 * renderer, cleanValues() and defaultValues() all ask this one place, so a
 * field hidden on screen is also the field dropped before storing.
 */
import { asSchema, asSchemaList, asStringList, isPlainObject, type SchemaNode } from './json';
import { isFilled, matches } from './validate';

/** The schema itself plus every applying allOf/then/else part, depth first. */
export function activeParts(schema: SchemaNode, value: unknown): SchemaNode[] {
  // An absent nested object is evaluated as {}, the object the reviewer is
  // about to fill in. As in JSON Schema, an `if` without `required` holds for
  // {} too: form authors put the tested key in the `if`'s `required`.
  const obj = isPlainObject(value) ? value : {};
  const parts: SchemaNode[] = [schema];
  for (const sub of asSchemaList(schema.allOf)) parts.push(...activeParts(sub, obj));
  if (schema.if !== undefined) {
    const branch = asSchema(matches(schema.if, obj) ? schema.then : schema.else);
    if (branch) parts.push(...activeParts(branch, obj));
  }
  return parts;
}

export interface PropertyEntry {
  key: string;
  schema: SchemaNode;
}

/** Properties visible for `value`, in schema order; the first definition of a key wins. */
export function propertiesOf(schema: SchemaNode, value: unknown): PropertyEntry[] {
  const seen = new Map<string, SchemaNode>();
  for (const part of activeParts(schema, value)) {
    for (const [key, sub] of Object.entries(asSchema(part.properties) ?? {})) {
      const node = asSchema(sub) ?? (sub === true ? {} : undefined);
      if (node && !seen.has(key)) seen.set(key, node);
    }
  }
  return [...seen].map(([key, node]) => ({ key, schema: node }));
}

/** Keys required for `value`: `required` of applying parts plus triggered `dependentRequired`. */
export function requiredKeysOf(schema: SchemaNode, value: unknown): Set<string> {
  const obj = isPlainObject(value) ? value : {};
  const keys = new Set<string>();
  for (const part of activeParts(schema, obj)) {
    for (const key of asStringList(part.required)) keys.add(key);
    for (const [key, deps] of Object.entries(asSchema(part.dependentRequired) ?? {})) {
      if (isFilled(obj, key)) for (const dep of asStringList(deps)) keys.add(dep);
    }
  }
  return keys;
}
