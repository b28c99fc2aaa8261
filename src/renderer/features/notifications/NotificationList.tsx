import type { NotificationKind } from '../../../shared/desktop';
import { useAppStore } from '../../store';
import type { NotificationEntry } from '../../store/notifications.slice';
import { useNow } from '../layout/use-now';
import { formatAgo, formatDateTime } from '../layout/time-format';

const KIND_LABEL: Record<NotificationKind, string> = {
  'new-work': 'New work',
  'urgent-work': 'Urgent',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  attention: 'Needs you',
  'sign-in-expired': 'Sign-in',
};

/** The newest notifications first; each is a button that goes where the notification points. */
export function NotificationList() {
  const notifications = useAppStore((s) => s.notifications);
  const openNotification = useAppStore((s) => s.openNotification);
  const current = useNow();

  if (notifications.length === 0) {
    return <p className="muted bell__empty">Nothing yet. New work, due dates and decisions that need you show up here.</p>;
  }
  return (
    <ul className="bell__list" aria-label="Latest notifications">
      {notifications.map((n) => (
        <li key={n.intent.id}>
          <button
            type="button"
            className={`bell__item bell__item--${n.intent.urgency}`}
            onClick={() => void openNotification(n.intent.id)}
          >
            <span className="bell__item-head">
              <span className="bell__kind">{KIND_LABEL[n.intent.kind]}</span>
              <When entry={n} now={current} />
            </span>
            <span className="bell__item-title">{n.intent.title}</span>
            <span className="bell__item-body">{n.intent.body}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function When({ entry, now }: { entry: NotificationEntry; now: number }) {
  if (entry.receivedAt === null) return <span className="bell__time">earlier</span>;
  const iso = new Date(entry.receivedAt).toISOString();
  return (
    <time className="bell__time" dateTime={iso} title={formatDateTime(iso)}>
      {formatAgo(iso, now)}
    </time>
  );
}
