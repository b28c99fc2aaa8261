import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { formatBytes } from '../review/AssignmentContext';

const SECRET_WORDS: Record<string, string> = {
  'os-keyring': 'in your system’s keyring (encrypted by the operating system)',
  'weak-keyring': 'in the system keyring without a secret service: stored with weak protection, as you accepted',
  'user-only-file': 'in a file in Reviewdesk’s data folder that only your user account can read',
  memory: 'in memory only, for this run: you will be asked to sign in again after a restart',
};

const INTERVALS = [
  { ms: 15_000, label: 'Every 15 seconds' },
  { ms: 30_000, label: 'Every 30 seconds' },
  { ms: 60_000, label: 'Every minute' },
  { ms: 5 * 60_000, label: 'Every 5 minutes' },
  { ms: 15 * 60_000, label: 'Every 15 minutes' },
  { ms: 60 * 60_000, label: 'Every hour' },
];

const MB = 1024 * 1024;

/** Sync interval and the offline file cache's budget (main's settings), with what the cache holds now. */
export function SyncSettings() {
  const settings = useAppStore((s) => s.appSettings);
  const status = useAppStore((s) => s.settingsStatus);
  const error = useAppStore((s) => s.settingsError);
  const saving = useAppStore((s) => s.settingsSaving);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const saveSettings = useAppStore((s) => s.saveSettings);
  const id = useId();
  const [budgetMb, setBudgetMb] = useState('');

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  useEffect(() => {
    if (settings) setBudgetMb(String(Math.round(settings.fileBudgetBytes / MB)));
  }, [settings]);

  const budgetNumber = Number(budgetMb);
  const budgetValid = budgetMb.trim() !== '' && Number.isInteger(budgetNumber) && budgetNumber >= 0 && budgetNumber <= 100 * 1024;
  const intervals =
    settings && !INTERVALS.some((i) => i.ms === settings.syncIntervalMs)
      ? [...INTERVALS, { ms: settings.syncIntervalMs, label: `Every ${Math.round(settings.syncIntervalMs / 1000)} seconds` }]
      : INTERVALS;

  function onBudget(e: FormEvent) {
    e.preventDefault();
    if (budgetValid) void saveSettings({ fileBudgetBytes: budgetNumber * MB });
  }

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sync and offline files</h2>
      {status === 'error' && error && (
        <div className="notice notice--danger" role="alert">
          <p>Couldn&rsquo;t read the settings. {describeError(error)}</p>
          <button type="button" className="button button--small" onClick={() => void loadSettings()}>
            Retry
          </button>
        </div>
      )}
      {!settings && status !== 'error' && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {settings && (
        <>
          <div className="field">
            <label htmlFor={`${id}-interval`}>Check the server</label>
            <select
              id={`${id}-interval`}
              value={settings.syncIntervalMs}
              disabled={saving}
              onChange={(e) => void saveSettings({ syncIntervalMs: Number(e.target.value) })}
              aria-describedby={`${id}-interval-help`}
            >
              {intervals.map((i) => (
                <option key={i.ms} value={i.ms}>
                  {i.label}
                </option>
              ))}
            </select>
            <p id={`${id}-interval-help`} className="field__help">
              While the server&rsquo;s live updates are connected, changes arrive at once anyway; this is the fallback.
            </p>
          </div>
          <form className="field" onSubmit={onBudget} noValidate>
            <label htmlFor={`${id}-budget`}>Offline file cache budget (MB)</label>
            <div className="settings-inline">
              <input
                id={`${id}-budget`}
                type="number"
                inputMode="numeric"
                min={0}
                step={50}
                value={budgetMb}
                onChange={(e) => setBudgetMb(e.target.value)}
                aria-invalid={budgetValid ? undefined : true}
                aria-describedby={`${id}-budget-help`}
              />
              <button type="submit" className="button button--small" disabled={saving || !budgetValid}>
                Save
              </button>
            </div>
            <p id={`${id}-budget-help`} className={budgetValid ? 'field__help' : 'field__error'}>
              {budgetValid
                ? `Using ${formatBytes(settings.fileCacheUsedBytes)} of ${formatBytes(settings.fileBudgetBytes)}. Files of assignments on screen are never removed; 0 keeps none.`
                : 'Enter a whole number of megabytes, 0 or more.'}
            </p>
          </form>
          <dl className="settings-facts">
            <div>
              <dt>Your sign-in token</dt>
              <dd>Kept {SECRET_WORDS[settings.secretStorage] ?? `as “${settings.secretStorage}”`}.</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
