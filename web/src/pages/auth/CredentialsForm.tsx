import { useState, type FormEvent } from 'react';
import { authApi } from '../../api/auth-api';
import { Button } from '../../components/Button/Button';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { PasswordField } from '../../components/TextField/PasswordField';
import { TextField } from '../../components/TextField/TextField';
import { SignInInput, type SignInResult } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems, validate } from '../../forms/validation';
import { useAction } from '../../lib/use-action';

const FIELD_ORDER = [
  ['email', 'sign-in-email'],
  ['password', 'sign-in-password'],
] as const;

export interface CredentialsFormProps {
  onResult: (result: SignInResult, email: string) => void;
}

export function CredentialsForm({ onResult }: CredentialsFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormErrors();
  const signIn = useAction(authApi.signIn);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.pending) return;
    const result = validate(SignInInput, { email, password });
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const answer = await signIn.run(result.data);
      if (answer) onResult(answer, result.data.email);
    } catch (error) {
      form.fail(formErrorsFromApi(error, ['email', 'password']));
    }
  };

  const { errors } = form;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary message={errors.message} items={summaryItems(errors.fields, FIELD_ORDER)} focusKey={form.attempt} />
      <TextField
        id="sign-in-email"
        label="E-mail address"
        type="email"
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="none"
        value={email}
        onValueChange={setEmail}
        error={errors.fields.email}
      />
      <PasswordField
        id="sign-in-password"
        label="Password"
        autoComplete="current-password"
        value={password}
        onValueChange={setPassword}
        error={errors.fields.password}
      />
      <Button type="submit" pending={signIn.pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
