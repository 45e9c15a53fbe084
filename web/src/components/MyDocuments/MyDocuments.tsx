import { useState } from 'react';
import { useMe, useMyDocuments } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { NO_FILTER, filterQuery, isFiltered, isValidFilter, type RecordFilter } from '../../record/filter';
import { DocumentsTable } from '../DocumentsTable/DocumentsTable';
import { LoadingState } from '../LoadingState/LoadingState';
import { LoadMore } from '../LoadMore/LoadMore';
import { QueryError } from '../QueryError/QueryError';
import { RecordFilters } from '../RecordFilters/RecordFilters';

const documentPath = (documentId: string) => `/documents/${encodeURIComponent(documentId)}`;

export const NO_RECORDS_MESSAGE = 'No records yet. Records appear here as soon as your practice uploads them.';

/** The patient's documents from all linked practices (or one, or a date range), a page at a time. */
export function MyDocuments() {
  const me = useMe();
  const [filter, setFilter] = useState<RecordFilter>(NO_FILTER);
  const documents = useMyDocuments(filterQuery(filter), isValidFilter(filter));
  if (documents.isPending) return <LoadingState label="Loading your records…" />;
  if (documents.isLoadingError) {
    return <QueryError error={documents.error} title="We couldn't load your records" onRetry={() => void documents.refetch()} />;
  }
  const items = documents.data.pages.flatMap((page) => page.items);
  if (items.length === 0 && !isFiltered(filter)) return <p className="empty-state">{NO_RECORDS_MESSAGE}</p>;
  return (
    <>
      <RecordFilters practices={me.data?.links ?? []} value={filter} onChange={setFilter} />
      <div aria-busy={documents.isPlaceholderData || undefined}>
        {items.length > 0 ? (
          <DocumentsTable documents={items} getDownloadLink={portalApi.downloadMyDocument} viewerPath={documentPath} />
        ) : (
          <p className="empty-state">No records match these filters.</p>
        )}
      </div>
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
