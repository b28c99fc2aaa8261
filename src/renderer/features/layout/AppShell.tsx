import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { QueuePane } from '../queue/QueuePane';
import { ReviewPlaceholder } from '../review/ReviewPlaceholder';
import { ReviewView } from '../review/ReviewView';
import { AppHeader } from './AppHeader';
import { useShortcuts } from './use-shortcuts';

/**
 * The signed-in workspace: header, queue (nav) and review (main). On narrow
 * windows CSS shows one pane at a time, the review replacing the queue.
 */
export function AppShell() {
  const reviewOpen = useAppStore((s) => s.openId !== null);
  const startLiveUpdates = useAppStore((s) => s.startLiveUpdates);
  const loadQueue = useAppStore((s) => s.loadQueue);
  const loadSyncStatus = useAppStore((s) => s.loadSyncStatus);
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcuts(searchRef);

  useEffect(() => {
    // Subscribe first so a change landing during the first query is not missed.
    const stop = startLiveUpdates();
    void loadQueue();
    void loadSyncStatus();
    return stop;
  }, [startLiveUpdates, loadQueue, loadSyncStatus]);

  return (
    <div className={reviewOpen ? 'shell shell--review-open' : 'shell'}>
      <a className="skip-link" href="#review-pane">
        Skip to review
      </a>
      <AppHeader />
      <div className="shell__body">
        <nav className="queue-pane" aria-label="Queue">
          <QueuePane searchRef={searchRef} />
        </nav>
        <main id="review-pane" className="review-pane" tabIndex={-1}>
          {reviewOpen ? <ReviewView /> : <ReviewPlaceholder />}
        </main>
      </div>
    </div>
  );
}
