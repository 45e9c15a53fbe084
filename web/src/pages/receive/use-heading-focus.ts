import { useEffect, useRef } from 'react';

/**
 * The recipient's steps (loading, code, records, a link that ended) replace one another on the same address, so
 * the layout's focus-on-navigation never sees them: each step's heading takes the focus when it appears, as after
 * a page load, so that a screen reader announces the new step.
 */
export function useHeadingFocus(step: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [step]);
  return ref;
}
