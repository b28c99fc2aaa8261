/**
 * Element ids of a field, derived from the form's useId() and the field's
 * JSON pointer, so labels, help and errors can point at each other with
 * htmlFor / aria-labelledby / aria-describedby.
 */
export interface FieldIds {
  control: string;
  label: string;
  help: string;
  error: string;
}

/** Keys may hold any character; ids only get [A-Za-z0-9_-], others become _hex_. */
function idSafe(path: string): string {
  return path.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ''}_`);
}

export function fieldIds(base: string, path: string): FieldIds {
  const stem = `${base}-f${idSafe(path)}`;
  return { control: stem, label: `${stem}-label`, help: `${stem}-help`, error: `${stem}-error` };
}

/** Space-separated id list, or undefined when empty so no dangling attribute is rendered. */
export function idList(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return list.length > 0 ? list.join(' ') : undefined;
}
