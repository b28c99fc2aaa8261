import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store';
import { errorHeadline } from '../../store/error-words';

/**
 * Server URL + token. Values live in local state so a failed attempt keeps
 * what the reviewer typed; the error shown is main's message for the code.
 */
export function ConnectForm() {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState<{ url?: string; token?: string }>({});
  const busy = useAppStore((s) => s.sessionBusy);
  const error = useAppStore((s) => s.sessionError);
  const lastAttempt = useAppStore((s) => s.lastSessionAttempt);
  const connect = useAppStore((s) => s.connect);
  const id = useId();

  const connecting = busy === 'connect';
  const shownError = lastAttempt === 'connect' && busy === null ? error : null;
  const urlError = missing.url ?? shownError?.fields?.['/url']?.[0];
  const tokenError = missing.token ?? shownError?.fields?.['/token']?.[0];

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // Same words as the contract's schema, without a round trip for the obvious case.
    const next = {
      ...(url.trim() ? {} : { url: 'Enter the server URL' }),
      ...(token.trim() ? {} : { token: 'Enter your token' }),
    };
    setMissing(next);
    if (next.url || next.token) return;
    void connect(url, token);
  }

  return (
    <section className="card welcome__card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Connect to a server</h2>
      <p className="muted">Use the address and token your review team gave you.</p>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={connecting}>
        <div className="field">
          <label htmlFor={`${id}-url`}>Server URL</label>
          <input
            id={`${id}-url`}
            name="url"
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://review.example.com/api/v1"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${id}-url-error` : undefined}
            readOnly={connecting}
          />
          {urlError && (
            <p id={`${id}-url-error`} className="field__error">
              {urlError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-token`}>Token</label>
          <input
            id={`${id}-token`}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={tokenError ? true : undefined}
            aria-describedby={tokenError ? `${id}-token-error` : undefined}
            readOnly={connecting}
          />
          {tokenError && (
            <p id={`${id}-token-error`} className="field__error">
              {tokenError}
            </p>
          )}
        </div>
        {shownError && (
          <div className="notice notice--danger" role="alert">
            <strong>{errorHeadline(shownError.code)}</strong> {shownError.message}
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {connecting ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
    </section>
  );
}
