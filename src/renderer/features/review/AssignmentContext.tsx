import type { Assignment } from '../../../shared/protocol';
import { PreviousDecisionSchema, type PreviousDecision } from '../../../shared/protocol';
import { formatDateTime } from '../layout/time-format';
import { DataView } from './DataView';

/** Below this the model is unsure enough that the reviewer should look twice. */
export const LOW_CONFIDENCE = 0.7;

/** Confidence, earlier rounds, files and the rest of the metadata, around the data itself. */
export function ConfidenceMeter({ metadata }: { metadata: Assignment['metadata'] }) {
  const raw = metadata.confidence;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  // Backends send 0..1; tolerate a percentage.
  const fraction = raw > 1 && raw <= 100 ? raw / 100 : raw;
  const low = fraction < LOW_CONFIDENCE;
  return (
    <div className={low ? 'confidence confidence--low' : 'confidence'}>
      <span className="confidence__label">Model confidence</span>
      <span className="confidence__value">{Math.round(fraction * 100)}%</span>
      <meter
        className="confidence__meter"
        min={0}
        max={1}
        low={LOW_CONFIDENCE}
        optimum={1}
        value={fraction}
        aria-label="Model confidence"
      />
      {low && <span className="confidence__warning">Low — check carefully</span>}
    </div>
  );
}

/** `metadata.previous_decisions`, skipping entries that do not parse. */
export function PreviousDecisions({ metadata }: { metadata: Assignment['metadata'] }) {
  const raw = metadata.previous_decisions;
  if (!Array.isArray(raw)) return null;
  const rounds = raw
    .map((r) => PreviousDecisionSchema.safeParse(r))
    .filter((r) => r.success)
    .map((r) => r.data as PreviousDecision);
  if (rounds.length === 0) return null;
  return (
    <section className="review-section" aria-labelledby="history-title">
      <h3 id="history-title">Earlier decisions</h3>
      <ol className="history">
        {rounds.map((r, i) => (
          <li key={i} className="history__item">
            <div className="history__head">
              <strong>{r.outcome}</strong>
              {r.decided_at && <span className="muted"> · {formatDateTime(r.decided_at)}</span>}
            </div>
            {r.comment && <p className="history__comment">{r.comment}</p>}
            {r.values && Object.keys(r.values).length > 0 && (
              <details>
                <summary>Values</summary>
                <DataView value={r.values} />
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function formatBytes(size: number | undefined): string {
  if (size === undefined) return 'size unknown';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** "Image", "PDF"…: what kind of preview the file will get once cached. */
export function fileKind(mime: string | undefined): string {
  if (!mime) return 'File';
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('audio/')) return 'Audio';
  if (mime.startsWith('video/')) return 'Video';
  if (mime === 'application/pdf') return 'PDF';
  if (mime.startsWith('text/') || mime === 'application/json') return 'Text';
  return 'File';
}

/** Whatever else the backend put in metadata (model name, trace ids…), collapsed. */
export function OtherMetadata({ metadata }: { metadata: Assignment['metadata'] }) {
  // project_name is already in the header as the project.
  const shown = new Set(['confidence', 'previous_decisions', 'project_name']);
  const rest = Object.fromEntries(Object.entries(metadata).filter(([k]) => !shown.has(k)));
  if (Object.keys(rest).length === 0) return null;
  return (
    <details className="review-section">
      <summary>Metadata</summary>
      <DataView value={rest} />
    </details>
  );
}
