import { useAppStore } from '../../store';
import { ReviewPlaceholder } from '../review/ReviewPlaceholder';
import { ReviewView } from '../review/ReviewView';
import { QueuePane } from './QueuePane';

/**
 * The queue beside the opened assignment. On narrow windows CSS shows one
 * pane at a time, the review replacing the queue.
 */
export function QueueScreen() {
  const reviewOpen = useAppStore((s) => s.openId !== null);
  return (
    <div className={reviewOpen ? 'workbench workbench--review-open' : 'workbench'}>
      <section className="queue-pane" aria-labelledby="queue-title">
        <QueuePane />
      </section>
      <section id="review-pane" className="review-pane" aria-label="Review" tabIndex={-1}>
        {reviewOpen ? <ReviewView /> : <ReviewPlaceholder />}
      </section>
    </div>
  );
}
