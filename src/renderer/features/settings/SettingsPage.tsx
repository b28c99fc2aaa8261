import { useEffect, useRef } from 'react';
import { AccountSettings } from './AccountSettings';
import { AppearanceSettings } from './AppearanceSettings';

/**
 * Settings that exist today: the account and how the workbench looks.
 * Sync interval, file cache budget and notifications join when main has
 * channels for them (no placeholders until then).
 */
export function SettingsPage() {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="page page--narrow">
      <div className="page__head">
        <h1 ref={headingRef} tabIndex={-1} className="page__title">
          Settings
        </h1>
      </div>
      <AccountSettings />
      <AppearanceSettings />
    </div>
  );
}
