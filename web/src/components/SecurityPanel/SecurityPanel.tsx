import { useId, useState } from 'react';
import { useSession } from '../../auth/session';
import { MfaSetup } from '../MfaSetup/MfaSetup';
import { Notice } from '../Notice/Notice';

/** Offers patients two-step sign-in (ONC 170.315(d)(13): MFA offered to patients). */
export function SecurityPanel() {
  const { accessToken } = useSession();
  const headingId = useId();
  const [done, setDone] = useState(false);
  const [attempt, setAttempt] = useState(0);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Security</h2>
      <p>
        <strong>Two-step sign-in</strong> asks for a code from an app on your phone when you sign in, so your password alone isn't
        enough to open your records.
      </p>
      {done ? (
        <Notice tone="success">Two-step sign-in is on. Next time you sign in, we'll ask for a code from your app.</Notice>
      ) : (
        <>
          <p className="muted">If you set it up before, doing it again replaces your previous authenticator.</p>
          <MfaSetup
            key={attempt}
            headingLevel={3}
            beginLabel="Set up two-step sign-in"
            getAccessToken={accessToken}
            onDone={() => setDone(true)}
            onCancel={() => setAttempt((n) => n + 1)}
          />
        </>
      )}
    </section>
  );
}
