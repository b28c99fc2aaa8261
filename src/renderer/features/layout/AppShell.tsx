import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { AddAccountDialog } from '../accounts/AddAccountDialog';
import { useDesktopNotifications } from '../notifications/use-desktop-notifications';
import { OutboxPage } from '../outbox/OutboxPage';
import { QueueScreen } from '../queue/QueueScreen';
import { SettingsPage } from '../settings/SettingsPage';
import { StatsPage } from '../stats/StatsPage';
import { CacheNoticeBanner } from '../sync/CacheNoticeBanner';
import { AppHeader } from './AppHeader';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useShortcuts } from './use-shortcuts';

/** The signed-in workspace: header with the navigation, then one screen (queue + review, outbox, statistics or settings). */
export function AppShell() {
  const screen = useAppStore((s) => s.screen);
  const shortcutsOpen = useAppStore((s) => s.shortcutsOpen);
  const addAccountOpen = useAppStore((s) => s.addAccountOpen);
  const startLiveUpdates = useAppStore((s) => s.startLiveUpdates);
  const watchOutbox = useAppStore((s) => s.watchOutbox);
  const ensureQueue = useAppStore((s) => s.ensureQueue);
  const loadSyncStatus = useAppStore((s) => s.loadSyncStatus);
  const loadTags = useAppStore((s) => s.loadTags);
  const loadCacheNotice = useAppStore((s) => s.loadCacheNotice);
  useShortcuts();
  useDesktopNotifications();

  useEffect(() => {
    // Subscribe first so a change landing during the first query is not missed.
    const stop = startLiveUpdates();
    const stopOutbox = watchOutbox();
    void ensureQueue(); // the session has usually asked for it already
    void loadSyncStatus();
    void loadTags();
    void loadCacheNotice();
    return () => {
      stop();
      stopOutbox();
    };
  }, [startLiveUpdates, watchOutbox, ensureQueue, loadSyncStatus, loadTags, loadCacheNotice]);

  return (
    <>
      <div className="shell" inert={shortcutsOpen || addAccountOpen}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <CacheNoticeBanner />
        <main id="main" className="shell__main" tabIndex={-1}>
          {screen === 'queue' && <QueueScreen />}
          {screen === 'outbox' && <OutboxPage />}
          {screen === 'stats' && <StatsPage />}
          {screen === 'settings' && <SettingsPage />}
        </main>
      </div>
      {shortcutsOpen && <ShortcutsDialog />}
      <AddAccountDialog />
    </>
  );
}
