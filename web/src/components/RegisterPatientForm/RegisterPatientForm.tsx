import { useState, type FormEvent } from 'react';
import { useRegisterPatient } from '../../api/hooks';
import { RegisterPatientInput, type RegisteredPatient } from '../../domain';
import { validateWithBirthDate } from '../../forms/birth-date';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems } from '../../forms/validation';
import { Button } from '../Button/Button';
import { DateOfBirthField } from '../DateOfBirthField/DateOfBirthField';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary';
import { TextField } from '../TextField/TextField';

const FIELDS = ['givenName', 'familyName', 'birthDate', 'mrn'] as const;
const FIELD_ORDER = [
  ['givenName', 'register-given-name'],
  ['familyName', 'register-family-name'],
  ['birthDate', 'register-dob'],
  ['mrn', 'register-mrn'],
] as const;

export interface RegisterPatientFormProps {
  /** Receives the patient and the one-time invitation code; the form keeps neither, and empties itself. */
  onRegistered: (result: RegisteredPatient) => void;
}

/** Admins register a patient with the shared RegisterPatientInput schema; the API answers with an invitation code. */
export function RegisterPatientForm({ onRegistered }: RegisterPatientFormProps) {
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [mrn, setMrn] = useState('');
  const form = useFormErrors();
  const register = useRegisterPatient();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (register.isPending) return;
    const result = validateWithBirthDate(RegisterPatientInput, { givenName, familyName, mrn }, 'birthDate', birthDate);
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const registered = await register.mutateAsync(result.data);
      // Let go of the answer (it holds the code) before handing it on: it must not linger in the mutation cache.
      register.reset();
      setGivenName('');
      setFamilyName('');
      setBirthDate('');
      setMrn('');
      onRegistered(registered);
    } catch (error) {
      form.fail(formErrorsFromApi(error, FIELDS));
    }
  };

  const { errors } = form;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary headingLevel={3} message={errors.message} items={summaryItems(errors.fields, FIELD_ORDER)} focusKey={form.attempt} />
      <TextField
        id="register-given-name"
        label="Given name"
        value={givenName}
        onValueChange={setGivenName}
        error={errors.fields.givenName}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        id="register-family-name"
        label="Family name"
        value={familyName}
        onValueChange={setFamilyName}
        error={errors.fields.familyName}
        autoComplete="off"
        spellCheck={false}
      />
      <DateOfBirthField
        id="register-dob"
        hint="As on the patient's record: they will need it to create their account."
        value={birthDate}
        onChange={setBirthDate}
        error={errors.fields.birthDate}
        autofill={false}
      />
      <TextField
        id="register-mrn"
        label="Medical record number (MRN)"
        hint="Your practice's identifier for this patient."
        value={mrn}
        onValueChange={setMrn}
        error={errors.fields.mrn}
        autoComplete="off"
        spellCheck={false}
        width="medium"
      />
      <Button type="submit" pending={register.isPending} pendingLabel="Registering…">
        Register and create invitation code
      </Button>
    </form>
  );
}
