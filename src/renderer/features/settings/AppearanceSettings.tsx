import { useId } from 'react';
import { useAppStore } from '../../store';
import type { Theme } from '../../store/persist';

const THEME_CHOICES: { value: Theme; label: string; help: string }[] = [
  { value: 'light', label: 'Light', help: '' },
  { value: 'dark', label: 'Dark', help: '' },
  { value: 'system', label: 'Follow system', help: 'Light or dark as your computer is set.' },
];

/** Theme and the review view's remembered panels; applied at once and remembered on this computer. */
export function AppearanceSettings() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const guidelinesOpen = useAppStore((s) => s.guidelinesOpen);
  const setGuidelinesOpen = useAppStore((s) => s.setGuidelinesOpen);
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Appearance</h2>
      <fieldset className="settings-choices">
        <legend>Theme</legend>
        {THEME_CHOICES.map((c) => (
          <div key={c.value} className="choice">
            <input
              id={`${id}-${c.value}`}
              type="radio"
              name={`${id}-theme`}
              value={c.value}
              checked={theme === c.value}
              onChange={() => setTheme(c.value)}
              aria-describedby={c.help ? `${id}-${c.value}-help` : undefined}
            />
            <label htmlFor={`${id}-${c.value}`}>{c.label}</label>
            {c.help && (
              <span id={`${id}-${c.value}-help`} className="muted choice__help">
                {c.help}
              </span>
            )}
          </div>
        ))}
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={guidelinesOpen} onChange={(e) => setGuidelinesOpen(e.target.checked)} />
        <span>Show the form&rsquo;s guidelines beside each review</span>
      </label>
    </section>
  );
}
