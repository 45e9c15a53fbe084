import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/hooks';
import type { Role } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { LoadingState } from '../LoadingState/LoadingState';
import { QueryError } from '../QueryError/QueryError';

/** The API enforces roles; this only spares people a page they cannot use. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <LoadingState label="Loading your account…" />;
  if (me.isError) return <QueryError error={me.error} title="We couldn't load your account" onRetry={() => void me.refetch()} />;
  if (!roles.includes(me.data.role)) return <NotAllowed audience={roles.includes('patient') ? 'patients' : roles.includes('staff') ? 'practice staff' : 'practice admins'} />;
  return <>{children}</>;
}

function NotAllowed({ audience }: { audience: string }) {
  usePageTitle('Not available');
  return (
    <div className="page-head">
      <h1>This page isn't available to you</h1>
      <p className="lead">
        It is for {audience}. <Link to="/">Go to your home page</Link>.
      </p>
    </div>
  );
}
