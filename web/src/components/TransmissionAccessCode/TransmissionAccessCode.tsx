import { useId, useState } from 'react';
import { Button } from '../Button/Button';

export interface TransmissionAccessCodeProps {
  /** As the API gives it, e.g. "ABCDE-FGHJK". */
  code: string;
  recipientName: string;
}

/**
 * The access code of a new transmission, shown once: only its hash is kept, and it is in no cache, URL or
 * history entry. The patient passes it on by another channel than the e-mail that carries the link.
 */
export function TransmissionAccessCode({ code, recipientName }: TransmissionAccessCodeProps) {
  const headingId = useId();
  const [copyStatus, setCopyStatus] = useState('');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopyStatus('Code copied.');
    } catch {
      setCopyStatus("Couldn't copy. Select the code and copy it yourself.");
    }
  };

  return (
    <section className="card transmission-code-card" aria-labelledby={headingId}>
      <h2 id={headingId}>Access code for {recipientName}</h2>
      <p className="transmission-code-card__once">
        <strong>This code is shown only once.</strong> Write it down or copy it now: it can't be shown again.
      </p>
      <p className="transmission-code" translate="no">
        {code}
      </p>
      <div className="transmission-code-card__advice">
        <h3>Give this code to the recipient separately — by phone or in person. Do not e-mail it.</h3>
        <p>
          {recipientName} needs both the link we e-mailed and this code to open your records. Keeping them apart means that someone who
          sees the e-mail can't open your records with it.
        </p>
      </div>
      <div className="button-row">
        <Button variant="secondary" onClick={() => void copy()}>
          Copy code
        </Button>
      </div>
      <p className="transmission-code-card__status" role="status">
        {copyStatus}
      </p>
    </section>
  );
}
