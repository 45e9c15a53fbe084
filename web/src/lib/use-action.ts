import { useCallback, useRef, useState } from 'react';

/**
 * Runs an async call with a pending flag, without TanStack's mutation cache: for the auth calls, whose answers
 * (tokens, an authenticator secret) must live nowhere but the token store or the component that shows them.
 * A second call while one is pending is ignored (double submits).
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      setPending(true);
      try {
        return await fn(...args);
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [fn],
  );
  return { run, pending };
}
