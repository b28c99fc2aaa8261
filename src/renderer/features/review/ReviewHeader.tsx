import { useEffect, useRef, type ReactNode } from 'react';
import type { Assignment } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { PRIORITY_LABELS, STATUS_LABELS } from '../layout/labels';
import { formatDateTime, formatDue } from '../layout/time-format';
import { useNow } from '../layout/use-now';

/** Title and the facts of the assignment, with the way back to the queue. */
export function ReviewHeader({ assignment }: { assignment: Assignment }) {
  const closeReview = useAppStore((s) => s.closeReview);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const now = useNow();
  const due = formatDue(assignment.due_at, now);

  // Screen readers announce the newly opened assignment; keyboard users start from it.
  useEffect(() => {
    headingRef.current?.focus();
  }, [assignment.id]);

  return (
    <div className="review-header">
      <button type="button" className="button button--quiet review-header__back" onClick={closeReview} aria-keyshortcuts="Escape">
        <span aria-hidden="true">← </span>Back to queue <kbd aria-hidden="true">Esc</kbd>
      </button>
      <h2 id="review-title" ref={headingRef} tabIndex={-1} className="review-header__title">
        {assignment.title || `Assignment ${assignment.id}`}
      </h2>
      <dl className="review-header__facts">
        <Fact term="Kind">{assignment.kind}</Fact>
        <Fact term="Project">{assignment.project}</Fact>
        <Fact term="Priority">
          <span className={`badge badge--priority-${assignment.priority}`}>{PRIORITY_LABELS[assignment.priority]}</span>
        </Fact>
        <Fact term="Status">{STATUS_LABELS[assignment.status]}</Fact>
        <Fact term="Due">
          {due ? (
            <span
              className={due.overdue ? 'due due--overdue' : due.soon ? 'due due--soon' : 'due'}
              title={formatDateTime(assignment.due_at)}
            >
              {due.text}
            </span>
          ) : (
            'No deadline'
          )}
        </Fact>
        <Fact term="Version">{assignment.version}</Fact>
      </dl>
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="review-header__fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
