import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';

/**
 * How many assignments match. Shown always; announced to screen readers only
 * when new filters or a search finished loading, not on every quiet refresh.
 */
export function QueueCount() {
  const total = useAppStore((s) => s.total);
  const status = useAppStore((s) => s.queueStatus);
  const listKey = useAppStore((s) => s.listKey);
  const [announcement, setAnnouncement] = useState('');
  const announcedKey = useRef(0);

  useEffect(() => {
    if (status !== 'ready' || listKey === announcedKey.current) return;
    announcedKey.current = listKey;
    setAnnouncement(`${total.toLocaleString()} ${total === 1 ? 'assignment matches' : 'assignments match'}`);
  }, [status, listKey, total]);

  return (
    <>
      <span className="queue__count muted">
        {status === 'ready' || total > 0 ? `${total.toLocaleString()} ${total === 1 ? 'assignment' : 'assignments'}` : ''}
      </span>
      <span className="sr-only" role="status">
        {announcement}
      </span>
    </>
  );
}
