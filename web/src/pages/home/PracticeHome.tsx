import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useIssueInvitation } from '../../api/hooks';
import { CorrectionQueueSummary } from '../../components/CorrectionQueueSummary/CorrectionQueueSummary';
import { InvitationCodeCard } from '../../components/InvitationCodeCard/InvitationCodeCard';
import { patientName } from '../../components/PatientsTable/PatientsTable';
import { PracticePatients } from '../../components/PracticePatients/PracticePatients';
import { QueryError } from '../../components/QueryError/QueryError';
import { RegisterPatientForm } from '../../components/RegisterPatientForm/RegisterPatientForm';
import type { IssuedInvitation, Me, PracticePatient } from '../../domain';
import { cx } from '../../lib/class-names';
import { usePageTitle } from '../../lib/use-page-title';

interface ShownCode {
  patientName: string;
  invitation: IssuedInvitation;
}

/** Staff and admins: their practice's patients. Admins also register patients and issue new invitation codes. */
export function PracticeHome({ me }: { me: Me }) {
  const practiceName = me.practice?.name ?? 'Your practice';
  usePageTitle(practiceName);
  const isAdmin = me.role === 'admin';
  const registerHeadingId = useId();
  const auditHeadingId = useId();
  const patientsHeadingId = useId();
  const patientsHeadingRef = useRef<HTMLHeadingElement>(null);
  // The one-time code lives here, and only until "Done".
  const [shown, setShown] = useState<ShownCode | null>(null);
  const issue = useIssueInvitation();

  const newInvitation = async (patient: PracticePatient) => {
    if (issue.isPending) return;
    try {
      const invitation = await issue.mutateAsync(patient);
      // Let go of the answer (it holds the code): it must not linger in the mutation cache.
      issue.reset();
      setShown({ patientName: patientName(patient), invitation });
    } catch {
      // Shown below from issue.error.
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>{practiceName}</h1>
        <p className="lead">Patients registered with your practice.</p>
      </div>

      {shown && (
        <InvitationCodeCard
          patientName={shown.patientName}
          invitation={shown.invitation}
          onDone={() => {
            setShown(null);
            requestAnimationFrame(() => patientsHeadingRef.current?.focus());
          }}
        />
      )}
      {issue.isError && <QueryError error={issue.error} title="We couldn't issue a new invitation code" />}
      <CorrectionQueueSummary />

      <div className={cx(isAdmin && 'split')}>
        <div className="split__main">
          <section className="card" aria-labelledby={patientsHeadingId}>
            <h2 id={patientsHeadingId} ref={patientsHeadingRef} tabIndex={-1}>
              Patients
            </h2>
            <PracticePatients
              isAdmin={isAdmin}
              onNewInvitation={(patient) => void newInvitation(patient)}
              issuingFor={issue.isPending ? issue.variables?.patientId : undefined}
            />
          </section>
        </div>
        {isAdmin && (
          <div className="split__side">
            <section className="card" aria-labelledby={registerHeadingId}>
              <h2 id={registerHeadingId}>Register a patient</h2>
              <p>The patient gets a one-time invitation code to create their portal account.</p>
              <RegisterPatientForm
                onRegistered={(result) => setShown({ patientName: patientName(result.patient), invitation: result.invitation })}
              />
            </section>
            <section className="card" aria-labelledby={auditHeadingId}>
              <h2 id={auditHeadingId}>Audit report</h2>
              <p>Who signed in, viewed, downloaded, uploaded or sent records in your practice, and what was refused.</p>
              <p className="button-row">
                <Link to="/practice/audit">Open the audit report</Link>
              </p>
            </section>
          </div>
        )}
      </div>
    </>
  );
}
