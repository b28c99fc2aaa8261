import { useState } from 'react';
import { useAppStore } from '../../store';
import { Modal } from '../layout/Modal';
import { ConnectForm } from '../welcome/ConnectForm';
import { describeAccount } from './account-words';
import { TokenPrompt } from './TokenPrompt';

/**
 * "Add account…" while signed in: sign in to another server (it becomes the
 * active account; this one stays on the computer, its work kept), or sign
 * back in to a known account whose token is not at hand.
 */
export function AddAccountDialog() {
  const open = useAppStore((s) => s.addAccountOpen);
  const setOpen = useAppStore((s) => s.setAddAccountOpen);
  const all = useAppStore((s) => s.accounts);
  const accounts = all.filter((a) => !a.active && !a.hasToken);
  const [asking, setAsking] = useState<string | null>(null);
  if (!open) return null;
  const target = accounts.find((a) => a.key === asking) ?? null;
  return (
    <Modal title="Add account" onClose={() => setOpen(false)}>
      {accounts.length > 0 && (
        <section className="stack" aria-label="Sign in again">
          <h3>Sign in again</h3>
          {target ? (
            <TokenPrompt account={target} onCancel={() => setAsking(null)} />
          ) : (
            <ul className="account-list">
              {accounts.map((a) => (
                <li key={a.key} className="account-list__item">
                  <span>{describeAccount(a)}</span>
                  <button type="button" className="button button--small" onClick={() => setAsking(a.key)}>
                    Sign in…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ConnectForm title="Connect to another server" />
    </Modal>
  );
}
