import { useCallback, useState } from 'react';
import { NO_ERRORS, type FormErrors } from './validation';

/** A form's current errors, and a counter that changes on every failed submit (the summary refocuses). */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [attempt, setAttempt] = useState(0);
  const fail = useCallback((next: FormErrors) => {
    setErrors(next);
    setAttempt((n) => n + 1);
  }, []);
  const clear = useCallback(() => setErrors(NO_ERRORS), []);
  return { errors, attempt, fail, clear };
}
