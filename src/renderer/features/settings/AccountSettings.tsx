import { useAppStore } from '../../store';

/** Who is signed in where, and the way out. */
export function AccountSettings() {
  const account = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account : null));
  const signingOut = useAppStore((s) => s.sessionBusy === 'sign_out');
  const signOut = useAppStore((s) => s.signOut);
  if (!account) return null;
  return (
    <section className="settings-section" aria-labelledby="settings-account">
      <h2 id="settings-account">Account</h2>
      <dl className="settings-facts">
        <div>
          <dt>Name</dt>
          <dd>
            {account.displayName || account.username}
            {account.demo && <span className="badge badge--accent">Demo</span>}
          </dd>
        </div>
        <div>
          <dt>Username</dt>
          <dd>{account.username}</dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd className="settings-facts__url">{account.baseUrl}</dd>
        </div>
      </dl>
      {account.demo && (
        <p className="muted">This is the practice server on this computer: nothing you decide here leaves your machine.</p>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void signOut()} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </section>
  );
}
