/**
 * Where each change's assignment sits in the bytes of a changes page
 * (`{"changes": [{"op": "upsert", "assignment": {…}}, …], …}`), so that a
 * first sync can store the assignment's JSON as the server sent it instead of
 * encoding the parsed object again: JSON.stringify of 100,000 assignments was
 * a fifth of the main thread's part of a first sync (decoding the bytes costs
 * a third of that).
 *
 * A byte-level scan that knows strings, escapes and nesting, and nothing
 * else: it runs after JSON.parse accepted the same bytes, so the JSON is
 * valid and only its shape is in question. Keys are compared byte for byte
 * ("assignment" written with escapes is not recognised and the caller falls
 * back to encoding), and the last of repeated keys wins, as in JSON.parse.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const CHANGES = Buffer.from('changes');
const ASSIGNMENT = Buffer.from('assignment');

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Index of the quote that closes the string opened at `open`. Byte by byte:
 * most strings of a page are keys and short values, where a call to indexOf
 * per string cost more than the loop.
 */
function stringEnd(bytes: Uint8Array, open: number): number {
  const n = bytes.length;
  for (let i = open + 1; i < n; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) return i;
    if (b === BACKSLASH) i++; // the escaped byte is skipped; \uXXXX's digits are plain bytes
  }
  return n;
}

function sameBytes(bytes: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[start + i] !== word[i]) return false;
  return true;
}

function nextNonSpace(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

/**
 * For each element of the page's `changes` array, the bytes of its
 * `assignment` object (a view, no copy), or null where it has none. Null
 * for the whole page when its shape is not the one expected or the count
 * differs from `expected` (the number of changes JSON.parse found).
 */
export function assignmentSpans(bytes: Uint8Array, expected: number): (Uint8Array | null)[] | null {
  let depth = 0;
  /** Whether the last key read at depth 1 was "changes", and at depth 3 "assignment". */
  let changesKey = false;
  let assignmentKey = false;
  /** Inside the `changes` array (at depth 2 and below). */
  let inChanges = false;
  let element = -1;
  let starts: number[] = [];
  let ends: number[] = [];
  let open = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      const close = stringEnd(bytes, i);
      if ((depth === 1 || (depth === 3 && inChanges)) && bytes[nextNonSpace(bytes, close + 1)] === COLON) {
        if (depth === 1) changesKey = sameBytes(bytes, i + 1, close, CHANGES);
        else {
          assignmentKey = sameBytes(bytes, i + 1, close, ASSIGNMENT);
          // A repeated key replaces what came before it, whatever its value.
          if (assignmentKey) starts[element] = ends[element] = -1;
        }
      }
      i = close;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      depth++;
      if (depth === 2 && b === OPEN_ARRAY && changesKey) {
        // A repeated "changes" key: JSON.parse keeps the last one, so does this.
        inChanges = true;
        element = bytes[nextNonSpace(bytes, i + 1)] === CLOSE_ARRAY ? -1 : 0;
        starts = [];
        ends = [];
        if (element === 0) starts[0] = ends[0] = -1;
      } else if (depth === 3 && inChanges) {
        assignmentKey = false;
      } else if (depth === 4 && inChanges && assignmentKey && b === OPEN_OBJECT) {
        open = i;
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      if (depth === 4 && inChanges && open >= 0) {
        starts[element] = open;
        ends[element] = i + 1;
        open = -1;
      }
      depth--;
      if (depth === 1 && inChanges && b === CLOSE_ARRAY) {
        inChanges = false;
        changesKey = false;
      }
      if (depth === 2 && inChanges) assignmentKey = false;
    } else if (b === COMMA && inChanges && depth === 2) {
      element++;
      starts[element] = ends[element] = -1;
      assignmentKey = false;
    } else if (b === COMMA && depth === 1) {
      changesKey = false;
    }
  }
  const count = element + 1;
  if (depth !== 0 || count !== expected) return null;
  const out: (Uint8Array | null)[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const s = starts[k]!;
    out[k] = s >= 0 ? bytes.subarray(s, ends[k]!) : null;
  }
  return out;
}

const CURSOR_KEY = Buffer.from('"cursor"');
/** How far from its end a page's cursor is looked for: the envelope's last keys. */
const CURSOR_TAIL = 1024;

/**
 * The cursor a changes page ends with, read from its last bytes without
 * parsing the page (`…],"cursor":"…","has_more":true}`), so that the next
 * page can be asked for while this one is still being read. A guess, to be
 * checked against the cursor the parsed page gives: null when the tail does
 * not read as the envelope's last keys, or says there is no next page.
 */
