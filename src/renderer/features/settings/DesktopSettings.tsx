import { useEffect, useId } from 'react';
import { useAppStore } from '../../store';

/**
 * What the desktop host does on this computer: start at login, and where its
 * log files are. Main reports each only where its host can do it (the
 * browser host has neither), so what cannot work is explained, not offered.
 */
export function DesktopSettings() {
  const startAtLogin = useAppStore((s) => s.appSettings?.startAtLogin);
  const logsFolder = useAppStore((s) => s.appSettings?.logsFolder);
  const loaded = useAppStore((s) => s.appSettings !== null);
  const saving = useAppStore((s) => s.settingsSaving);
  const saveSettings = useAppStore((s) => s.saveSettings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const openingLogs = useAppStore((s) => s.openingLogs);
  const openLogsFolder = useAppStore((s) => s.openLogsFolder);
  const id = useId();

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>This computer</h2>
      {!loaded && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {loaded && (
        <>
          {startAtLogin !== undefined ? (
            <>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={startAtLogin}
                  disabled={saving}
                  onChange={(e) => void saveSettings({ startAtLogin: e.target.checked })}
                  aria-describedby={`${id}-login-help`}
                />
                <span>Start Reviewdesk when I log in</span>
              </label>
              <p id={`${id}-login-help`} className="field__help">
                It starts in the tray, so new work can reach you; open the window from there.
              </p>
            </>
          ) : (
            <p className="muted">Starting at login is offered by the installed desktop app only.</p>
          )}
          <div className="field">
            <p className="notify-settings__label">Logs</p>
            {logsFolder ? (
              <>
                <p className="muted notify-settings__status">
                  Kept in <code>{logsFolder}</code>, a few files that replace each other as they fill. Tokens and passwords are
                  removed before anything is written.
                </p>
                <button
                  type="button"
                  className="button button--small"
                  disabled={openingLogs}
                  aria-busy={openingLogs}
                  onClick={() => void openLogsFolder()}
                >
                  Open logs folder
                </button>
              </>
            ) : (
              <p className="muted notify-settings__status">Reviewdesk here writes its log to the terminal it was started from.</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
