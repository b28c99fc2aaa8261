import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { BACKEND_LABELS } from '../../../shared/backends';
import { describeAccount } from '../accounts/account-words';

/** Who is signed in where, and the way out. */
export function AccountSettings() {
  const account = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account : null));
  const signingOut = useAppStore((s) => s.sessionBusy === 'sign_out');
  const signOut = useAppStore((s) => s.signOut);
  const accounts = useAppStore((s) => s.accounts);
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const removeAccount = useAppStore((s) => s.removeAccount);
  const setAddAccountOpen = useAppStore((s) => s.setAddAccountOpen);
  useEffect(() => void loadAccounts(), [loadAccounts]);
  if (!account) return null;
  const others = accounts.filter((a) => a.key !== account.key);
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
        <div>
          <dt>Kind</dt>
          <dd>{BACKEND_LABELS[account.backend]}</dd>
        </div>
      </dl>
      {account.demo && (
        <p className="muted">This is the practice server on this computer: nothing you decide here leaves your machine.</p>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void signOut()} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setAddAccountOpen(true)}>
          Add account…
        </button>
      </div>
      {others.length > 0 && (
        <>
          <h3>Other accounts on this computer</h3>
          <p className="muted">Each keeps its own offline copy and unsent work. Switch from the account menu in the header.</p>
          <ul className="account-list">
            {others.map((a) => (
              <li key={a.key} className="account-list__item">
                <span>
                  {describeAccount(a)}
                  {!a.hasToken && <span className="muted"> · signed out</span>}
                </span>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`Remove ${describeAccount(a)} from this computer`}
                  onClick={() => void removeAccount(a.key)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
