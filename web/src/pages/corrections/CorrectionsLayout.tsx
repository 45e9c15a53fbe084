import { Outlet } from 'react-router';

/** /corrections/*: the patient's correction requests (the route wraps this in the session and role checks). */
export function CorrectionsLayout() {
  return <Outlet />;
}
