import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { describeAccount } from './account-words';

/**
 * The signed-in account in the header, opening onto the other accounts on
 * this computer, "Add account…" and "Sign out". A disclosure of plain
 * buttons: Tab reaches each, Esc closes and returns focus to the toggle.
 */
export function AccountMenu() {
  const account = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account : null));
  const accounts = useAppStore((s) => s.accounts);
  const busy = useAppStore((s) => s.sessionBusy);
  const switchAccount = useAppStore((s) => s.switchAccount);
  const setAddAccountOpen = useAppStore((s) => s.setAddAccountOpen);
  const signOut = useAppStore((s) => s.signOut);
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    void loadAccounts();
    const onDown = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !toggle.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, loadAccounts]);

  if (!account) return null;
  const others = accounts.filter((a) => a.key !== account.key);
  const close = (then?: () => void) => {
    setOpen(false);
    then?.();
  };

  return (
    <div
      className="account-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button button--quiet button--small app-header__account"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        title={describeAccount(account)}
        onClick={() => setOpen((o) => !o)}
      >
        {account.displayName || account.username}
        {account.demo && <span className="badge badge--accent">Demo</span>}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div ref={panel} id={`${id}-panel`} className="account-menu__panel" role="group" aria-label="Accounts">
          <p className="account-menu__current">{describeAccount(account)}</p>
          {others.length > 0 && (
            <ul className="account-menu__list">
              {others.map((a) => (
                <li key={a.key}>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={busy !== null}
                    onClick={() => close(() => (a.hasToken ? void switchAccount(a.key) : setAddAccountOpen(true)))}
                  >
                    Switch to {describeAccount(a)}
                    {!a.hasToken && ' (sign in again)'}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="account-menu__actions">
            <button type="button" className="button button--small" onClick={() => close(() => setAddAccountOpen(true))}>
              Add account…
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={busy !== null}
              onClick={() => close(() => void signOut())}
            >
              Sign out
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
