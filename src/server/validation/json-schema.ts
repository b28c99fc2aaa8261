/**
 * A small interpreting JSON Schema (2020-12 subset) validator for decision
 * values: the keywords the protocol's forms use, walked directly over the
 * schema object. No code generation (no eval / new Function), so it is safe
 * on schemas published over HTTP and runs in any bundle.
 *
 * Errors are keyed by the dotted path of the offending value (`amount`,
 * `shipping.city`, `topics.2`); errors on the whole value use `rootKey`.
 */
import { canonicalJson, jsonEqual } from '../canonical-json';
import type { FieldErrors } from '../http/errors';
import { checkFormat } from './json-schema-formats';

export interface SchemaError {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;
const MAX_DEPTH = 64;
/** Bounds the work a hostile schema (say, allOf of self-references) can cause. */
const MAX_STEPS = 200_000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObj(v);
    default:
      return true; // unknown type names constrain nothing
  }
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

function describeChoices(options: unknown[]): string {
  return options.map((o) => (typeof o === 'string' ? o : canonicalJson(o))).join(', ');
}

class Validator {
  private readonly patterns = new Map<string, RegExp | null>();
  private steps = 0;

  constructor(private readonly root: unknown) {}

  private regex(source: string): RegExp | null {
    if (!this.patterns.has(source)) {
      let re: RegExp | null = null;
      try {
        re = new RegExp(source, 'u');
      } catch {
        re = null; // an invalid pattern in a form must not block every decision
      }
      this.patterns.set(source, re);
    }
    return this.patterns.get(source) ?? null;
  }

  private resolveRef(ref: string): unknown {
    if (!ref.startsWith('#')) return true;
    const parts = ref
      .slice(1)
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.root;
    for (const p of parts) {
      if (!isObj(node) && !Array.isArray(node)) return true;
      node = (node as Obj)[p];
    }
    return node ?? true;
  }

  /** True when `v` satisfies `schema` (errors discarded): for if / oneOf / anyOf / not. */
  matches(schema: unknown, v: unknown, depth: number): boolean {
    const out: SchemaError[] = [];
    this.check(schema, v, '', out, depth);
    return out.length === 0;
  }

  check(schema: unknown, v: unknown, path: string, out: SchemaError[], depth = 0): void {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return;
    if (schema === false) {
      out.push({ path, message: 'This value is not allowed.' });
      return;
    }
    if (!isObj(schema)) return;
    const s = schema;
    const d = depth + 1;

    if (typeof s.$ref === 'string') this.check(this.resolveRef(s.$ref), v, path, out, d);

    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
      if (types.length > 0 && !types.some((t) => typeMatches(t, v))) {
        out.push({ path, message: `Must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.` });
        return; // further keywords would only repeat the same complaint
      }
    }

