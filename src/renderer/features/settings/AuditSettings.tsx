import { useId } from 'react';
import { useAppStore } from '../../store';

/** The audit log of local decisions and edits, saved as a file for whoever asks for it. */
export function AuditSettings() {
  const exporting = useAppStore((s) => s.exporting);
  const exportAudit = useAppStore((s) => s.exportAudit);
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Audit log</h2>
      <p className="muted">
        Every decision, undo, tag change and hand-back made on this computer, with when it reached the server.
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void exportAudit('json')} disabled={exporting !== null}>
          {exporting === 'json' ? 'Exporting…' : 'Export audit log (JSON)'}
        </button>
        <button type="button" className="button" onClick={() => void exportAudit('csv')} disabled={exporting !== null}>
          {exporting === 'csv' ? 'Exporting…' : 'Export audit log (CSV)'}
        </button>
      </div>
    </section>
  );
}
