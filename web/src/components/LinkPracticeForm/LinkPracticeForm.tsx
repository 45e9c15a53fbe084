import { useState, type FormEvent } from 'react';
import { useLinkPractice } from '../../api/hooks';
import { LinkPracticeInput } from '../../domain';
import { validateWithBirthDate } from '../../forms/birth-date';
import { useFormErrors } from '../../forms/use-form-errors';
import { formErrorsFromApi, summaryItems, withCodeField } from '../../forms/validation';
import { Button } from '../Button/Button';
import { DateOfBirthField } from '../DateOfBirthField/DateOfBirthField';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary';
import { Notice } from '../Notice/Notice';
import { TextField } from '../TextField/TextField';

const FIELD_ORDER = [
  ['invitationCode', 'link-code'],
  ['birthDate', 'link-dob'],
] as const;

/** A signed-in patient links another practice with that practice's invitation code and their date of birth. */
export function LinkPracticeForm() {
  const [code, setCode] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [linkedTo, setLinkedTo] = useState<string | null>(null);
  const form = useFormErrors();
  const link = useLinkPractice();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (link.isPending) return;
    setLinkedTo(null);
    const result = validateWithBirthDate(LinkPracticeInput, { invitationCode: code }, 'birthDate', birthDate);
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const created = await link.mutateAsync(result.data);
      setLinkedTo(created.practiceName);
      setCode('');
      setBirthDate('');
    } catch (error) {
      form.fail(withCodeField(formErrorsFromApi(error, ['invitationCode', 'birthDate']), error, { invitation_invalid: 'invitationCode' }));
    }
  };

  const { errors } = form;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary
        headingLevel={3}
        message={errors.message}
        items={summaryItems(errors.fields, FIELD_ORDER)}
        focusKey={form.attempt}
      />
      {linkedTo && <Notice tone="success">You're now linked to {linkedTo}. Their records appear here as soon as they upload them.</Notice>}
      <TextField
        id="link-code"
        label="Invitation code"
        hint="The 12-character code the practice gave you, for example ABCD-EFGH-JKMN."
        value={code}
        onValueChange={setCode}
        error={errors.fields.invitationCode}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        width="medium"
      />
      <DateOfBirthField id="link-dob" value={birthDate} onChange={setBirthDate} error={errors.fields.birthDate} />
      <Button type="submit" pending={link.isPending} pendingLabel="Linking…">
        Link practice
      </Button>
    </form>
  );
}
