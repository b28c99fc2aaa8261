/**
 * A tiny markdown parser for previews of what a reviewer types: paragraphs,
 * headings, lists, quotes, code, **bold**, *em*, `code` and links. It yields
 * a tree of plain data that Markdown.tsx turns into React elements, so no
 * string ever becomes HTML: `<script>` stays text. Links keep only http(s)
 * targets; anything else (javascript:, data:, relative) is shown as text.
 */
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em'; c: Inline[] }
  | { t: 'link'; href: string | null; c: Inline[] };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'ul' | 'ol'; items: Inline[][] }
  | { t: 'pre'; v: string }
  | { t: 'quote'; c: Block[] };

/** Deeper nesting is shown as text: keeps a hostile input from exhausting the stack. */
const MAX_DEPTH = 8;

export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// The target may hold one level of balanced parentheses: (https://x/a_(b)).
const LINK = /^\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+"[^"]*")?\s*\)/;

export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = (): void => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? '';
    const rest = src.slice(i);
    if (ch === '\\' && i + 1 < src.length && /[\\`*_[\]()#+\-.!>]/.test(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ t: 'code', v: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (rest.startsWith('**') || rest.startsWith('__'))) {
      const end = src.indexOf(rest.slice(0, 2), i + 2);
      if (end > i + 2) {
        flush();
        out.push({ t: 'strong', c: parseInline(src.slice(i + 2, end), depth + 1) });
        i = end + 2;
        continue;
      }
    }
    // `_` only opens emphasis at a word start, so snake_case_names stay text.
    if (depth < MAX_DEPTH && (ch === '*' || (ch === '_' && !/\w/.test(src[i - 1] ?? ''))) && !/\s/.test(src[i + 1] ?? ' ')) {
      const end = src.indexOf(ch, i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'em', c: parseInline(src.slice(i + 1, end), depth + 1) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[' && depth < MAX_DEPTH) {
      const m = LINK.exec(rest);
      if (m) {
        flush();
        out.push({ t: 'link', href: safeHref(m[2] ?? ''), c: parseInline(m[1] ?? '', depth + 1) });
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  flush();
  return out;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;
const FENCE = /^\s*(```|~~~)/;

export function parseMarkdown(src: string, depth = 0): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const take = (re: RegExp): string[] => {
    const taken: string[] = [];
    for (let m = re.exec(lines[i] ?? ''); i < lines.length && m; m = re.exec(lines[i] ?? '')) {
      taken.push(m[1] ?? '');
      i++;
    }
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```'); i++) body.push(lines[i] ?? '');
      i++; // the closing fence (or the end)
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'h', level: heading[1]?.length ?? 1, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (BULLET.test(line)) {
      blocks.push({ t: 'ul', items: take(BULLET).map((x) => parseInline(x)) });
      continue;
    }
    if (NUMBERED.test(line)) {
      blocks.push({ t: 'ol', items: take(NUMBERED).map((x) => parseInline(x)) });
      continue;
    }
    if (QUOTE.test(line)) {
      const inner = take(QUOTE).join('\n');
      blocks.push(
        depth < MAX_DEPTH ? { t: 'quote', c: parseMarkdown(inner, depth + 1) } : { t: 'p', c: [{ t: 'text', v: inner }] },
      );
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (l.trim() === '' || FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || QUOTE.test(l)) break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
  }
  return blocks;
}
