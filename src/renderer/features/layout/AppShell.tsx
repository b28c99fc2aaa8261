import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { QueueScreen } from '../queue/QueueScreen';
import { SettingsPage } from '../settings/SettingsPage';
import { StatsPage } from '../stats/StatsPage';
import { AppHeader } from './AppHeader';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useShortcuts } from './use-shortcuts';

/** The signed-in workspace: header with the navigation, then one screen (queue + review, statistics or settings). */
export function AppShell() {
  const screen = useAppStore((s) => s.screen);
  const shortcutsOpen = useAppStore((s) => s.shortcutsOpen);
  const startLiveUpdates = useAppStore((s) => s.startLiveUpdates);
  const loadQueue = useAppStore((s) => s.loadQueue);
  const loadSyncStatus = useAppStore((s) => s.loadSyncStatus);
  useShortcuts();

  useEffect(() => {
    // Subscribe first so a change landing during the first query is not missed.
    const stop = startLiveUpdates();
    void loadQueue();
    void loadSyncStatus();
    return stop;
  }, [startLiveUpdates, loadQueue, loadSyncStatus]);

  return (
    <>
      <div className="shell" inert={shortcutsOpen}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <main id="main" className="shell__main" tabIndex={-1}>
          {screen === 'queue' && <QueueScreen />}
          {screen === 'stats' && <StatsPage />}
          {screen === 'settings' && <SettingsPage />}
        </main>
      </div>
      {shortcutsOpen && <ShortcutsDialog />}
    </>
  );
}
