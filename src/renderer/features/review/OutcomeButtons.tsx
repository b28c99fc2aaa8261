import { useId } from 'react';
import type { Form, Outcome } from '../../../shared/protocol';
import { outcomesOf } from '../../../shared/protocol';
import { useAppStore } from '../../store';

/** The first outcome is the usual one (approve); reject-like ones look dangerous. */
function buttonClass(outcome: Outcome, index: number): string {
  if (/reject|deny|decline/i.test(outcome.value)) return 'button button--danger';
  return index === 0 ? 'button button--primary' : 'button';
}

export function OutcomeButtons({ form, lockedReason }: { form: Form; lockedReason: string | null }) {
  const submitting = useAppStore((s) => s.submitting);
  const problem = useAppStore((s) => s.decisionProblem);
  const submitDecision = useAppStore((s) => s.submitDecision);
  const id = useId();
  const outcomes = outcomesOf(form);

  return (
    <div className="outcomes">
      <div className="button-row" role="group" aria-label="Outcome">
        {outcomes.map((o, i) => (
          <button
            key={o.value}
            type="button"
            className={buttonClass(o, i)}
            disabled={lockedReason !== null || submitting !== null}
            aria-describedby={lockedReason ? `${id}-locked` : o.requires_comment ? `${id}-needs-comment` : undefined}
            onClick={() => void submitDecision(o.value)}
          >
            {submitting === o.value ? `${o.label}…` : o.label}
          </button>
        ))}
      </div>
      {lockedReason && (
        <p id={`${id}-locked`} className="field__help">
          {lockedReason}
        </p>
      )}
      {!lockedReason && outcomes.some((o) => o.requires_comment) && (
        <p id={`${id}-needs-comment`} className="field__help">
          {outcomes
            .filter((o) => o.requires_comment)
            .map((o) => o.label)
            .join(', ')}{' '}
          {outcomes.filter((o) => o.requires_comment).length === 1 ? 'needs' : 'need'} a comment.
        </p>
      )}
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem.message}
        </p>
      )}
    </div>
  );
}
