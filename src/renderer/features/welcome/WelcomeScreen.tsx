import { useAppStore } from '../../store';
import { KnownAccounts } from '../accounts/KnownAccounts';
import { ConnectForm } from './ConnectForm';
import { DemoChoice } from './DemoChoice';

/** Shown while signed out: what the app is, and the two ways in. */
export function WelcomeScreen() {
  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <div className="welcome__intro">
        <h1 id="welcome-title" className="welcome__title">
          Reviewdesk
        </h1>
        <p className="welcome__tagline">
          Approve, correct or reject what AI systems propose — quickly, and even when you are offline.
        </p>
      </div>
      <div className="welcome__choices">
        <KnownAccounts />
        <ConnectForm />
        <DemoChoice />
      </div>
      <SessionProblem />
    </main>
  );
}

/** A failure of `session:get` itself (not of connecting), e.g. the local database. */
function SessionProblem() {
  const error = useAppStore((s) => (s.lastSessionAttempt === 'loading' && s.sessionBusy === null ? s.sessionError : null));
  if (!error) return null;
  return (
    <p className="notice notice--danger" role="alert">
      {error.message}
    </p>
  );
}
