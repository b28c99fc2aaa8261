/**
 * Text-like fields: a one-line input typed by `format`, a textarea, or a
 * markdown textarea with a sanitized preview. Emptying the input removes the
 * key, because an empty input means "not filled in".
 */
import { useState, type JSX } from 'react';
import { asString } from '../../../../shared/forms/json';
import { Markdown } from '../Markdown';
import type { ControlProps } from './types';

const INPUT_TYPES: Record<string, string> = { date: 'date', 'date-time': 'datetime-local', email: 'email', uri: 'url' };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** '2026-11-21T12:00:00.000Z' → the reviewer's local '2026-11-21T13:00' for datetime-local. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const base = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() === 0 ? base : `${base}:${pad(d.getSeconds())}`;
}

/** The reviewer's local time from datetime-local → ISO in UTC with Z (protocol: times). */
export function localInputToIso(local: string): string | undefined {
  // A date-time without an offset is local time (ECMA-262 Date.parse).
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function StringField(p: ControlProps): JSX.Element {
  const { field, ids, describedBy, invalid, disabled, onChange } = p;
  const text = typeof p.value === 'string' ? p.value : '';
  const common = {
    id: ids.control,
    placeholder: field.placeholder,
    disabled,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': field.required || undefined,
  };
  if (field.widget === 'textarea' || field.widget === 'markdown') {
    const area = (
      <textarea
        {...common}
        className="rf-input rf-textarea"
        rows={field.widget === 'markdown' ? 6 : 4}
        value={text}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
    );
    if (field.widget === 'textarea') return area;
    return (
      <div className="rf-markdown">
        {area}
        {text.trim() !== '' && (
          <div className="rf-md-preview">
            <div className="rf-md-caption">Preview</div>
            <Markdown source={text} />
          </div>
        )}
      </div>
    );
  }
  if (field.schema.writeOnly === true) return <SecretInput {...p} common={common} text={text} />;
  const format = asString(field.schema.format) ?? '';
  const type = INPUT_TYPES[format] ?? 'text';
  if (type === 'datetime-local') {
    return (
      <input
        {...common}
        type="datetime-local"
        className="rf-input"
        value={text === '' ? '' : isoToLocalInput(text)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : localInputToIso(e.target.value))}
      />
    );
  }
  return (
    <input
      {...common}
      type={type}
      className="rf-input"
      value={text}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

/**
 * A secret (writeOnly: an API key, a password): masked unless the reviewer
 * asks to see it, never offered to autofill, never spell-checked (which
 * could send it to a dictionary service). Never kept in drafts (main strips it).
 */
function SecretInput(p: ControlProps & { common: Record<string, unknown>; text: string }): JSX.Element {
  const [shown, setShown] = useState(false);
  return (
    <div className="rf-secret">
      <input
        {...p.common}
        type={shown ? 'text' : 'password'}
        className="rf-input"
        autoComplete="off"
        spellCheck={false}
        value={p.text}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <button
        type="button"
        className="button button--quiet button--small"
        aria-pressed={shown}
        aria-controls={p.ids.control}
        disabled={p.disabled}
        onClick={() => setShown((v) => !v)}
      >
        {shown ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}
