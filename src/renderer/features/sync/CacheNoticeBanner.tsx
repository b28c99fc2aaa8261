import { useAppStore } from '../../store';
import { formatDateTime } from '../layout/time-format';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Said once after main found the local cache damaged and rebuilt it; dismissed for good. */
export function CacheNoticeBanner() {
  const notice = useAppStore((s) => s.cacheNotice);
  const dismiss = useAppStore((s) => s.dismissCacheNotice);
  if (!notice) return null;
  const { decisions, drafts } = notice.carried;
  return (
    <section className="cache-notice notice notice--warning" aria-label="Local cache rebuilt">
      <p>
        Reviewdesk found its local cache damaged and rebuilt it from the server. Your{' '}
        {plural(decisions, 'unsent decision', 'unsent decisions')} and {plural(drafts, 'draft', 'drafts')} were kept.
      </p>
      <p className="muted cache-notice__detail">
        {formatDateTime(notice.at)} · The damaged copy was set aside at <code>{notice.movedTo}</code>.
      </p>
      <button type="button" className="button button--small" onClick={() => void dismiss()}>
        Dismiss
      </button>
    </section>
  );
}
