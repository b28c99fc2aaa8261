import { useEffect, useRef, type ReactNode } from 'react';
import type { Assignment } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { DueCountdown } from '../layout/DueCountdown';
import { PRIORITY_LABELS, STATUS_LABELS, projectLabel } from '../layout/labels';
import { TagChip } from '../layout/TagChip';
import { useNow } from '../layout/use-now';
import { HandBackButton } from './HandBack';

/** Title and the facts of the assignment, with the way back to the queue. */
export function ReviewHeader({ assignment }: { assignment: Assignment }) {
  const closeReview = useAppStore((s) => s.closeReview);
  const projectNames = useAppStore((s) => s.projectNames);
  const me = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account.userId : null));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const now = useNow();
  const open = assignment.status === 'pending' || assignment.status === 'in_progress';

  // Screen readers announce the newly opened assignment; keyboard users start from it.
  useEffect(() => {
    headingRef.current?.focus();
  }, [assignment.id]);

  return (
    <header className="review-header">
      <div className="review-header__top">
        <button
          type="button"
          className="button button--quiet button--small review-header__back"
          onClick={closeReview}
          aria-keyshortcuts="Escape"
        >
          <span aria-hidden="true">← </span>Back to queue <kbd aria-hidden="true">Esc</kbd>
        </button>
        <span className="review-header__end">
          <HandBackButton />
          <span className="muted review-header__id">#{assignment.id}</span>
        </span>
      </div>
      <h2 id="review-title" ref={headingRef} tabIndex={-1} className="review-header__title">
        {assignment.title || `Assignment ${assignment.id}`}
      </h2>
      <dl className="review-header__facts">
        <Fact term="Project">{projectLabel(assignment.project, projectNames)}</Fact>
        <Fact term="Kind">{assignment.kind}</Fact>
        <Fact term="Priority">
          <span className={`badge badge--priority-${assignment.priority}`}>{PRIORITY_LABELS[assignment.priority]}</span>
        </Fact>
        <Fact term="Status">
          <span className={`badge badge--status badge--status-${assignment.status}`}>{STATUS_LABELS[assignment.status]}</span>
        </Fact>
        <Fact term="Due">
          {open ? <DueCountdown dueAt={assignment.due_at} now={now} emptyText="No deadline" /> : <span className="muted">—</span>}
        </Fact>
        <Fact term="Assignee">
          {assignment.assignee === null ? 'Unassigned' : assignment.assignee === me ? 'You' : `User ${assignment.assignee}`}
        </Fact>
        <Fact term="Tags">
          {assignment.tags.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <span className="tag-list">
              {assignment.tags.map((t) => (
                <TagChip key={t} id={t} />
              ))}
            </span>
          )}
        </Fact>
      </dl>
    </header>
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
