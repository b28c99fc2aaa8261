/**
 * Secret fields: form properties marked `writeOnly: true` (JSON Schema's
 * "sent, never read back"), such as an API key an agent asked a human for.
 * Their values are typed into a password input, never written to drafts,
 * redacted in the audit log, never logged, and wiped from the local store
 * once the server has accepted the decision. Until then the outbox must keep
 * them: an offline decision is useless without its values.
 */
import { isPlainObject as isObject } from './json';

export const SECRET_MARK = '[secret]';

/** Paths (property names from the root) of every writeOnly property, nested objects included. */
export function secretPaths(schema: unknown): string[][] {
  const out: string[][] = [];
  const walk = (s: unknown, path: string[]): void => {
    if (!isObject(s)) return;
    const props = s.properties;
    if (!isObject(props)) return;
    for (const [name, sub] of Object.entries(props)) {
      if (!isObject(sub)) continue;
      if (sub.writeOnly === true) out.push([...path, name]);
      else walk(sub, [...path, name]);
    }
  };
  walk(schema, []);
  return out;
}

export const hasSecrets = (schema: unknown): boolean => secretPaths(schema).length > 0;

/** A copy with each secret that holds a value replaced by `mark` (or dropped when `mark` is null). */
export function redactSecrets(
  values: Record<string, unknown>,
  schema: unknown,
  mark: string | null = SECRET_MARK,
): Record<string, unknown> {
  const paths = secretPaths(schema);
  if (paths.length === 0) return values;
  const copy = structuredClone(values);
  for (const path of paths) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
    const last = path[path.length - 1]!;
    if (!isObject(node) || !(last in node)) continue;
    if (mark === null) delete node[last];
    else if (node[last] !== undefined && node[last] !== null && node[last] !== '') node[last] = mark;
  }
  return copy;
}

/** What a draft may keep: everything but the secrets. */
export const withoutSecrets = (values: Record<string, unknown>, schema: unknown) => redactSecrets(values, schema, null);
