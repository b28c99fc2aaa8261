import { useState, type ReactNode } from 'react';

/**
 * Shows untrusted assignment data as text, never as markup: every value goes
 * through React text nodes (no dangerouslySetInnerHTML, no links, no images),
 * so `<script>` in a string is just characters on screen.
 */
export function DataView({ value }: { value: unknown }) {
  return (
    <div className="data-view">
      <Value value={value} depth={0} />
    </div>
  );
}

/** Levels open by default; deeper ones start collapsed. */
const OPEN_DEPTH = 4;
/** A bigger branch starts collapsed whatever its depth, to keep the first render small. */
const OPEN_MAX_ENTRIES = 20;
/** Beyond this nesting the rest is shown as JSON text, to bound the DOM. */
const MAX_DEPTH = 12;
/** Entries shown before a "Show more" button. */
const CHUNK = 100;
/** Characters shown before a "Show all" button. */
const LONG_TEXT = 2000;

function Value({ value, depth }: { value: unknown; depth: number }): ReactNode {
  if (value === null) return <span className="data-view__null">null</span>;
  if (value === undefined) return <span className="data-view__null">—</span>;
  if (typeof value === 'string') return <TextValue text={value} />;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return <span className={`data-view__${typeof value}`}>{String(value)}</span>;
  }
  if (typeof value !== 'object') return <span>{String(value)}</span>;
  if (depth >= MAX_DEPTH) return <TextValue text={safeJson(value)} />;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i + 1), v])
    : Object.entries(value as Record<string, unknown>);
  const list = Array.isArray(value);
  if (entries.length === 0) return <span className="data-view__null">{list ? '(empty list)' : '(no fields)'}</span>;
  const body = <Entries entries={entries} list={list} depth={depth} />;
  if (depth === 0) return body;
  const summary = list
    ? `${entries.length} ${entries.length === 1 ? 'item' : 'items'}`
    : `${entries.length} ${entries.length === 1 ? 'field' : 'fields'}`;
  return (
    <Collapsible summary={summary} initiallyOpen={depth < OPEN_DEPTH && entries.length <= OPEN_MAX_ENTRIES}>
      {body}
    </Collapsible>
  );
}

function Entries({ entries, list, depth }: { entries: [string, unknown][]; list: boolean; depth: number }) {
  const [shown, setShown] = useState(CHUNK);
  const visible = entries.slice(0, shown);
  const rest = entries.length - visible.length;
  return (
    <>
      <dl className={list ? 'data-view__entries data-view__entries--list' : 'data-view__entries'}>
        {visible.map(([key, v]) => (
          <div key={key} className={isBranch(v) ? 'data-view__entry data-view__entry--branch' : 'data-view__entry'}>
            <dt>{list ? `#${key}` : key}</dt>
            <dd>
              <Value value={v} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
      {rest > 0 && (
        <button type="button" className="button button--small" onClick={() => setShown((n) => n + CHUNK)}>
          Show {Math.min(rest, CHUNK)} more of {rest}
        </button>
      )}
    </>
  );
}

/** Children render only while open, so a huge collapsed branch costs nothing. */
function Collapsible({ summary, initiallyOpen, children }: { summary: string; initiallyOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details className="data-view__branch" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}

function TextValue({ text }: { text: string }) {
  const [full, setFull] = useState(false);
  if (text === '') return <span className="data-view__null">(empty text)</span>;
  if (full || text.length <= LONG_TEXT) return <span className="data-view__string">{text}</span>;
  return (
    <span className="data-view__string">
      {text.slice(0, LONG_TEXT)}…{' '}
      <button type="button" className="button button--small" onClick={() => setFull(true)}>
        Show all ({text.length.toLocaleString()} characters)
      </button>
    </span>
  );
}

/** Objects and lists with content nest below their key, so deep trees do not shrink to a sliver. */
function isBranch(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
