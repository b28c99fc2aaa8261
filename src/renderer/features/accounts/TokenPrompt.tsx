import { useId, useState, type FormEvent } from 'react';
import type { AccountEntry } from '../../../shared/contract';
import { useAppStore } from '../../store';

/** Signing in again to a known account whose token is not at hand: only the token is asked. */
export function TokenPrompt({ account, onCancel }: { account: AccountEntry; onCancel(): void }) {
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState(false);
  const busy = useAppStore((s) => s.sessionBusy);
  const error = useAppStore((s) => (s.lastSessionAttempt === 'switch' && s.sessionBusy === null ? s.sessionError : null));
  const switchAccount = useAppStore((s) => s.switchAccount);
  const id = useId();
  const working = busy === 'switch';

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMissing(!token.trim());
    if (token.trim()) void switchAccount(account.key, token);
  }

  const problem = missing ? 'Enter your token' : error?.message;
  return (
    <form className="stack token-prompt" onSubmit={onSubmit} noValidate aria-busy={working}>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token for {account.displayName || account.username}</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          readOnly={working}
        />
        {problem && (
          <p id={`${id}-error`} className="field__error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy !== null}>
          {working ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
