import { usePracticePatients } from '../../api/hooks';
import type { PracticePatient } from '../../domain';
import { LoadingState } from '../LoadingState/LoadingState';
import { LoadMore } from '../LoadMore/LoadMore';
import { PatientsTable } from '../PatientsTable/PatientsTable';
import { QueryError } from '../QueryError/QueryError';

export interface PracticePatientsProps {
  isAdmin: boolean;
  onNewInvitation?: ((patient: PracticePatient) => void) | undefined;
  issuingFor?: string | undefined;
}

/** The practice's patients, a page at a time ("Load more" follows nextCursor). */
export function PracticePatients({ isAdmin, onNewInvitation, issuingFor }: PracticePatientsProps) {
  const patients = usePracticePatients();
  if (patients.isPending) return <LoadingState label="Loading patients…" />;
  if (patients.isLoadingError) {
    return <QueryError error={patients.error} title="We couldn't load the patient list" onRetry={() => void patients.refetch()} />;
  }
  const items = patients.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <p className="empty-state">
        No patients yet.{' '}
        {isAdmin
          ? 'Register a patient to give them an invitation code for the portal.'
          : 'Patients appear here once a practice admin registers them.'}
      </p>
    );
  }
  return (
    <>
      <PatientsTable patients={items} onNewInvitation={isAdmin ? onNewInvitation : undefined} issuingFor={issuingFor} />
      <LoadMore
        shown={items.length}
        noun={{ one: 'patient', many: 'patients' }}
        hasMore={patients.hasNextPage}
        loading={patients.isFetchingNextPage}
        onLoadMore={() => void patients.fetchNextPage()}
      />
      {patients.isFetchNextPageError && <QueryError error={patients.error} title="We couldn't load more patients" />}
      {patients.isRefetchError && <QueryError error={patients.error} title="We couldn't update this list" onRetry={() => void patients.refetch()} />}
    </>
  );
}
