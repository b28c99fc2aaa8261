/**
 * What gets stored: only the fields the reviewer could see. Keys the schema
 * does not know, fields hidden by an unmet `if`, and empty strings of optional
 * fields (an emptied input means "not filled in") are dropped.
 */
import type { Form } from '../protocol';
import { propertiesOf, requiredKeysOf } from './conditions';
import { cloneJson, hasKey, isPlainObject, type SchemaNode } from './json';
import { kindOf } from './schema-model';

export function cleanValues(form: Form, values: Record<string, unknown>): Record<string, unknown> {
  return cleanObject(form.schema, isPlainObject(values) ? values : {});
}

function cleanObject(s: SchemaNode, value: Record<string, unknown>): Record<string, unknown> {
  const required = requiredKeysOf(s, value);
  const out: Record<string, unknown> = {};
  for (const { key, schema } of propertiesOf(s, value)) {
    if (!hasKey(value, key)) continue;
    const v = value[key];
    if (v === undefined || (v === '' && !required.has(key))) continue;
    if (kindOf(schema) === 'object' && isPlainObject(v)) {
      const inner = cleanObject(schema, v);
      // An optional group left empty is "not filled in", like an empty string.
      if (Object.keys(inner).length > 0 || required.has(key)) out[key] = inner;
    } else {
      out[key] = cloneJson(v);
    }
  }
  return out;
}