export function trailingCursor(bytes: Uint8Array): string | null {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).subarray(Math.max(0, bytes.length - CURSOR_TAIL));
  const at = tail.lastIndexOf(CURSOR_KEY);
  if (at < 0) return null;
  try {
    const keys = JSON.parse(`{${tail.toString('utf8', at)}`) as { cursor?: unknown; has_more?: unknown };
    return typeof keys.cursor === 'string' && keys.has_more !== false ? keys.cursor : null;
  } catch {
    return null;
  }
}

const UPSERT_HEAD = Buffer.from('{"op":"upsert","assignment":{');
const CHANGE_SEPARATOR = Buffer.from(',{"op":"');
/**
 * Stand-ins for the assignments cut out of a page: strings holding U+0001,
 * which JSON can only spell `\u0001`. A page without those bytes holds no
 * such string, so a stand-in found in the parse is one put there.
 */
const STAND_IN_MARK = Buffer.from('\\u0001');
const standIn = (k: number) => `\u0001${k}`;
const textOf = new TextDecoder();

/** The `]` that closes the list of changes: the last one followed by the envelope's next key or its end. */
function listEnd(buf: Buffer): number {
  let at = buf.lastIndexOf(CLOSE_ARRAY);
  while (at >= 0 && buf[at + 1] !== COMMA && buf[at + 1] !== CLOSE_OBJECT)
    at = at > 0 ? buf.lastIndexOf(CLOSE_ARRAY, at - 1) : -1;
  return at;
}

/**
 * A page in the server's compact form (`{"changes":[{"op":"upsert",
 * "assignment":{…}},…],…}`) parsed in pieces: each upsert's assignment on
 * its own, and the rest with a stand-in in each one's place. The same value
 * JSON.parse gives for the whole page, with the spans assignmentSpans gives,
 * at two thirds of the cost: the byte scan for the spans (a third of a page's
 * read) gives way to a search for the change's opening bytes.
 *
 * The search knows no nesting, so every guess is proven: each assignment
 * must parse on its own, from `{` to `}`, and the rest must parse with the
 * stand-ins, each found as the last "assignment" of a change, in order, with
 * no change holding an assignment object that was not cut out. Substituting
 * a JSON value for another at a value's place leaves the rest of the parse
 * as it was, so the pieces then make the page. Anything else, a page in
 * another form included, is null: the caller parses the page whole.
 */
export function splitPage(bytes: Uint8Array): { json: unknown; spans: (Uint8Array | null)[] } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.indexOf(STAND_IN_MARK) >= 0) return null;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = buf.indexOf(UPSERT_HEAD); at >= 0;) {
    const start = at + UPSERT_HEAD.length - 1;
    // The change ends before the next one, or before the `]` that closes the list.
    let next = buf.indexOf(CHANGE_SEPARATOR, start);
    if (next < 0) next = listEnd(buf);
    if (next <= start + 1 || buf[next - 1] !== CLOSE_OBJECT || buf[next - 2] !== CLOSE_OBJECT) return null;
    starts.push(start);
    ends.push(next - 1);
    at = buf.indexOf(UPSERT_HEAD, next);
  }
  if (starts.length === 0) return null;
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (let k = 0; k < starts.length; k++) {
    pieces.push(buf.subarray(from, starts[k]), Buffer.from(`"\\u0001${k}"`));
    from = ends[k]!;
  }
  pieces.push(buf.subarray(from));
  let json: unknown;
  const assignments: unknown[] = new Array(starts.length);
  try {
    json = JSON.parse(textOf.decode(Buffer.concat(pieces)));
    for (let k = 0; k < starts.length; k++) assignments[k] = JSON.parse(textOf.decode(buf.subarray(starts[k], ends[k])));
  } catch {
    return null;
  }
  const changes = (json as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(changes)) return null;
  const spans: (Uint8Array | null)[] = new Array(changes.length);
  let k = 0;
  for (let i = 0; i < changes.length; i++) {
    spans[i] = null;
    const c = changes[i] as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null || Array.isArray(c) || !Object.hasOwn(c, 'assignment')) continue;
    const a = c.assignment;
    if (k < starts.length && a === standIn(k)) {
      c.assignment = assignments[k];
      spans[i] = bytes.subarray(starts[k]!, ends[k]!);
      k++;
    } else if (typeof a === 'object' && a !== null) return null; // one the search did not find: the scan's to say
  }
  return k === starts.length ? { json, spans } : null;
}
