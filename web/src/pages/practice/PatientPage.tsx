import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useIssueInvitation, useMe, usePracticePatient } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { InvitationCodeCard } from '../../components/InvitationCodeCard/InvitationCodeCard';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { PatientDocuments } from '../../components/PatientDocuments/PatientDocuments';
import { patientName } from '../../components/PatientsTable/PatientsTable';
import { QueryError } from '../../components/QueryError/QueryError';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { UploadRecords } from '../../components/UploadRecords/UploadRecords';
import { TransmissionsForPatient } from '../../components/TransmissionsForPatient/TransmissionsForPatient';
import type { IssuedInvitation } from '../../domain';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';

/** One patient of the practice. The title stays generic: titles are kept in the browser's history. */
export function PatientPage() {
  usePageTitle('Patient details');
  const { patientId = '' } = useParams();
  const me = useMe();
  const patient = usePracticePatient(patientId);
  const issue = useIssueInvitation();
  const [shown, setShown] = useState<IssuedInvitation | null>(null);
  const recordsId = useId();
  const uploadId = useId();
  const sentId = useId();
  const isAdmin = me.data?.role === 'admin';

  if (patient.isPending) return <LoadingState label="Loading patient…" />;
  if (patient.isError) {
    return (
      <>
        <p>
          <Link to="/">← All patients</Link>
        </p>
        <QueryError error={patient.error} title="We couldn't load this patient" onRetry={() => void patient.refetch()} />
      </>
    );
  }

  const p = patient.data;
  const newInvitation = async () => {
    if (issue.isPending) return;
    try {
      const invitation = await issue.mutateAsync(p);
      issue.reset();
      setShown(invitation);
    } catch {
      // Shown below from issue.error.
    }
  };

  return (
    <>
      <p className="back-link">
        <Link to="/">← All patients</Link>
      </p>
      <div className="page-head">
        <h1>{patientName(p)}</h1>
      </div>
      {shown && <InvitationCodeCard patientName={patientName(p)} invitation={shown} onDone={() => setShown(null)} />}
      {issue.isError && <QueryError error={issue.error} title="We couldn't issue a new invitation code" />}
      <section className="card" aria-labelledby="patient-details">
        <h2 id="patient-details">Details</h2>
        <dl className="details">
          <div>
            <dt>Date of birth</dt>
            <dd>{formatCalendarDate(p.birthDate)}</dd>
          </div>
          <div>
            <dt>MRN</dt>
            <dd className="mono">{p.mrn}</dd>
          </div>
          <div>
            <dt>Portal account</dt>
            <dd>
              <StatusBadge patient={p} />
            </dd>
          </div>
          <div>
            <dt>Registered</dt>
            <dd>{formatDateTime(p.createdAt)}</dd>
          </div>
        </dl>
        {isAdmin && p.status === 'invited' && !shown && (
          <div className="button-row">
            <Button variant="secondary" pending={issue.isPending} pendingLabel="Issuing…" onClick={() => void newInvitation()}>
              New invitation code
            </Button>
            <p className="muted">The current code stops working.</p>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby={recordsId}>
        <h2 id={recordsId}>Records</h2>
        <PatientDocuments patientId={p.patientId} />
      </section>
      <section className="card" aria-labelledby={uploadId}>
        <h2 id={uploadId}>Upload records</h2>
        <UploadRecords patientId={p.patientId} />
      </section>
      <section className="card" aria-labelledby={sentId}>
        <h2 id={sentId}>Copies sent by the patient</h2>
        <p className="muted">Copies of their records this patient sent to others from the portal. Only the patient can revoke them.</p>
        <TransmissionsForPatient patientId={p.patientId} />
      </section>
    </>
  );
}
