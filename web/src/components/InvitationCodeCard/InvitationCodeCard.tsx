import { useEffect, useId, useRef, useState } from 'react';
import { formatInvitationCode, normalizeInvitationCode, type IssuedInvitation } from '../../domain';
import { formatDateTime } from '../../lib/format';
import { Button } from '../Button/Button';

export interface InvitationCodeCardProps {
  patientName: string;
  invitation: IssuedInvitation;
  /** The person has handed the code over: the card (and the code) goes away for good. */
  onDone: () => void;
}

/**
 * A new invitation code, shown once (only its hash is stored). Printing shows a slip for the patient: the code,
 * its expiry and where to use it, never the date of birth that goes with it.
 */
export function InvitationCodeCard({ patientName, invitation, onDone }: InvitationCodeCardProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const [copyStatus, setCopyStatus] = useState('');
  const code = formatInvitationCode(normalizeInvitationCode(invitation.code));
  const expires = formatDateTime(invitation.expiresAt);
  const signUpAddress = `${window.location.origin}/sign-up`;

  useEffect(() => {
    headingRef.current?.focus();
  }, [invitation]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopyStatus('Code copied.');
    } catch {
      setCopyStatus("Couldn't copy. Select the code and copy it yourself.");
    }
  };

  return (
    <section className="card invite-card printable" aria-labelledby={headingId}>
      <h2 className="invite-card__title" id={headingId} ref={headingRef} tabIndex={-1}>
        Invitation code for {patientName}
      </h2>
      <p className="invite-card__once no-print">
        <strong>This code is shown only once.</strong> Print it or copy it now: it can't be shown again. If it's lost, issue a new
        one.
      </p>
      <p className="print-only">Your invitation code for the patient portal:</p>
      <p className="invite-code">{code}</p>
      <p className="invite-card__expiry">
        Valid until <strong>{expires}</strong>.
      </p>
      <div className="print-only">
        <p>
          Create your account at <strong>{signUpAddress}</strong> with this code and your date of birth.
        </p>
      </div>
      <div className="invite-card__instructions no-print">
        <h3>Hand it to the patient in person</h3>
        <ul>
          <li>Give the code to the patient yourself, once you've checked who they are.</li>
          <li>
            They create their account at <strong>{signUpAddress}</strong> with this code and their date of birth as you have it on
            file.
          </li>
          <li>Don't write the date of birth on the slip, and don't send the code by e-mail or text message.</li>
        </ul>
      </div>
      <div className="button-row no-print">
        <Button onClick={() => window.print()}>Print</Button>
        <Button variant="secondary" onClick={() => void copy()}>
          Copy code
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="invite-card__status no-print" role="status">
        {copyStatus}
      </p>
    </section>
  );
}
