import { useId, useState } from 'react';
import type { TagAction } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { tagLabel } from '../layout/labels';

/**
 * Shown while rows are checked: how many, and bulk tag changes on them
 * (queued in the outbox, sent when online like everything else).
 */
export function SelectionBar() {
  const count = useAppStore((s) => s.checked.size);
  const tagOrder = useAppStore((s) => s.tagOrder);
  const tagsById = useAppStore((s) => s.tagsById);
  const tagging = useAppStore((s) => s.tagging);
  const bulkTag = useAppStore((s) => s.bulkTag);
  const clearChecked = useAppStore((s) => s.clearChecked);
  const [tag, setTag] = useState<number | null>(null);
  const id = useId();
  if (count === 0) return null;
  const chosen = tag ?? tagOrder[0] ?? null;
  const run = (action: TagAction) => {
    if (chosen !== null) void bulkTag(chosen, action);
  };
  return (
    <section className="selection-bar" aria-label="Checked assignments">
      <span className="selection-bar__count" role="status">
        {count} checked
      </span>
      {tagOrder.length > 0 ? (
        <>
          <label className="selection-bar__tag" htmlFor={`${id}-tag`}>
            <span>Tag</span>
            <select id={`${id}-tag`} value={chosen ?? ''} onChange={(e) => setTag(Number(e.target.value))}>
              {tagOrder.map((t) => (
                <option key={t} value={t}>
                  {tagLabel(t, tagsById)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button--small" onClick={() => run('add')} disabled={tagging}>
            Add tag
          </button>
          <button type="button" className="button button--small" onClick={() => run('remove')} disabled={tagging}>
            Remove tag
          </button>
        </>
      ) : (
        <span className="muted">No tags known yet (they arrive with a sync).</span>
      )}
      <button type="button" className="button button--quiet button--small" onClick={clearChecked}>
        Clear
      </button>
    </section>
  );
}
