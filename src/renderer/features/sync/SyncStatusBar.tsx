import type { SyncPhase } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { formatAgo, formatDateTime } from '../layout/time-format';
import { useNow } from '../layout/use-now';

const PHASE_WORDS: Record<SyncPhase, string> = {
  idle: 'Online',
  syncing: 'Syncing…',
  offline: 'Offline',
  error: 'Sync error',
  signed_out: 'Signed out',
};

/** Always visible: whether work is flowing, when it last did, and what is waiting to go. */
export function SyncStatusBar() {
  const status = useAppStore((s) => s.syncStatus);
  const requested = useAppStore((s) => s.syncRequested);
  const syncNow = useAppStore((s) => s.syncNow);
  const setScreen = useAppStore((s) => s.setScreen);
  const now = useNow(15_000);

  const phase = status?.phase ?? null;
  const syncing = phase === 'syncing' || requested;
  const ago = formatAgo(status?.lastSyncAt ?? null, now);
  const live = status?.live === true && (phase === 'idle' || phase === 'syncing');

  return (
    <section className="sync-status" aria-label="Sync status">
      <span className={`sync-status__dot sync-status__dot--${phase ?? 'unknown'}`} aria-hidden="true" />
      {/* Only the phase is live: the ticking parts would be noise for a screen reader. */}
      <span className="sync-status__phase" role="status">
        {phase ? PHASE_WORDS[phase] : 'Checking…'}
      </span>
      {live && (
        <span className="sync-status__live" title="Connected to the server's event stream: changes arrive at once.">
          Live
        </span>
      )}
      {phase === 'syncing' && status && status.pulled > 0 && <span className="sync-status__detail">{status.pulled} changes</span>}
      {phase === 'error' && status?.lastError && (
        <span className="sync-status__error" title={status.lastError.message}>
          {describeError(status.lastError)}
        </span>
      )}
      {status && (
        <span className="sync-status__detail" title={formatDateTime(status.lastSyncAt)}>
          {ago ? `Last synced ${ago}` : 'Not synced yet'}
        </span>
      )}
      {status && (
        <span className={status.outboxPending > 0 ? 'sync-status__outbox has-pending' : 'sync-status__outbox'}>
          {status.outboxPending > 0 ? `${status.outboxPending} unsent` : 'All sent'}
        </span>
      )}
      {status && status.outboxAttention > 0 && (
        <button type="button" className="link-button sync-status__attention" onClick={() => setScreen('outbox')}>
          {status.outboxAttention} need attention
        </button>
      )}
      <button type="button" className="button button--small" onClick={() => void syncNow()} disabled={syncing}>
        Sync now
      </button>
    </section>
  );
}
