import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store';
import { NotificationList } from './NotificationList';
import './notifications.css';

/**
 * The header's bell: the unread count in its name ("Notifications, 3 unread")
 * and a non-modal popover with the list. Opening it marks everything read;
 * Esc or a click elsewhere closes it, and focus comes back to the bell.
 */
export function NotificationBell() {
  const unread = useAppStore((s) => s.notifications.reduce((n, e) => n + (e.read ? 0 : 1), 0));
  const open = useAppStore((s) => s.notificationsOpen);
  const setOpen = useAppStore((s) => s.setNotificationsOpen);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const titleId = useId();

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && e.target instanceof Node && !rootRef.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, setOpen]);

  // Signing out unmounts the bell: the next sign-in starts with the list closed.
  useEffect(() => () => setOpen(false), [setOpen]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Escape' || !open) return;
    // Esc here closes the list only; the workspace's own Esc (review → queue) must not run too.
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  }

  const name = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div ref={rootRef} className="bell" onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--quiet button--small bell__button"
        aria-label={name}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        <svg className="bell__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <path d="M8 1.5a4 4 0 0 0-4 4v2.7L2.6 10.6a.6.6 0 0 0 .5.9h9.8a.6.6 0 0 0 .5-.9L12 8.2V5.5a4 4 0 0 0-4-4Zm-1.8 11a1.8 1.8 0 0 0 3.6 0Z" />
        </svg>
        {unread > 0 && (
          <span className="count-badge count-badge--danger bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} className="bell__panel" role="dialog" aria-labelledby={titleId}>
          <h2 id={titleId} className="bell__title" tabIndex={-1} data-autofocus>
            Notifications
          </h2>
          <NotificationList />
        </div>
      )}
    </div>
  );
}
