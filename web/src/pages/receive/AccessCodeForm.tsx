import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error';
import { Button } from '../../components/Button/Button';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { TextField } from '../../components/TextField/TextField';
import { PRODUCT_NAME } from '../../config';
import { usePageTitle } from '../../lib/use-page-title';
import { ACCESS_CODE_LENGTH, cleanAccessCode } from './receive-link';
import { useHeadingFocus } from './use-heading-focus';

const FIELD_ID = 'access-code';

export interface AccessCodeFormProps {
  /** Sends the code; throws the API's error when it is wrong (the page handles a link that ends). */
  onSubmit: (code: string) => Promise<void>;
}

/**
 * The first step of a link sent with an access code: nothing about the patient or the records is shown until the
 * code is right. The code may be typed in either case, with or without its dash.
 */
export function AccessCodeForm({ onSubmit }: AccessCodeFormProps) {
  usePageTitle('Enter the access code');
  const heading = useHeadingFocus('code');
  const [code, setCode] = useState('');
  const [error, setError] = useState<{ message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setAttempt((n) => n + 1);
    const cleaned = cleanAccessCode(code);
    if (!new RegExp(`^[A-Z0-9]{${ACCESS_CODE_LENGTH}}$`).test(cleaned)) {
      setError({ message: cleaned ? `The access code has ${ACCESS_CODE_LENGTH} letters and digits, like ABCDE-12345.` : 'Enter the access code.' });
      return;
    }
    setPending(true);
    try {
      await onSubmit(cleaned);
    } catch (failure) {
      setError({ message: errorMessage(failure) });
      setPending(false);
    }
  };

  return (
    <div className="auth-layout">
      <div className="card auth-card receive-code">
        <h1 ref={heading} tabIndex={-1}>
          Enter the access code
        </h1>
        <p className="lead">Someone has sent you health records through {PRODUCT_NAME}.</p>
        <p>
          To open them, enter the access code the sender gave you separately, for example by phone or in person. It is not in the e-mail.
        </p>
        <form className="form" noValidate onSubmit={(event) => void submit(event)}>
          <ErrorSummary
            items={error ? [{ fieldId: FIELD_ID, message: error.message }] : []}
            focusKey={attempt}
          />
          <TextField
            id={FIELD_ID}
            label="Access code"
            hint="10 letters and digits, like ABCDE-12345. Upper or lower case, with or without the dash."
            error={error?.message}
            value={code}
            onValueChange={setCode}
            width="medium"
            className="receive-code__field"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={20}
          />
          <div className="button-row">
            <Button type="submit" pending={pending} pendingLabel="Checking…">
              Open the records
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
