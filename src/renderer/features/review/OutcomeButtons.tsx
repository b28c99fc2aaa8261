import { useId } from 'react';
import type { Form, Outcome } from '../../../shared/protocol';
import { outcomesOf } from '../../../shared/protocol';
import { useAppStore } from '../../store';

/** The first outcome is the usual one (approve); reject-like ones look dangerous. */
function buttonClass(outcome: Outcome, index: number): string {
  const base = 'button outcome';
  if (/reject|deny|decline/i.test(outcome.value)) return `${base} button--danger`;
  return index === 0 ? `${base} button--primary` : base;
}

/** `1`..`9` choose the outcome in that place; the first also answers Ctrl/Cmd+Enter. */
function keysFor(index: number): string | undefined {
  if (index > 8) return undefined;
  return index === 0 ? '1 Control+Enter Meta+Enter' : String(index + 1);
}

export function OutcomeButtons({ form, lockedReason }: { form: Form; lockedReason: string | null }) {
  const submitting = useAppStore((s) => s.submitting);
  const problem = useAppStore((s) => s.decisionProblem);
  const submitDecision = useAppStore((s) => s.submitDecision);
  const id = useId();
  const outcomes = outcomesOf(form);
  const needComment = outcomes.filter((o) => o.requires_comment);

  return (
    <div className="outcomes">
      <div className="outcomes__buttons" role="group" aria-label="Outcome">
        {outcomes.map((o, i) => (
          <button
            key={o.value}
            type="button"
            className={buttonClass(o, i)}
            disabled={lockedReason !== null || submitting !== null}
            aria-keyshortcuts={keysFor(i)}
            aria-describedby={lockedReason ? `${id}-locked` : o.requires_comment ? `${id}-needs-comment` : undefined}
            onClick={() => void submitDecision(o.value)}
          >
            {/* The number is a visual hint; aria-keyshortcuts tells assistive technology. */}
            {i < 9 && (
              <kbd className="outcome__key" aria-hidden="true">
                {i + 1}
              </kbd>
            )}
            <span className="outcome__label">{submitting === o.value ? `${o.label}…` : o.label}</span>
          </button>
        ))}
      </div>
      {lockedReason && (
        <p id={`${id}-locked`} className="field__help">
          {lockedReason}
        </p>
      )}
      {!lockedReason && (
        <p id={`${id}-needs-comment`} className="field__help">
          {needComment.length > 0 && (
            <>
              {needComment.map((o) => o.label).join(', ')} {needComment.length === 1 ? 'needs' : 'need'} a comment.{' '}
            </>
          )}
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> chooses {outcomes[0]?.label ?? 'the first outcome'}.
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
