import { useId, useState } from 'react';
import { useAppStore } from '../../store';
import { describeAccount } from './account-words';
import { TokenPrompt } from './TokenPrompt';

/**
 * The accounts already on this computer, on the welcome screen: one click
 * back in (the token is asked for only when it is not at hand).
 */
export function KnownAccounts() {
  const accounts = useAppStore((s) => s.accounts);
  const busy = useAppStore((s) => s.sessionBusy);
  const switchAccount = useAppStore((s) => s.switchAccount);
  const [asking, setAsking] = useState<string | null>(null);
  const id = useId();
  if (accounts.length === 0) return null;
  return (
    <section className="card welcome__card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your accounts</h2>
      <ul className="account-list">
        {accounts.map((a) => (
          <li key={a.key} className="account-list__item">
            <span>{describeAccount(a)}</span>
            {asking === a.key ? (
              <TokenPrompt account={a} onCancel={() => setAsking(null)} />
            ) : (
              <button
                type="button"
                className="button button--small"
                disabled={busy !== null}
                aria-label={`Open ${describeAccount(a)}`}
                onClick={() => (a.hasToken ? void switchAccount(a.key) : setAsking(a.key))}
              >
                {a.hasToken ? 'Open' : 'Sign in…'}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
