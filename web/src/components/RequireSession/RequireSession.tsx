import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../auth/session';
import { LoadingState } from '../LoadingState/LoadingState';

/** Renders its children only for a signed-in person; others go to the sign-in page (and come back after). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <LoadingState label="Loading your portal…" />;
  if (status === 'signed-out') return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
