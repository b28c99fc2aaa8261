import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { ConfidenceMeter, OtherMetadata, PreviousDecisions } from './AssignmentContext';
import { DataView } from './DataView';
import { DecisionBanner } from './DecisionBanner';
import { DecisionPanel } from './DecisionPanel';
import { FileList } from './FilePreviews';
import { HandBackConfirm } from './HandBack';
import { ReviewHeader } from './ReviewHeader';

/** The opened assignment: what the AI system produced, then the reviewer's decision. */
export function ReviewView() {
  const status = useAppStore((s) => s.reviewStatus);
  const error = useAppStore((s) => s.reviewError);
  const assignment = useAppStore((s) => s.view?.assignment ?? null);
  const openId = useAppStore((s) => s.openId);
  const openAssignment = useAppStore((s) => s.openAssignment);
  const closeReview = useAppStore((s) => s.closeReview);

  if (status === 'error' && error) {
    return (
      <div className="review review--state notice notice--danger" role="alert">
        <p>Couldn&rsquo;t open this assignment. {describeError(error)}</p>
        <div className="button-row">
          {openId !== null && (
            <button type="button" className="button" onClick={() => void openAssignment(openId)}>
              Retry
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={closeReview}>
            Back to queue
          </button>
        </div>
      </div>
    );
  }

  if (!assignment) {
    return (
      <p className="review review--state muted" role="status">
        Loading assignment…
      </p>
    );
  }

  return (
    <article className="review" aria-labelledby="review-title">
      <ReviewHeader assignment={assignment} />
      <HandBackConfirm />
      <DecisionBanner />
      <div className="review__columns">
        <div className="review__context">
          <ConfidenceMeter metadata={assignment.metadata} />
          <section className="review-section" aria-labelledby="data-title">
            <h3 id="data-title">Data</h3>
            <DataView value={assignment.data} />
          </section>
          <FileList files={assignment.files} />
          <PreviousDecisions metadata={assignment.metadata} />
          <OtherMetadata metadata={assignment.metadata} />
        </div>
        <DecisionPanel />
      </div>
    </article>
  );
}
