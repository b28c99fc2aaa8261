import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store';
import { errorHeadline } from '../../store/error-words';
import { BackendFields } from '../accounts/BackendFields';
import { backendConfigFrom, EMPTY_BACKEND_FORM, type BackendFormErrors, type BackendFormValues } from '../accounts/backend-form';

const URL_PLACEHOLDER: Record<BackendFormValues['type'], string> = {
  native: 'https://review.example.com/api/v1',
  synapse: 'https://synapse.example.com/api',
  hitl: 'https://agents.example.com',
};

/**
 * The kind of server, its URL, the token, and the settings that kind needs.
 * Values live in local state so a failed attempt keeps what the reviewer
 * typed; the error shown is main's message for the code.
 */
export function ConnectForm({ title = 'Connect to a server' }: { title?: string }) {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [backend, setBackend] = useState<BackendFormValues>(EMPTY_BACKEND_FORM);
  const [backendErrors, setBackendErrors] = useState<BackendFormErrors>({});
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
    const checked = backendConfigFrom(backend);
    setBackendErrors('errors' in checked ? checked.errors : {});
    if (next.url || next.token || 'errors' in checked) return;
    void connect({ url, token, ...(checked.config.type === 'native' ? {} : { backend: checked.config }) });
  }

  return (
    <section className="card welcome__card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted">Use the address and token your review team gave you.</p>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={connecting}>
        <BackendFields
          id={`${id}-backend`}
          values={backend}
          errors={backendErrors}
          disabled={connecting}
          onChange={(patch) => setBackend((b) => ({ ...b, ...patch }))}
        />
        <div className="field">
          <label htmlFor={`${id}-url`}>Server URL</label>
          <input
            id={`${id}-url`}
            name="url"
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder={URL_PLACEHOLDER[backend.type]}
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
