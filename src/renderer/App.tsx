import { useEffect } from 'react';
import { useAppStore } from './store';
import { describeError } from './store/error-words';
import { AppShell } from './features/layout/AppShell';
import { applyTheme } from './features/layout/theme';
import { ErrorBoundary } from './features/layout/ErrorBoundary';
import { Toasts } from './features/layout/Toasts';
import { WelcomeScreen } from './features/welcome/WelcomeScreen';

/** Picks the screen from the session: splash, welcome (signed out) or the workspace. */
export function App() {
  const loadSession = useAppStore((s) => s.loadSession);
  const theme = useAppStore((s) => s.theme);
  const watchConnectivity = useAppStore((s) => s.watchConnectivity);
  useEffect(() => {
    void loadSession();
  }, [loadSession]);
  // From the start, signed in or not: main keeps the page's word for the next session's engine.
  useEffect(() => watchConnectivity(), [watchConnectivity]);
  useEffect(() => applyTheme(theme), [theme]);

  return (
    <>
      <ErrorBoundary>
        <Screen />
      </ErrorBoundary>
      <Toasts />
    </>
  );
}

function Screen() {
  const status = useAppStore((s) => s.session?.status ?? null);
  const accountKey = useAppStore((s) => (s.session?.status === 'signed_in' ? s.session.account.key : null));
  // Keyed by account: switching accounts starts a fresh workspace (queue, subscriptions) for the new one.
  if (status === 'signed_in') return <AppShell key={accountKey} />;
  if (status === 'signed_out') return <WelcomeScreen />;
  return <Splash />;
}

/** Before `session:get` answers; if it fails, says why and offers a retry. */
function Splash() {
  const error = useAppStore((s) => s.sessionError);
  const loadSession = useAppStore((s) => s.loadSession);
  return (
    <main className="splash" aria-labelledby="splash-title">
      <h1 id="splash-title" className="welcome__title">
        Reviewdesk
      </h1>
      {error ? (
        <div className="notice notice--danger" role="alert">
          <p>Reviewdesk could not start. {describeError(error)}</p>
          <button type="button" className="button" onClick={() => void loadSession()}>
            Try again
          </button>
        </div>
      ) : (
        <p role="status" className="muted">
          Loading…
        </p>
      )}
    </main>
  );
}
