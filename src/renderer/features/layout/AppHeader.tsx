import { useAppStore } from '../../store';
import { SyncStatusBar } from '../sync/SyncStatusBar';

/** Shows "host:port" rather than the whole API path: that is what reviewers recognise. */
function serverName(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

export function AppHeader() {
  const account = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account : null));
  const signingOut = useAppStore((s) => s.sessionBusy === 'sign_out');
  const signOut = useAppStore((s) => s.signOut);

  return (
    <header className="app-header">
      <span className="app-header__brand">Reviewdesk</span>
      <SyncStatusBar />
      {account && (
        <div className="app-header__account">
          <span className="app-header__name">{account.displayName || account.username}</span>
          <span className="app-header__server" title={account.baseUrl}>
            {serverName(account.baseUrl)}
          </span>
          {account.demo && <span className="badge badge--accent">Demo</span>}
          <button type="button" className="button button--quiet" onClick={() => void signOut()} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </header>
  );
}
