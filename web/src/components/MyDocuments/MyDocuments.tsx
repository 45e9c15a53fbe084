import { useMyDocuments } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { DocumentsTable } from '../DocumentsTable/DocumentsTable';
import { LoadingState } from '../LoadingState/LoadingState';
import { LoadMore } from '../LoadMore/LoadMore';
import { QueryError } from '../QueryError/QueryError';

const documentPath = (documentId: string) => `/documents/${encodeURIComponent(documentId)}`;

export const NO_RECORDS_MESSAGE = 'No records yet. Records appear here as soon as your practice uploads them.';

/** The patient's documents from all linked practices, a page at a time. */
export function MyDocuments() {
  const documents = useMyDocuments();
  if (documents.isPending) return <LoadingState label="Loading your records…" />;
  if (documents.isLoadingError) {
    return <QueryError error={documents.error} title="We couldn't load your records" onRetry={() => void documents.refetch()} />;
  }
  const items = documents.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="empty-state">{NO_RECORDS_MESSAGE}</p>;
  return (
    <>
      <DocumentsTable documents={items} getDownloadLink={portalApi.downloadMyDocument} viewerPath={documentPath} />
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
