import { useAppStore } from '../../store';
import { NotificationBell } from '../notifications/NotificationBell';
import { SyncStatusBar } from '../sync/SyncStatusBar';
import { MainNav } from './MainNav';

export function AppHeader() {
  const account = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account : null));
  const setShortcutsOpen = useAppStore((s) => s.setShortcutsOpen);

  return (
    <header className="app-header">
      <span className="app-header__brand">Reviewdesk</span>
      <MainNav />
      <SyncStatusBar />
      <div className="app-header__end">
        {account && (
          <span className="app-header__account" title={account.baseUrl}>
            {account.displayName || account.username}
            {account.demo && <span className="badge badge--accent">Demo</span>}
          </span>
        )}
        <NotificationBell />
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setShortcutsOpen(true)}
          aria-keyshortcuts="?"
        >
          Shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
      </div>
    </header>
  );
}
