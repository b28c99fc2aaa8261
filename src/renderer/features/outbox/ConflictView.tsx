import { useEffect, useRef, type ReactNode } from 'react';
import type { OutboxEntry } from '../../../shared/contract';
import type { Assignment } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { STATUS_LABELS } from '../layout/labels';
import { formatDateTime } from '../layout/time-format';
import { DataView } from '../review/DataView';
import { diffData, shortValue, type Change } from './diff';

const CHANGE_WORDS: Record<Change['kind'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/**
 * A conflict: the reviewer's decision beside the assignment as the server has
 * it now, with what changed since the reviewer decided; resubmit against the
 * new version (as is, or after editing in the form) or discard.
 */
export function ConflictView({ entry }: { entry: OutboxEntry }) {
  const server = entry.serverAssignment;
  const assignmentId = entry.assignmentIds[0] ?? 0;
  const local = useAppStore((s) => s.conflictLocal);
  const decidedOn = useAppStore((s) => s.decidedOn[entry.key] ?? null);
  const resolving = useAppStore((s) => s.resolving);
  const openConflict = useAppStore((s) => s.openConflict);
  const loadConflictLocal = useAppStore((s) => s.loadConflictLocal);
  const resubmit = useAppStore((s) => s.resubmitConflict);
  const discard = useAppStore((s) => s.discardRefused);
  const editRefused = useAppStore((s) => s.editRefused);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void loadConflictLocal(assignmentId);
    headingRef.current?.focus();
  }, [loadConflictLocal, assignmentId]);

  const decision = entry.decision;
  const localAssignment = local?.assignment.id === assignmentId ? local.assignment : null;
  const current = newer(server, localAssignment);
  // What the reviewer decided on: kept by main with the decision (so after a restart too), else remembered
  // from this run, else the local copy when it is older than the server's.
  const base =
    entry.decidedOn ??
    decidedOn ??
    (localAssignment && current && localAssignment.version < current.version
      ? { version: localAssignment.version, data: localAssignment.data }
      : null);
  const changes = base && current ? diffData(base.data, current.data) : null;
  const form = local?.form ?? null;
  const outcomeLabel = form?.outcomes.find((o) => o.value === decision?.outcome)?.label ?? decision?.outcome ?? '—';
  const busy = resolving !== null;
  const title = entry.title ?? current?.title ?? `Assignment ${assignmentId}`;

  return (
    <div className="page conflict-view">
      <button type="button" className="button button--quiet button--small" onClick={() => openConflict(null)}>
        <span aria-hidden="true">← </span>Back to the outbox
      </button>
      <div className="page__head">
        <h1 ref={headingRef} tabIndex={-1} className="page__title">
          Conflict: {title}
        </h1>
      </div>
      <p className="notice notice--warning">
        {entry.error?.message ?? 'The assignment changed on the server after you decided.'} Your decision was not recorded.
        Compare it with the server&rsquo;s current version, then resubmit it against that version or discard it.
      </p>

      <div className="conflict-view__columns">
        <section className="conflict-side" aria-labelledby="conflict-mine">
          <h2 id="conflict-mine" className="conflict-side__title">
            Your decision
          </h2>
          <dl className="conflict-facts">
            <Fact term="Outcome">
              <strong>{outcomeLabel}</strong>
            </Fact>
            <Fact term="Decided">{formatDateTime(decision?.createdAt ?? entry.createdAt)}</Fact>
            {base && <Fact term="On version">{base.version}</Fact>}
            <Fact term="Comment">{decision?.comment ? decision.comment : <span className="muted">None</span>}</Fact>
          </dl>
          <h3 className="conflict-side__sub">Values</h3>
          {decision && Object.keys(decision.values).length > 0 ? (
            <DataView value={decision.values} />
          ) : (
            <p className="muted">No values.</p>
          )}
        </section>

        <section className="conflict-side conflict-side--server" aria-labelledby="conflict-server">
          <h2 id="conflict-server" className="conflict-side__title">
            On the server now
          </h2>
          {current ? (
            <>
              <dl className="conflict-facts">
                <Fact term="Version">
                  <strong>{current.version}</strong>
                  {base && base.version !== current.version && <span className="muted"> (was {base.version})</span>}
                </Fact>
                <Fact term="Status">{STATUS_LABELS[current.status]}</Fact>
                <Fact term="Updated">{formatDateTime(current.updated_at)}</Fact>
              </dl>
              <h3 className="conflict-side__sub">What changed in the data</h3>
              <ChangeList changes={changes} />
              <details className="conflict-side__data">
                <summary>All of the server&rsquo;s data</summary>
                <DataView value={current.data} />
              </details>
            </>
          ) : (
            <p className="muted">The server&rsquo;s version is not known yet. Sync, then come back.</p>
          )}
        </section>
      </div>

      <div className="conflict-view__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || !current}
          onClick={() => void resubmit(entry.key)}
        >
          {resolving === entry.key
            ? 'Resubmitting…'
            : `Resubmit against the new version${current ? ` (v${current.version})` : ''}`}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void editRefused(entry)}>
          Edit in the form first
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => void discard(entry.key)}>
          Discard my decision
        </button>
      </div>
    </div>
  );
}

function ChangeList({ changes }: { changes: Change[] | null }) {
  if (changes === null) {
    return (
      <p className="muted">
        The version you decided on is not kept on this computer, so changes cannot be highlighted. Compare the data below.
      </p>
    );
  }
  if (changes.length === 0)
    return <p className="muted">The data is the same; something else changed (form, status or assignee).</p>;
  return (
    <table className="change-table">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">When you decided</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path} className={`change-table__row change-table__row--${c.kind}`}>
            <th scope="row">
              <code>{c.path}</code>
              <span className="sr-only"> ({CHANGE_WORDS[c.kind]})</span>
            </th>
            <td>{c.kind === 'added' ? <span className="muted">—</span> : <del>{shortValue(c.before)}</del>}</td>
            <td>{c.kind === 'removed' ? <span className="muted">removed</span> : <ins>{shortValue(c.after)}</ins>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function newer(a: Assignment | null, b: Assignment | null): Assignment | null {
  if (!a) return b;
  if (!b) return a;
  return b.version > a.version ? b : a;
}
