import { Outlet } from 'react-router';

/** /send and /transmissions/*: the copies the patient sends (the route wraps this in the session and role checks). */
export function TransmissionsLayout() {
  return <Outlet />;
}
