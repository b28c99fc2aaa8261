/**
 * What changed between two versions of an assignment's data, leaf by leaf,
 * for the conflict view. Pure; paths read like `order.lines[0].qty`.
 */
export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

/** Beyond this many changes the list stops (the whole data is shown below it anyway). */
const MAX_CHANGES = 200;
const MAX_DEPTH = 12;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (!path) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function diffData(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  const walk = (a: unknown, b: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_CHANGES || same(a, b)) return;
    if (depth < MAX_DEPTH && isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (!(k in b)) out.push({ path: join(path, k), kind: 'removed', before: a[k], after: undefined });
        else if (!(k in a)) out.push({ path: join(path, k), kind: 'added', before: undefined, after: b[k] });
        else walk(a[k], b[k], join(path, k), depth + 1);
      }
      return;
    }
    if (depth < MAX_DEPTH && Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= b.length) out.push({ path: join(path, i), kind: 'removed', before: a[i], after: undefined });
        else if (i >= a.length) out.push({ path: join(path, i), kind: 'added', before: undefined, after: b[i] });
        else walk(a[i], b[i], join(path, i), depth + 1);
      }
      return;
    }
    out.push({ path: path || '(all data)', kind: 'changed', before: a, after: b });
  };
  walk(before, after, '', 0);
  return out;
}

/** A value in one short line, as text (never markup). */
export function shortValue(v: unknown): string {
  if (v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
