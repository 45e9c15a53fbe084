import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { authApi } from '../../api/auth-api';
import { Button } from '../../components/Button/Button';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { TextField } from '../../components/TextField/TextField';
import { MfaCode, type SessionTokens } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems, validate } from '../../forms/validation';
import { useAction } from '../../lib/use-action';

const CodeForm = z.strictObject({ code: MfaCode });

export interface MfaCodeFormProps {
  email: string;
  /** The challenge session from sign-in (valid a few minutes). */
  session: string;
  onSignedIn: (tokens: SessionTokens) => void;
  onStartAgain: () => void;
}

export function MfaCodeForm({ email, session, onSignedIn, onStartAgain }: MfaCodeFormProps) {
  const [code, setCode] = useState('');
  const form = useFormErrors();
  const answer = useAction(authApi.answerMfaChallenge);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (answer.pending) return;
    const result = validate(CodeForm, { code: code.replace(/\s+/g, '') });
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const signedIn = await answer.run({ email, session, code: result.data.code });
      if (signedIn) onSignedIn(signedIn.tokens);
    } catch (error) {
      setCode('');
      form.fail(formErrorsFromApi(error, ['code']));
    }
  };

  const { errors } = form;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary message={errors.message} items={summaryItems(errors.fields, [['code', 'mfa-code']])} focusKey={form.attempt} />
      <TextField
        id="mfa-code"
        label="6-digit code"
        hint="Open your authenticator app and enter the code it shows for this portal."
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onValueChange={setCode}
        error={errors.fields.code}
        width="short"
        autoFocus
      />
      <div className="button-row">
        <Button type="submit" pending={answer.pending} pendingLabel="Checking…">
          Continue
        </Button>
        <Button variant="link" onClick={onStartAgain}>
          Start again
        </Button>
      </div>
    </form>
  );
}
