import { useCallback, useId, useMemo, useState } from 'react';
import { usePracticeAudit, usePracticePatients } from '../../../api/hooks';
import { portalApi, type PracticeAuditFilter } from '../../../api/portal-api';
import { DownloadOutcome, useFileDownload } from '../../../components/ActivityDownload/ActivityDownload';
import { AuditFilters, NO_AUDIT_FILTER, auditQuery, isAuditFiltered, type AuditFilterValue } from '../../../components/AuditFilters/AuditFilters';
import { AuditTable } from '../../../components/AuditTable/AuditTable';
import { Button } from '../../../components/Button/Button';
import { LoadingState } from '../../../components/LoadingState/LoadingState';
import { LoadMore } from '../../../components/LoadMore/LoadMore';
import { patientName } from '../../../components/PatientsTable/PatientsTable';
import { QueryError } from '../../../components/QueryError/QueryError';
import { usePageTitle } from '../../../lib/use-page-title';

const EVENTS = { one: 'event', many: 'events' };

/** /practice/audit (admins): the practice's audit events by time, user, patient, action and outcome, and as CSV. */
export function PracticeAuditPage() {
  usePageTitle('Audit report');
  const [applied, setApplied] = useState<AuditFilterValue>(NO_AUDIT_FILTER);
  const [order, setOrder] = useState<PracticeAuditFilter['order']>('desc');
  const query = useMemo(() => auditQuery(applied, order), [applied, order]);
  const report = usePracticeAudit(query);
  const patients = usePracticePatients();
  const patientList = useMemo(() => patients.data?.pages.flatMap((p) => p.items) ?? [], [patients.data]);
  const patientNames = useMemo(() => new Map(patientList.map((p) => [p.patientId, patientName(p)])), [patientList]);
  const rows = useMemo(() => report.data?.pages.flatMap((p) => p.items) ?? [], [report.data]);
  const build = useCallback(() => portalApi.exportPracticeAudit(query), [query]);
  const download = useFileDownload(build);
  const resultsId = useId();
  const filtered = isAuditFiltered(applied);

  let results;
  if (report.isPending) results = <LoadingState label="Loading audit events…" />;
  else if (report.isLoadingError) {
    results = <QueryError error={report.error} title="We couldn't load the audit report" onRetry={() => void report.refetch()} />;
  } else {
    results = (
      <>
        {rows.length > 0 ? (
          <AuditTable rows={rows} order={order} onToggleOrder={() => setOrder((o) => (o === 'desc' ? 'asc' : 'desc'))} patientNames={patientNames} />
        ) : report.hasNextPage ? (
          <p className="empty-state">None of the events read so far match these filters. Load more to look further.</p>
        ) : (
          <p className="empty-state">{filtered ? 'No events match these filters.' : 'No events recorded yet.'}</p>
        )}
        <LoadMore
          shown={rows.length}
          noun={EVENTS}
          hasMore={report.hasNextPage}
          loading={report.isFetchingNextPage}
          onLoadMore={() => void report.fetchNextPage()}
        />
        {report.isFetchNextPageError && <QueryError error={report.error} title="We couldn't load more events" />}
        {report.isRefetchError && <QueryError error={report.error} title="We couldn't update this report" onRetry={() => void report.refetch()} />}
      </>
    );
  }

  return (
    <>
      <div className="page-head">
        <h1>Audit report</h1>
        <p className="lead">Who did what with your practice’s records in the portal: sign-ins, views, downloads, uploads, corrections and copies sent, and whether each was allowed.</p>
      </div>
      <div className="card card--compact">
        <AuditFilters applied={applied} onApply={setApplied} patients={patientList} />
      </div>
      <section className="card" aria-labelledby={resultsId} aria-busy={report.isPlaceholderData || undefined}>
        <div className="audit-results__head">
          <h2 id={resultsId}>{filtered ? 'Matching events' : 'All events'}</h2>
          <Button variant="secondary" pending={download.pending} pendingLabel="Preparing…" onClick={() => download.run()}>
            Export CSV
          </Button>
        </div>
        <DownloadOutcome done={download.done} failure={download.failure} failureTitle="We couldn't prepare the CSV file" />
        {results}
      </section>
    </>
  );
}
