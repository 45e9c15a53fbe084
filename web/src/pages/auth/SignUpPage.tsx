import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { authApi } from '../../api/auth-api';
import { useSession } from '../../auth/session';
import { Button } from '../../components/Button/Button';
import { DateOfBirthField } from '../../components/DateOfBirthField/DateOfBirthField';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { PasswordRules } from '../../components/PasswordRules/PasswordRules';
import { PasswordField } from '../../components/TextField/PasswordField';
import { TextField } from '../../components/TextField/TextField';
import { SignUpPatientInput } from '../../domain';
import { validateWithBirthDate } from '../../forms/birth-date';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems, withCodeField } from '../../forms/validation';
import { useAction } from '../../lib/use-action';
import { usePageTitle } from '../../lib/use-page-title';

const FIELDS = ['invitationCode', 'birthDate', 'email', 'password'] as const;
const FIELD_ORDER = [
  ['invitationCode', 'sign-up-code'],
  ['birthDate', 'sign-up-dob'],
  ['email', 'sign-up-email'],
  ['password', 'sign-up-password'],
] as const;

/** API error codes that concern one field. */
const CODE_FIELDS = { email_taken: 'email', invitation_invalid: 'invitationCode' } as const;

/** A patient creates their account with the practice's one-time invitation code and their date of birth. */
export function SignUpPage() {
  usePageTitle('Create your account');
  const { status, startSession } = useSession();
  const [invitationCode, setInvitationCode] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormErrors();
  const signUp = useAction(authApi.signUp);

  if (status === 'signed-in') return <Navigate to="/" replace />;
  if (status === 'restoring') return <LoadingState label="Loading…" />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signUp.pending) return;
    const result = validateWithBirthDate(SignUpPatientInput, { invitationCode, email, password }, 'birthDate', birthDate);
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const answer = await signUp.run(result.data);
      if (answer) startSession(answer.tokens);
    } catch (error) {
      form.fail(withCodeField(formErrorsFromApi(error, FIELDS), error, CODE_FIELDS));
    }
  };

  const { errors } = form;
  return (
    <div className="auth-layout">
      <div className="card auth-card">
        <h1>Create your account</h1>
        <p className="lead">
          You need the invitation code your practice gave you and your date of birth, as your practice has it on file.
        </p>
        <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <ErrorSummary message={errors.message} items={summaryItems(errors.fields, FIELD_ORDER)} focusKey={form.attempt} />
          <TextField
            id="sign-up-code"
            label="Invitation code"
            hint="12 characters, for example ABCD-EFGH-JKMN. Capitals and hyphens don't matter."
            value={invitationCode}
            onValueChange={setInvitationCode}
            error={errors.fields.invitationCode}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            width="medium"
          />
          <DateOfBirthField id="sign-up-dob" value={birthDate} onChange={setBirthDate} error={errors.fields.birthDate} />
          <TextField
            id="sign-up-email"
            label="E-mail address"
            hint="You'll use it to sign in."
            type="email"
            autoComplete="email"
            spellCheck={false}
            autoCapitalize="none"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
          />
          <PasswordField
            id="sign-up-password"
            label="Create a password"
            hint={<PasswordRules password={password} />}
            autoComplete="new-password"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
          />
          <Button type="submit" pending={signUp.pending} pendingLabel="Creating your account…">
            Create account
          </Button>
        </form>
        <p className="auth-card__alt">
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
