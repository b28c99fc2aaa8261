/**
 * An interpreting validator for the JSON Schema 2020-12 subset that forms use
 * (protocol: Form). It walks the schema instead of compiling it to code,
 * because the renderer runs under a CSP without unsafe-eval; the main process
 * runs the very same code before it stores a decision.
 *
 * Deliberate differences from a general-purpose validator, all for forms:
 * - An empty string counts as "not filled in": form inputs cannot tell empty
 *   from absent, and cleanValues() drops empty strings before storing.
 * - A bad schema (an invalid `pattern`, a non-number `minimum`) never throws:
 *   that rule is skipped, since the reviewer cannot fix the schema.
 * - `$ref`, `prefixItems`, `contains`, `unevaluated*` are not interpreted.
 */
import { formatError } from './formats';
import {
  asNumber,
  asSchema,
  asSchemaList,
  asString,
  asStringList,
  deepEqual,
  hasKey,
  humanize,
  isPlainObject,
  joinPointer,
} from './json';

/** Errors keyed by a JSON-pointer path of the field: '/amount', '/address/zip', '' for the form as a whole, '/comment' for the decision comment. */
export type FieldErrors = Record<string, string[]>;

export const REQUIRED = 'Required';

export function validateValues(schema: Record<string, unknown>, values: unknown): FieldErrors {
  const out: FieldErrors = {};
  validateNode(schema, values, '', out);
  // "Required" says it all; "Must be at least 3 characters" next to it is noise.
  for (const [path, messages] of Object.entries(out)) {
    const required = messages.filter((m) => m.startsWith(REQUIRED));
    if (required.length > 0) out[path] = required;
  }
  return out;
}

/** True when `value` satisfies `schema`; used for `if`, `anyOf`, `oneOf`, `not`. */
export function matches(schema: unknown, value: unknown): boolean {
  const out: FieldErrors = {};
  validateNode(schema, value, '', out);
  return Object.keys(out).length === 0;
}

/** A property counts as given when it holds anything but undefined or an empty string. */
export function isFilled(obj: Record<string, unknown>, key: string): boolean {
  return hasKey(obj, key) && obj[key] !== undefined && obj[key] !== '';
}

function add(out: FieldErrors, path: string, message: string): void {
  const list = (out[path] ??= []);
  if (!list.includes(message)) list.push(message);
}

function validateNode(schema: unknown, value: unknown, path: string, out: FieldErrors): void {
  if (schema === false) return add(out, path, 'Is not allowed');
  const s = asSchema(schema);
  if (!s) return; // `true`, or a schema problem the reviewer cannot fix
  if (!checkType(s, value, path, out)) return; // other rules would only add noise
  checkEnumConst(s, value, path, out);
  if (typeof value === 'number') checkNumber(s, value, path, out);
  if (typeof value === 'string') checkString(s, value, path, out);
  if (Array.isArray(value)) checkArray(s, value, path, out);
  if (isPlainObject(value)) checkObject(s, value, path, out);
  checkCombinators(s, value, path, out);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of fields',
  null: 'empty',
};

function hasType(type: string, v: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isPlainObject(v);
    case 'null':
      return v === null;
    default:
      return true; // an unknown type name is a schema problem: skip the rule
  }
}

function checkType(s: Record<string, unknown>, v: unknown, path: string, out: FieldErrors): boolean {
  const types = typeof s.type === 'string' ? [s.type] : asStringList(s.type);
  if (types.length === 0 || types.some((t) => hasType(t, v))) return true;
  const words = types.map((t) => TYPE_WORDS[t] ?? t);
  add(out, path, `Must be ${words.join(' or ')}`);
  return false;
}

function checkEnumConst(s: Record<string, unknown>, v: unknown, path: string, out: FieldErrors): void {
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) add(out, path, 'Must be one of the options');
  if (hasKey(s, 'const') && !deepEqual(s.const, v)) add(out, path, 'Must be one of the options');
}

function checkNumber(s: Record<string, unknown>, v: number, path: string, out: FieldErrors): void {
  const min = asNumber(s.minimum);
  const max = asNumber(s.maximum);
  const xmin = asNumber(s.exclusiveMinimum);
  const xmax = asNumber(s.exclusiveMaximum);
  const step = asNumber(s.multipleOf);
  if (min !== undefined && v < min) add(out, path, `Must be at least ${min}`);
  if (max !== undefined && v > max) add(out, path, `Must be at most ${max}`);
  if (xmin !== undefined && v <= xmin) add(out, path, `Must be more than ${xmin}`);
  if (xmax !== undefined && v >= xmax) add(out, path, `Must be less than ${xmax}`);
  if (step !== undefined && step > 0) {
    // Floating point: 0.3 / 0.1 is 2.9999999999999996, which is a multiple.
    const q = v / step;
    if (Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q))) add(out, path, `Must be a multiple of ${step}`);
  }
}

const patternCache = new Map<string, RegExp | null>();

