/**
 * Immutable updates of nested form values. `undefined` removes the key, and a
 * nested object left with no keys is removed too: an emptied group is "not
 * filled in", so its inner `required` fields do not start to complain.
 */
import { isPlainObject } from '../../../shared/forms/json';

export function setIn(values: Record<string, unknown>, segments: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = segments;
  if (head === undefined) return values;
  const next = { ...values };
  const inner = rest.length === 0 ? value : setIn(isPlainObject(values[head]) ? values[head] : {}, rest, value);
  if (inner === undefined || (rest.length > 0 && isPlainObject(inner) && Object.keys(inner).length === 0)) delete next[head];
  else next[head] = inner;
  return next;
}

export function getIn(values: unknown, segments: readonly string[]): unknown {
  let v = values;
  for (const s of segments) v = isPlainObject(v) ? v[s] : undefined;
  return v;
}
