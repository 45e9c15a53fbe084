/**
 * Work the person started that must not be cut off by the idle sign-out while it runs (a 1 GB upload takes longer
 * than the idle period, with nobody touching the page). While a hold is taken the idle period does not run; it
 * runs again once the last hold is released. Holds never extend a session past an explicit sign-out.
 */
let holds = 0;

export function holdSession(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
  };
}

export const sessionHeld = (): boolean => holds > 0;
