import { useEffect, useRef } from 'react';
import { AccountSettings } from './AccountSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { AuditSettings } from './AuditSettings';
import { DesktopSettings } from './DesktopSettings';
import { NotificationSettings } from './NotificationSettings';
import { SyncSettings } from './SyncSettings';

/**
 * The account, sync and offline files (main's settings), the audit export,
 * notifications and their pause, start at login and the logs (where the host
 * can), and how the workbench looks (remembered on this computer by the
 * renderer).
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
      <SyncSettings />
      <NotificationSettings />
      <DesktopSettings />
      <AppearanceSettings />
      <AuditSettings />
    </div>
  );
}
