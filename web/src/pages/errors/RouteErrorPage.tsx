import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorFallback } from '../../components/ErrorFallback/ErrorFallback';
import { NotFoundPage } from './NotFoundPage';

/**
 * The router's errorElement. `standalone` when the layout itself failed: then this page brings its own main
 * landmark.
 */
export function RouteErrorPage({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  const content = isRouteErrorResponse(error) && error.status === 404 ? <NotFoundPage /> : <ErrorFallback error={error} />;
  if (!standalone) return content;
  return (
    <main id="main" className="main container" tabIndex={-1}>
      {content}
    </main>
  );
}
