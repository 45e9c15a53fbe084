import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../../auth/session';
import { Button } from '../../components/Button/Button';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { MfaSetup } from '../../components/MfaSetup/MfaSetup';
import { Notice } from '../../components/Notice/Notice';
import type { SignInResult } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { CredentialsForm } from './CredentialsForm';
import { MfaCodeForm } from './MfaCodeForm';
import { redirectTarget } from './redirect-target';

type Step =
  | { kind: 'credentials' }
  | { kind: 'mfa'; email: string; session: string }
  /** Staff without an authenticator: enrol with this access token, then sign in again. */
  | { kind: 'mfa-setup'; accessToken: string };

const TITLES: Record<Step['kind'], string> = {
  credentials: 'Sign in',
  mfa: 'Enter your code',
  'mfa-setup': 'Set up two-step sign-in',
};

export function SignInPage() {
  const { status, notice, startSession } = useSession();
  const location = useLocation();
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [info, setInfo] = useState<string | null>(null);
  usePageTitle(TITLES[step.kind]);

  if (status === 'signed-in') return <Navigate to={redirectTarget(location.state)} replace />;
  if (status === 'restoring') return <LoadingState label="Checking whether you're signed in…" />;

  const onResult = (result: SignInResult, email: string) => {
    setInfo(null);
    if (result.status === 'signed-in') startSession(result.tokens);
    else if (result.status === 'mfa-required') setStep({ kind: 'mfa', email, session: result.session });
    else setStep({ kind: 'mfa-setup', accessToken: result.accessToken });
  };

  const backToCredentials = (message: string | null) => {
    setInfo(message);
    setStep({ kind: 'credentials' });
  };

  return (
    <div className="auth-layout">
      <div className="card auth-card">
        {step.kind === 'credentials' && (
          <>
            <h1>Sign in</h1>
            {(info ?? notice) && <Notice>{info ?? notice}</Notice>}
            <CredentialsForm onResult={onResult} />
            <p className="auth-card__alt">
              New to the portal? <Link to="/sign-up">Create your account (you need the invitation code from your practice)</Link>
            </p>
          </>
        )}
        {step.kind === 'mfa' && (
          <>
            <h1>Enter your code</h1>
            <p className="lead">Two-step sign-in is on for your account.</p>
            <MfaCodeForm
              email={step.email}
              session={step.session}
              onSignedIn={startSession}
              onStartAgain={() => backToCredentials(null)}
            />
          </>
        )}
        {step.kind === 'mfa-setup' && (
          <>
            <h1>Set up two-step sign-in</h1>
            <p className="lead">
              Practice staff need a code from an authenticator app, as well as their password, to sign in. Set it up once, then
              sign in again.
            </p>
            <MfaSetup
              getAccessToken={() => step.accessToken}
              onDone={() =>
                backToCredentials('Two-step sign-in is set up. Sign in again with your password and a code from your app.')
              }
              onCancel={() => backToCredentials(null)}
            />
            <p className="auth-card__alt">
              <Button variant="link" onClick={() => backToCredentials(null)}>
                Back to sign in
              </Button>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
