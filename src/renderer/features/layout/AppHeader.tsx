import { useAppStore } from '../../store';
import { AccountMenu } from '../accounts/AccountMenu';
import { NotificationBell } from '../notifications/NotificationBell';
import { SyncStatusBar } from '../sync/SyncStatusBar';
import { MainNav } from './MainNav';

export function AppHeader() {
  const setShortcutsOpen = useAppStore((s) => s.setShortcutsOpen);

  return (
    <header className="app-header">
      <span className="app-header__brand">Reviewdesk</span>
      <MainNav />
      <SyncStatusBar />
      <div className="app-header__end">
        <AccountMenu />
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
