import type { Form } from '../../../shared/protocol';
import type { LocalDecision } from '../../../shared/contract';
import { useAppStore } from '../../store';

function outcomeLabel(form: Form | null, outcome: string): string {
  return form?.outcomes.find((o) => o.value === outcome)?.label ?? outcome;
}

/** Where the reviewer's own decision on this assignment stands, and what changed under it. */
export function DecisionBanner() {
  const decision = useAppStore((s) => s.view?.decision ?? null);
  const form = useAppStore((s) => s.view?.form ?? null);
  const changed = useAppStore((s) => s.changedWhileOpen);
  const removed = useAppStore((s) => s.removedWhileOpen);
  return (
    <>
      {removed && (
        <p className="notice notice--warning" role="alert">
          This assignment is no longer in your queue (it was reassigned, cancelled or deleted).
        </p>
      )}
      {changed && !removed && (
        <p className="notice notice--warning">This assignment was updated on the server while you had it open.</p>
      )}
      {decision && <LocalDecisionNotice decision={decision} label={outcomeLabel(form, decision.outcome)} />}
    </>
  );
}

function LocalDecisionNotice({ decision, label }: { decision: LocalDecision; label: string }) {
  const openConflict = useAppStore((s) => s.openConflict);
  switch (decision.state) {
    case 'unsent':
      return (
        <p className="notice notice--info">
          Your decision “{label}” is saved on this computer and will be sent at the next sync. You can still change it.
        </p>
      );
    case 'sending':
      return <p className="notice notice--info">Sending your decision “{label}”…</p>;
    case 'sent':
      return <p className="notice notice--ok">Your decision “{label}” was sent.</p>;
    case 'conflict':
      return (
        <div className="notice notice--danger" role="alert">
          <p>
            <strong>The server did not accept your decision “{label}”.</strong>{' '}
            {decision.error?.message ?? 'The assignment changed on the server.'}
          </p>
          <p>
            Your values and comment are kept below. Check the current assignment, then choose an outcome to resubmit against the
            server&rsquo;s version{' '}
            <button type="button" className="link-button" onClick={() => openConflict(decision.decisionId)}>
              or compare and resolve it in the Outbox
            </button>
            .
          </p>
        </div>
      );
    case 'parked': {
      const fields = Object.entries(decision.error?.fields ?? {});
      return (
        <div className="notice notice--danger" role="alert">
          <p>
            <strong>The server refused the values of your decision “{label}”.</strong> {decision.error?.message ?? ''}
          </p>
          {fields.length > 0 && (
            <ul className="notice__fields">
              {fields.map(([path, messages]) => (
                <li key={path}>
                  <code>{path}</code>: {messages.join('; ')}
                </li>
              ))}
            </ul>
          )}
          <p>Fix the values and choose an outcome again to resend them.</p>
        </div>
      );
    }
  }
}
