import { useId } from 'react';
import { Link } from 'react-router';
import type { PracticePatient } from '../../domain';
import { formatCalendarDate } from '../../lib/format';
import { Button } from '../Button/Button';
import { StatusBadge } from '../StatusBadge/StatusBadge';

export function patientName(patient: Pick<PracticePatient, 'givenName' | 'familyName'>): string {
  return `${patient.givenName} ${patient.familyName}`;
}

export interface PatientsTableProps {
  patients: readonly PracticePatient[];
  /** Admins: offer a new invitation code for patients who have not linked yet. */
  onNewInvitation?: ((patient: PracticePatient) => void) | undefined;
  /** The patient whose code is being issued (that row's button shows progress). */
  issuingFor?: string | undefined;
}

export function PatientsTable({ patients, onNewInvitation, issuingFor }: PatientsTableProps) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className="visually-hidden">
          Patients of your practice
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Date of birth</th>
            <th scope="col">MRN</th>
            <th scope="col">Status</th>
            {onNewInvitation && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {patients.map((patient) => (
            <tr key={patient.patientId}>
              <th scope="row" className="table__title">
                <Link to={`/patients/${encodeURIComponent(patient.patientId)}`}>{patientName(patient)}</Link>
              </th>
              <td>
                <time dateTime={patient.birthDate}>{formatCalendarDate(patient.birthDate)}</time>
              </td>
              <td>
                <span className="mono">{patient.mrn}</span>
              </td>
              <td>
                <StatusBadge patient={patient} />
              </td>
              {onNewInvitation && (
                <td className="table__actions">
                  {patient.status === 'invited' && (
                    <Button
                      variant="secondary"
                      size="small"
                      pending={issuingFor === patient.patientId}
                      pendingLabel="Issuing…"
                      aria-label={`New invitation code for ${patientName(patient)}`}
                      onClick={() => onNewInvitation(patient)}
                    >
                      New invitation code
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
