import { useCallback } from 'react';
import { usePatientDocuments } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { DocumentsTable } from '../DocumentsTable/DocumentsTable';
import { LoadingState } from '../LoadingState/LoadingState';
import { LoadMore } from '../LoadMore/LoadMore';
import { QueryError } from '../QueryError/QueryError';

export const NO_PATIENT_RECORDS_MESSAGE = 'No records uploaded for this patient yet.';

/** A patient's current documents as the practice sees them, a page at a time, each downloadable. */
export function PatientDocuments({ patientId }: { patientId: string }) {
  const documents = usePatientDocuments(patientId);
  const getLink = useCallback((documentId: string) => portalApi.downloadPatientDocument(patientId, documentId), [patientId]);
  if (documents.isPending) return <LoadingState label="Loading records…" />;
  if (documents.isLoadingError) {
    return <QueryError error={documents.error} title="We couldn't load this patient's records" onRetry={() => void documents.refetch()} />;
  }
  const items = documents.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="empty-state">{NO_PATIENT_RECORDS_MESSAGE}</p>;
  return (
    <>
      <DocumentsTable documents={items} caption="Records of this patient, newest first" showPractice={false} getDownloadLink={getLink} />
      <LoadMore
        shown={items.length}
        noun={{ one: 'record', many: 'records' }}
        hasMore={documents.hasNextPage}
        loading={documents.isFetchingNextPage}
        onLoadMore={() => void documents.fetchNextPage()}
      />
      {documents.isFetchNextPageError && <QueryError error={documents.error} title="We couldn't load more records" />}
      {documents.isRefetchError && <QueryError error={documents.error} title="We couldn't update this list" onRetry={() => void documents.refetch()} />}
    </>
  );
}
