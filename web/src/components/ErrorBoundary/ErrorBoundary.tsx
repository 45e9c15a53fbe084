import { Component, type ReactNode } from 'react';
import { ErrorFallback } from '../ErrorFallback/ErrorFallback';

interface State {
  error: unknown;
  failed: boolean;
}

/**
 * Last line of defence around the whole app (route errors are handled by the router's errorElement).
 * Logging is left to createRoot's onCaughtError in main.tsx, which logs no PHI.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <main id="main" className="main container" tabIndex={-1}>
          <ErrorFallback error={this.state.error} />
        </main>
      );
    }
    return this.props.children;
  }
}
