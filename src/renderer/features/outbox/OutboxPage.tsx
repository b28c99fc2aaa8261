import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { ConflictView } from './ConflictView';
import { OutboxItem } from './OutboxItem';

/**
 * Everything the server has not settled: what needs the reviewer first
 * (conflicts, refused values), then what waits to be sent, oldest first.
 */
export function OutboxPage() {
  const status = useAppStore((s) => s.outboxStatus);
  const error = useAppStore((s) => s.outboxError);
  const outbox = useAppStore((s) => s.outbox);
  const conflictKey = useAppStore((s) => s.conflictKey);
  const loadOutbox = useAppStore((s) => s.loadOutbox);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void loadOutbox();
  }, [loadOutbox]);
  useEffect(() => {
    if (conflictKey === null) headingRef.current?.focus();
  }, [conflictKey]);

  const conflict = conflictKey ? outbox?.items.find((i) => i.key === conflictKey && i.state === 'conflict') : undefined;
  if (conflict) return <ConflictView entry={conflict} />;

  const attention = outbox?.items.filter((i) => i.state !== 'unsent') ?? [];
  const waiting = outbox?.items.filter((i) => i.state === 'unsent') ?? [];

  return (
    <div className="page outbox-page">
      <div className="page__head">
        <h1 ref={headingRef} tabIndex={-1} className="page__title">
          Outbox
        </h1>
        {outbox && (
          <p className="muted outbox-page__summary">
            {outbox.counts.conflict + outbox.counts.parked} need attention · {outbox.counts.unsent} waiting to be sent
          </p>
        )}
      </div>
      {status === 'error' && error && (
        <div className="notice notice--danger" role="alert">
          <p>Couldn&rsquo;t read the outbox. {describeError(error)}</p>
          <button type="button" className="button" onClick={() => void loadOutbox()}>
            Retry
          </button>
        </div>
      )}
      {(status === 'loading' || status === 'idle') && !outbox && (
        <p className="muted" role="status">
          Loading the outbox…
        </p>
      )}
      {outbox && outbox.total === 0 && (
        <div className="empty-state">
          <p className="queue__state-title">Nothing waiting — everything you did has reached the server.</p>
          <p className="muted">Decisions, tag changes and hand-backs made offline wait here until they are sent.</p>
        </div>
      )}
      {attention.length > 0 && (
        <section className="outbox-section" aria-labelledby="outbox-attention">
          <h2 id="outbox-attention" className="outbox-section__title">
            Needs your attention <span className="count-badge count-badge--danger">{attention.length}</span>
          </h2>
          <ul className="outbox-list">
            {attention.map((e) => (
              <OutboxItem key={e.key} entry={e} />
            ))}
          </ul>
        </section>
      )}
      {waiting.length > 0 && (
        <section className="outbox-section" aria-labelledby="outbox-waiting">
          <h2 id="outbox-waiting" className="outbox-section__title">
            Waiting to be sent <span className="count-badge">{waiting.length}</span>
          </h2>
          <p className="muted">These go by themselves at the next sync; nothing to do.</p>
          <ul className="outbox-list">
            {waiting.map((e) => (
              <OutboxItem key={e.key} entry={e} />
            ))}
          </ul>
        </section>
      )}
      {outbox && outbox.total > outbox.items.length && (
        <p className="muted">
          Showing {outbox.items.length} of {outbox.total}.
        </p>
      )}
    </div>
  );
}
