import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider, type createBrowserRouter } from 'react-router';
import { SessionProvider } from './auth/session';
import { ErrorBoundary } from './components/ErrorBoundary/ErrorBoundary';

/** A browser router in production, a memory router in tests. */
export type AppRouter = ReturnType<typeof createBrowserRouter>;

export interface AppProps {
  queryClient: QueryClient;
  router: AppRouter;
  /** Overrides for tests; the defaults come from SESSION.idleSignOutMinutes. */
  idleTimeoutMs?: number;
  idleWarningMs?: number;
}

export function App({ queryClient, router, idleTimeoutMs, idleWarningMs }: AppProps) {
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <SessionProvider
          {...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {})}
          {...(idleWarningMs !== undefined ? { idleWarningMs } : {})}
        >
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
