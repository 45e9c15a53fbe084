import { useEffect, useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { authApi, type MfaSetup as MfaSetupData } from '../../api/auth-api';
import { MfaCode } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems, validate } from '../../forms/validation';
import { groupInFours } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { Button } from '../Button/Button';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary';
import { TextField } from '../TextField/TextField';

const CodeForm = z.strictObject({ code: MfaCode });

export interface MfaSetupProps {
  /** The access token to enrol with (the session's, or the one sign-in returned for staff who must enrol). */
  getAccessToken: () => string | null;
  onDone: () => void;
  /** Offered once set-up has started (abandons the new key). */
  onCancel?: () => void;
  beginLabel?: string;
  headingLevel?: 2 | 3;
}

/**
 * TOTP enrolment: start (the API returns a secret), add it to an authenticator app, confirm with a code.
 * The secret lives only in this component's state; no QR code library, the key is shown grouped in fours and
 * as an otpauth:// link that phones hand to the authenticator app.
 */
export function MfaSetup({ getAccessToken, onDone, onCancel, beginLabel = 'Begin set-up', headingLevel = 2 }: MfaSetupProps) {
  const [setup, setSetup] = useState<MfaSetupData | null>(null);
  const [code, setCode] = useState('');
  const form = useFormErrors();
  const start = useAction(authApi.startMfaSetup);
  const finish = useAction(authApi.finishMfaSetup);
  const stepsRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (setup) stepsRef.current?.focus();
  }, [setup]);

  const token = (): string | null => {
    const accessToken = getAccessToken();
    if (!accessToken) form.fail({ message: 'Your session has ended. Please sign in again.', fields: {} });
    return accessToken;
  };

  const begin = async () => {
    const accessToken = token();
    if (!accessToken) return;
    form.clear();
    try {
      const result = await start.run(accessToken);
      if (result) setSetup(result);
    } catch (error) {
      form.fail(formErrorsFromApi(error, []));
    }
  };

  const verify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(CodeForm, { code: code.replace(/\s+/g, '') });
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    const accessToken = token();
    if (!accessToken) return;
    form.clear();
    try {
      const answer = await finish.run(accessToken, result.data.code);
      if (answer) onDone();
    } catch (error) {
      form.fail(formErrorsFromApi(error, ['code']));
    }
  };

  const { errors } = form;
  const summary = (
    <ErrorSummary
      headingLevel={headingLevel}
      message={errors.message}
      items={summaryItems(errors.fields, [['code', 'mfa-setup-code']])}
      focusKey={form.attempt}
    />
  );

  if (!setup) {
    return (
      <div className="mfa-setup">
        {summary}
        <p>You'll need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
        <div className="button-row">
          <Button onClick={() => void begin()} pending={start.pending} pendingLabel="Preparing…">
            {beginLabel}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="mfa-setup">
      {summary}
      <ol className="steps" ref={stepsRef} tabIndex={-1} aria-label="Set-up steps">
        <li>
          <p>Open your authenticator app and choose to add an account.</p>
        </li>
        <li>
          <p>Type in this set-up key (time-based):</p>
          <p className="secret">
            <code>{groupInFours(setup.secret)}</code>
          </p>
          <p>
            Using this phone? <a href={setup.otpauthUri}>Open the set-up link in your authenticator app</a>.
          </p>
        </li>
        <li>
          <form className="form" noValidate onSubmit={(event) => void verify(event)}>
            <TextField
              id="mfa-setup-code"
              label="6-digit code from the app"
              value={code}
              onValueChange={setCode}
              error={errors.fields.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              width="short"
            />
            <div className="button-row">
              <Button type="submit" pending={finish.pending} pendingLabel="Checking…">
                Turn on two-step sign-in
              </Button>
              {onCancel && (
                <Button variant="secondary" onClick={onCancel}>
                  Cancel
                </Button>
              )}
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
