import { errorMessage, errorRequestId } from '../../api/api-error';
import { Button } from '../Button/Button';

export interface QueryErrorProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failed load: the API's message, its request id for support, and a retry. */
export function QueryError({ error, title = "We couldn't load this", onRetry }: QueryErrorProps) {
  const requestId = errorRequestId(error);
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title}</p>
      <p>{errorMessage(error)}</p>
      {requestId && (
        <p className="alert__meta">
          Reference: <code>{requestId}</code>
        </p>
      )}
      {onRetry && (
        <Button variant="secondary" size="small" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