    if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, v))) {
      out.push({ path, message: `Must be one of: ${describeChoices(s.enum)}.` });
    }
    if ('const' in s && !jsonEqual(s.const, v)) out.push({ path, message: `Must be ${describeChoices([s.const])}.` });

    this.combinators(s, v, path, out, d);
    if (typeof v === 'string') this.stringKeywords(s, v, path, out);
    if (typeof v === 'number') this.numberKeywords(s, v, path, out);
    if (Array.isArray(v)) this.arrayKeywords(s, v, path, out, d);
    if (isObj(v)) this.objectKeywords(s, v, path, out, d);
  }

  private combinators(s: Obj, v: unknown, path: string, out: SchemaError[], d: number): void {
    if (Array.isArray(s.oneOf)) {
      const hits = s.oneOf.filter((sub) => this.matches(sub, v, d)).length;
      if (hits !== 1) {
        const consts = s.oneOf.filter((o): o is Obj => isObj(o) && 'const' in o).map((o) => o.const);
        out.push({
          path,
          message:
            consts.length === s.oneOf.length
              ? `Must be one of: ${describeChoices(consts)}.`
              : 'Must match exactly one of the allowed shapes.',
        });
      }
    }
    if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => this.matches(sub, v, d))) {
      out.push({ path, message: 'Must match at least one of the allowed shapes.' });
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf) this.check(sub, v, path, out, d);
    if (s.not !== undefined && this.matches(s.not, v, d)) out.push({ path, message: 'This value is not allowed.' });
    if (s.if !== undefined) {
      const branch = this.matches(s.if, v, d) ? s.then : s.else;
      if (branch !== undefined) this.check(branch, v, path, out, d);
    }
  }

  private stringKeywords(s: Obj, v: string, path: string, out: SchemaError[]): void {
    const length = [...v].length; // code points, as JSON Schema counts
    const min = num(s.minLength);
    const max = num(s.maxLength);
    if (min !== undefined && length < min) {
      out.push({ path, message: min === 1 ? 'This field may not be blank.' : `Use at least ${min} characters.` });
    }
    if (max !== undefined && length > max) out.push({ path, message: `Use at most ${max} characters.` });
    if (typeof s.pattern === 'string') {
      const re = this.regex(s.pattern);
      if (re && !re.test(v)) out.push({ path, message: `Does not match the expected pattern ${s.pattern}.` });
    }
    if (typeof s.format === 'string') {
      const message = checkFormat(s.format, v);
      if (message) out.push({ path, message });
    }
  }

  private numberKeywords(s: Obj, v: number, path: string, out: SchemaError[]): void {
    const min = num(s.minimum);
    const max = num(s.maximum);
    const xmin = num(s.exclusiveMinimum);
    const xmax = num(s.exclusiveMaximum);
    const step = num(s.multipleOf);
    if (min !== undefined && v < min) out.push({ path, message: `Must be at least ${min}.` });
    if (max !== undefined && v > max) out.push({ path, message: `Must be at most ${max}.` });
    if (xmin !== undefined && v <= xmin) out.push({ path, message: `Must be greater than ${xmin}.` });
    if (xmax !== undefined && v >= xmax) out.push({ path, message: `Must be less than ${xmax}.` });
    if (step !== undefined && step > 0) {
      const q = v / step;
      // Tolerate binary rounding: 0.3 is a multiple of 0.1 for a reviewer.
      if (Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q))) {
        out.push({ path, message: `Must be a multiple of ${step}.` });
      }
    }
  }

  private arrayKeywords(s: Obj, v: unknown[], path: string, out: SchemaError[], d: number): void {
    const min = num(s.minItems);
    const max = num(s.maxItems);
    if (min !== undefined && v.length < min) out.push({ path, message: `Choose at least ${min}.` });
    if (max !== undefined && v.length > max) out.push({ path, message: `Choose at most ${max}.` });
    if (s.uniqueItems === true) {
      const seen = new Set(v.map((x) => canonicalJson(x)));
      if (seen.size !== v.length) out.push({ path, message: 'Items must be unique.' });
    }
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    v.forEach((item, i) => {
      const sub = i < prefix.length ? prefix[i] : s.items;
      if (sub !== undefined) this.check(sub, item, join(path, i), out, d);
    });
  }

  private objectKeywords(s: Obj, v: Obj, path: string, out: SchemaError[], d: number): void {
    const present = (k: string): boolean => Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined;
    if (Array.isArray(s.required)) {
      for (const k of s.required) {
        if (typeof k === 'string' && !present(k)) out.push({ path: join(path, k), message: 'This field is required.' });
      }
    }
    if (isObj(s.dependentRequired)) {
      for (const [k, deps] of Object.entries(s.dependentRequired)) {
        if (!present(k) || !Array.isArray(deps)) continue;
        for (const dep of deps) {
          if (typeof dep === 'string' && !present(dep)) {
            out.push({ path: join(path, dep), message: `This field is required when ${k} is given.` });
          }
        }
      }
    }
    const props = isObj(s.properties) ? s.properties : {};
    for (const [k, sub] of Object.entries(props)) {
      if (present(k)) this.check(sub, v[k], join(path, k), out, d);
    }
    if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
      for (const k of Object.keys(v)) {
        if (k in props) continue;
        if (s.additionalProperties === false) out.push({ path: join(path, k), message: 'This field is not part of the form.' });
        else this.check(s.additionalProperties, v[k], join(path, k), out, d);
      }
    }
    const minP = num(s.minProperties);
    const maxP = num(s.maxProperties);
    const count = Object.keys(v).filter(present).length;
    if (minP !== undefined && count < minP) out.push({ path, message: `Fill in at least ${minP} fields.` });
    if (maxP !== undefined && count > maxP) out.push({ path, message: `Fill in at most ${maxP} fields.` });
  }
}

export function validateSchema(schema: unknown, value: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  new Validator(schema).check(schema, value, '', out);
  return out;
}

/** The errors as the protocol's `errors` map, without duplicate messages. */
export function schemaFieldErrors(schema: unknown, value: unknown, rootKey = 'non_field_errors'): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of validateSchema(schema, value)) {
    const list = (errors[e.path === '' ? rootKey : e.path] ??= []);
    if (!list.includes(e.message)) list.push(e.message);
  }
  return errors;
}
