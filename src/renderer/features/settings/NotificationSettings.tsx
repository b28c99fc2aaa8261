import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store';
import { pauseState } from '../notifications/pause';
import { requestWebNotifications, webNotificationState, type WebNotificationState } from '../notifications/web-notifications';

/** The contract's bound on the lead time: a week. */
const MAX_LEAD_MINUTES = 7 * 24 * 60;

const WEB_WORDS: Record<WebNotificationState, string> = {
  electron: 'Reviewdesk shows them as your system’s notifications.',
  unsupported: 'This browser cannot show desktop notifications; they still appear under the bell.',
  default: 'They appear under the bell. This browser can also show them on your desktop.',
  granted: 'They appear under the bell and on your desktop.',
  denied: 'This browser blocks desktop notifications from Reviewdesk; allow them in its site settings to see them there.',
};

/**
 * Main's notification settings (on/off, high priority only, the due-soon
 * lead), the pause, and whether this browser may show Web Notifications.
 * The pause is read from main's tray model, so the page and the tray agree
 * and a pause set from the tray menu (or before a restart) shows here too.
 */
export function NotificationSettings() {
  const settings = useAppStore((s) => s.appSettings?.notifications ?? null);
  const saving = useAppStore((s) => s.settingsSaving);
  const saveSettings = useAppStore((s) => s.saveSettings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const loadTray = useAppStore((s) => s.loadTray);
  const tray = useAppStore((s) => s.tray);
  const pauseBusy = useAppStore((s) => s.pauseBusy);
  const pauseNotifications = useAppStore((s) => s.pauseNotifications);
  const id = useId();
  const [lead, setLead] = useState('');
  const [web, setWeb] = useState<WebNotificationState>(webNotificationState);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    void loadSettings();
    void loadTray();
  }, [loadSettings, loadTray]);
  const savedLead = settings?.dueSoonLeadMinutes;
  useEffect(() => {
    if (savedLead !== undefined) setLead(String(savedLead));
  }, [savedLead]);

  const leadNumber = Number(lead);
  const leadValid = lead.trim() !== '' && Number.isInteger(leadNumber) && leadNumber >= 0 && leadNumber <= MAX_LEAD_MINUTES;
  const pause = pauseState(tray);

  function onLead(e: FormEvent) {
    e.preventDefault();
    if (leadValid) void saveSettings({ notifications: { dueSoonLeadMinutes: leadNumber } });
  }

  async function askBrowser() {
    setAsking(true);
    setWeb(await requestWebNotifications());
    setAsking(false);
  }

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Notifications</h2>
      {!settings && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {settings && (
        <>
          <label className="choice">
            <input
              type="checkbox"
              checked={settings.enabled}
              disabled={saving}
              onChange={(e) => void saveSettings({ notifications: { enabled: e.target.checked } })}
            />
            <span>Notify me about new work, due dates and decisions that need me</span>
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={settings.highPriorityOnly}
              disabled={saving}
              onChange={(e) => void saveSettings({ notifications: { highPriorityOnly: e.target.checked } })}
              aria-describedby={`${id}-high-help`}
            />
            <span>Only for high and critical priority work</span>
          </label>
          <p id={`${id}-high-help`} className="field__help">
            Refused decisions, conflicts and an expired sign-in are always told.
          </p>
          <form className="field" onSubmit={onLead} noValidate>
            <label htmlFor={`${id}-lead`}>Remind me before due (minutes)</label>
            <div className="settings-inline">
              <input
                id={`${id}-lead`}
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_LEAD_MINUTES}
                step={5}
                value={lead}
                onChange={(e) => setLead(e.target.value)}
                aria-invalid={leadValid ? undefined : true}
                aria-describedby={`${id}-lead-help`}
              />
              <button type="submit" className="button button--small" disabled={saving || !leadValid}>
                Save reminder
              </button>
            </div>
            <p id={`${id}-lead-help`} className={leadValid ? 'field__help' : 'field__error'}>
              {leadValid
                ? '0 turns the reminder off; overdue work is still told.'
                : `Enter a whole number of minutes from 0 to ${MAX_LEAD_MINUTES}.`}
            </p>
          </form>
        </>
      )}
      <div className="field" role="group" aria-labelledby={`${id}-pause`}>
        <p id={`${id}-pause`} className="notify-settings__label">
          Pause
        </p>
        <p role="status" className="muted notify-settings__status">
          {pause.paused ? `${pause.label}.` : 'Notifications are not paused.'}
        </p>
        <div className="settings-inline">
          {pause.paused ? (
            <button
              type="button"
              className="button button--small"
              disabled={pauseBusy}
              onClick={() => void pauseNotifications(null)}
            >
              Resume notifications
            </button>
          ) : (
            <>
              <button
                type="button"
                className="button button--small"
                disabled={pauseBusy}
                onClick={() => void pauseNotifications('hour')}
              >
                Pause for 1 hour
              </button>
              <button
                type="button"
                className="button button--small"
                disabled={pauseBusy}
                onClick={() => void pauseNotifications('tomorrow')}
              >
                Pause until tomorrow
              </button>
            </>
          )}
        </div>
      </div>
      <div className="field">
        <p className="notify-settings__label">On this computer&rsquo;s desktop</p>
        <p className="muted notify-settings__status">{WEB_WORDS[web]}</p>
        {web === 'default' && (
          <button type="button" className="button button--small" disabled={asking} onClick={() => void askBrowser()}>
            Show desktop notifications
          </button>
        )}
      </div>
    </section>
  );
}
