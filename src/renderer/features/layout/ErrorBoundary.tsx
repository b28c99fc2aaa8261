import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Last line of defence: a render error shows a readable page instead of a
 * blank window. Local work is safe in main's database, so reloading is harmless.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Reviewdesk renderer crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="crash" aria-labelledby="crash-title">
        <h1 id="crash-title">Something went wrong</h1>
        <p>Reviewdesk hit an unexpected problem and could not show this screen. Your decisions are saved on this computer.</p>
        <pre className="crash__message">{error.message || error.name}</pre>
        <div className="button-row">
          <button type="button" className="button button--primary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </main>
    );
  }
}
