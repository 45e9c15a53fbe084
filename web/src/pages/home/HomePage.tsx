import { useMe } from '../../api/hooks';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { QueryError } from '../../components/QueryError/QueryError';
import { usePageTitle } from '../../lib/use-page-title';
import { PatientHome } from './PatientHome';
import { PracticeHome } from './PracticeHome';

/** The home page depends on who signed in: patients see their records, staff their practice's patients. */
export function HomePage() {
  const me = useMe();
  usePageTitle(me.data ? null : 'Home');
  if (me.isPending) return <LoadingState label="Loading your account…" />;
  if (me.isError) return <QueryError error={me.error} title="We couldn't load your account" onRetry={() => void me.refetch()} />;
  return me.data.role === 'patient' ? <PatientHome me={me.data} /> : <PracticeHome me={me.data} />;
}