/** Compiles a schema pattern once; an invalid one yields null and its rule is skipped. */
export function compilePattern(source: string): RegExp | null {
  let re = patternCache.get(source);
  if (re !== undefined) return re;
  try {
    re = new RegExp(source, 'u'); // JSON Schema patterns are ECMA-262 with Unicode semantics
  } catch {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
  }
  if (patternCache.size > 500) patternCache.clear();
  patternCache.set(source, re);
  return re;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function checkString(s: Record<string, unknown>, v: string, path: string, out: FieldErrors): void {
  const length = [...v].length; // code points, as JSON Schema counts
  const minLength = asNumber(s.minLength);
  const maxLength = asNumber(s.maxLength);
  if (minLength !== undefined && length < minLength) add(out, path, `Must be at least ${plural(minLength, 'character')}`);
  if (maxLength !== undefined && length > maxLength) add(out, path, `Must be at most ${plural(maxLength, 'character')}`);
  const pattern = asString(s.pattern);
  const re = pattern === undefined ? null : compilePattern(pattern);
  if (re && !re.test(v)) add(out, path, 'Is not in the expected format');
  const format = asString(s.format);
  const formatMessage = format === undefined ? undefined : formatError(format, v);
  if (formatMessage) add(out, path, formatMessage);
}

function checkArray(s: Record<string, unknown>, v: unknown[], path: string, out: FieldErrors): void {
  const minItems = asNumber(s.minItems);
  const maxItems = asNumber(s.maxItems);
  if (minItems !== undefined && v.length < minItems) add(out, path, `Choose at least ${minItems}`);
  if (maxItems !== undefined && v.length > maxItems) add(out, path, `Choose at most ${maxItems}`);
  if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i)) {
    add(out, path, 'Each option can be chosen only once');
  }
  if (s.items !== undefined) v.forEach((item, i) => validateNode(s.items, item, joinPointer(path, i), out));
}

function titleOf(s: Record<string, unknown>, key: string): string {
  const prop = asSchema(asSchema(s.properties)?.[key]);
  return asString(prop?.title) ?? humanize(key);
}

function checkObject(s: Record<string, unknown>, v: Record<string, unknown>, path: string, out: FieldErrors): void {
  const properties = asSchema(s.properties) ?? {};
  for (const [key, sub] of Object.entries(properties)) {
    if (isFilled(v, key)) validateNode(sub, v[key], joinPointer(path, key), out);
  }
  for (const key of asStringList(s.required)) {
    if (!isFilled(v, key)) add(out, joinPointer(path, key), REQUIRED);
  }
  for (const [key, deps] of Object.entries(asSchema(s.dependentRequired) ?? {})) {
    if (!isFilled(v, key)) continue;
    for (const dep of asStringList(deps)) {
      if (!isFilled(v, dep)) add(out, joinPointer(path, dep), `${REQUIRED} when ${titleOf(s, key)} is filled in`);
    }
  }
  for (const [key, sub] of Object.entries(asSchema(s.dependentSchemas) ?? {})) {
    if (isFilled(v, key)) validateNode(sub, v, path, out);
  }
  const patterns = Object.entries(asSchema(s.patternProperties) ?? {}).map(([p, sub]) => [compilePattern(p), sub] as const);
  for (const [key, item] of Object.entries(v)) {
    if (item === undefined) continue;
    let known = hasKey(properties, key);
    for (const [re, sub] of patterns) {
      if (re?.test(key)) {
        known = true;
        validateNode(sub, item, joinPointer(path, key), out);
      }
    }
    if (known || s.additionalProperties === undefined || s.additionalProperties === true) continue;
    if (s.additionalProperties === false) add(out, joinPointer(path, key), 'Is not a field of this form');
    else validateNode(s.additionalProperties, item, joinPointer(path, key), out);
  }
}

function allConsts(list: Record<string, unknown>[]): boolean {
  return list.length > 0 && list.every((x) => hasKey(x, 'const'));
}

function checkCombinators(s: Record<string, unknown>, v: unknown, path: string, out: FieldErrors): void {
  for (const sub of asSchemaList(s.allOf)) validateNode(sub, v, path, out);
  const anyOf = asSchemaList(s.anyOf);
  if (anyOf.length > 0 && !anyOf.some((sub) => matches(sub, v))) {
    add(out, path, allConsts(anyOf) ? 'Must be one of the options' : 'Must match at least one of the allowed shapes');
  }
  const oneOf = asSchemaList(s.oneOf);
  if (oneOf.length > 0 && oneOf.filter((sub) => matches(sub, v)).length !== 1) {
    add(out, path, allConsts(oneOf) ? 'Must be one of the options' : 'Must match exactly one of the allowed shapes');
  }
  if (s.not !== undefined && matches(s.not, v)) add(out, path, 'Is not allowed');
  if (s.if !== undefined) {
    const branch = matches(s.if, v) ? s.then : s.else;
    if (branch !== undefined) validateNode(branch, v, path, out);
  }
}
