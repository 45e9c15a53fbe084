import { useEffect } from 'react';
import { errorRequestId } from '../../api/api-error';
import { PRODUCT_NAME } from '../../config';

/**
 * "Something went wrong", with the API's request id when there is one (support can find the request by it).
 * Uses plain links, not the router: it may be shown when the router itself failed.
 */
export function ErrorFallback({ error }: { error: unknown }) {
  const requestId = errorRequestId(error);
  useEffect(() => {
    document.title = `Something went wrong – ${PRODUCT_NAME}`;
  }, []);
  return (
    <div className="page-head error-page">
      <h1>Something went wrong</h1>
      <p className="lead">Sorry, this page couldn't be shown. Please try again. If it keeps happening, contact your practice.</p>
      {requestId && (
        <p>
          Reference for support: <code>{requestId}</code>
        </p>
      )}
      <p className="button-row">
        <a className="button button--primary" href={typeof window === 'undefined' ? '/' : window.location.pathname}>
          Try again
        </a>
        <a className="button button--secondary" href="/">
          Go to the home page
        </a>
      </p>
    </div>
  );
}
