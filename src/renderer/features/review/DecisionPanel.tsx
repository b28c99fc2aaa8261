import { useId, useMemo } from 'react';
import { validateValues, type FieldErrors } from '../../../shared/forms';
import { outcomesOf } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { DynamicForm } from '../forms';
import { COMMENT_ID } from '../layout/shortcuts';
import { GuidelinesPanel } from './GuidelinesPanel';
import { lockReason } from './lock-reason';
import { OutcomeButtons } from './OutcomeButtons';

const NO_ERRORS: FieldErrors = {};

/** The form, the comment and the outcome buttons. */
export function DecisionPanel() {
  const view = useAppStore((s) => s.view);
  const values = useAppStore((s) => s.draftValues);
  const comment = useAppStore((s) => s.draftComment);
  const showAllErrors = useAppStore((s) => s.showAllErrors);
  const problem = useAppStore((s) => s.decisionProblem);
  const submitting = useAppStore((s) => s.submitting);
  const removed = useAppStore((s) => s.removedWhileOpen);
  const setDraftValues = useAppStore((s) => s.setDraftValues);
  const setDraftComment = useAppStore((s) => s.setDraftComment);
  const id = useId();

  const form = view?.form ?? null;
  const liveErrors = useMemo(() => (form ? validateValues(form.schema, values) : NO_ERRORS), [form, values]);
  // Field errors from the last refused click (or the server) join the live ones until the next edit.
  const errors = useMemo(() => mergeErrors(liveErrors, problem?.fields), [liveErrors, problem]);

  if (!view) return null;
  if (!form) {
    return (
      <section className="decision decision--placeholder" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>Decision</h3>
        <p className="notice notice--info">
          The form for this assignment (“{view.assignment.form.id}”, version {view.assignment.form.version}) has not been
          downloaded yet. It will appear here after the next successful sync.
        </p>
      </section>
    );
  }

  const locked = lockReason(view, removed);
  const commentErrors = errors['/comment'] ?? [];
  const commentRequired = outcomesOf(form).some((o) => o.requires_comment);

  return (
    <section className="decision" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{form.title || 'Decision'}</h3>
      <GuidelinesPanel instructions={form.instructions} />
      <DynamicForm
        form={form}
        values={values}
        onChange={setDraftValues}
        errors={errors}
        showAllErrors={showAllErrors}
        disabled={locked !== null || submitting !== null}
      />
      <div className="field">
        <div className="field__head">
          <label htmlFor={COMMENT_ID}>Comment</label>
          <kbd aria-hidden="true">c</kbd>
        </div>
        <textarea
          id={COMMENT_ID}
          aria-keyshortcuts="c"
          rows={3}
          value={comment}
          onChange={(e) => setDraftComment(e.target.value)}
          disabled={locked !== null || submitting !== null}
          aria-invalid={commentErrors.length > 0 ? true : undefined}
          aria-describedby={`${id}-comment-help`}
        />
        <p id={`${id}-comment-help`} className={commentErrors.length > 0 ? 'field__error' : 'field__help'}>
          {commentErrors.length > 0
            ? commentErrors.join(' ')
            : commentRequired
              ? 'Some outcomes need a comment saying why.'
              : 'Optional.'}
        </p>
      </div>
      <OutcomeButtons form={form} lockedReason={locked} />
      <DraftStatus />
    </section>
  );
}

const DRAFT_WORDS = {
  idle: '',
  restored: 'Draft restored',
  saving: 'Saving draft…',
  saved: 'Draft saved',
  error: 'Draft not saved',
} as const;

/** Quiet word on the autosave, and the way to throw the draft away. */
function DraftStatus() {
  const state = useAppStore((s) => s.draftSave);
  const hasDecision = useAppStore((s) => s.view?.decision != null && s.view.decision.state !== 'sent');
  const discardDraft = useAppStore((s) => s.discardDraft);
  const kept = state === 'restored' || state === 'saved' || state === 'saving';
  return (
    <div className="draft-status">
      {/* A polite status: the reviewer hears it once, without interrupting. */}
      <span className={state === 'error' ? 'draft-status__text is-error' : 'draft-status__text'} role="status">
        {DRAFT_WORDS[state]}
      </span>
      {kept && !hasDecision && (
        <button type="button" className="link-button" onClick={() => void discardDraft()}>
          Discard draft
        </button>
      )}
    </div>
  );
}

function mergeErrors(live: FieldErrors, extra: FieldErrors | undefined): FieldErrors {
  if (!extra || Object.keys(extra).length === 0) return live;
  const merged: FieldErrors = { ...live };
  for (const [path, messages] of Object.entries(extra)) {
    merged[path] = [...new Set([...(merged[path] ?? []), ...messages])];
  }
  return merged;
}
