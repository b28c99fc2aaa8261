import { useId } from 'react';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';

/** The embedded demo backend: a safe place to learn the app with generated work. */
export function DemoChoice() {
  const busy = useAppStore((s) => s.sessionBusy);
  const error = useAppStore((s) => s.sessionError);
  const lastAttempt = useAppStore((s) => s.lastSessionAttempt);
  const startDemo = useAppStore((s) => s.startDemo);
  const id = useId();
  const starting = busy === 'demo';
  const shownError = lastAttempt === 'demo' && busy === null ? error : null;

  return (
    <section className="card welcome__card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Try the demo</h2>
      <p className="muted">
        Starts a practice server on this computer with made-up assignments. Nothing you decide leaves your machine.
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={busy !== null} aria-busy={starting} onClick={() => void startDemo()}>
          {starting ? 'Starting the demo server…' : 'Try the demo'}
        </button>
      </div>
      {shownError && (
        <p className="notice notice--danger" role="alert">
          Could not start the demo. {describeError(shownError)}
        </p>
      )}
    </section>
  );
}
