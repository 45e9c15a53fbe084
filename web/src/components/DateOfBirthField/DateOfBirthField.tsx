import { todayIso } from '../../forms/birth-date';
import { TextField } from '../TextField/TextField';

export interface DateOfBirthFieldProps {
  id: string;
  label?: string;
  hint?: string;
  /** YYYY-MM-DD, or '' while incomplete (what a native date input reports). */
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** Off when staff type someone else's date (no browser autofill of their own). */
  autofill?: boolean;
}

/** A native date input: keyboard-typable in every browser, and its value is the shared schema's YYYY-MM-DD. */
export function DateOfBirthField({ id, label = 'Date of birth', hint, value, onChange, error, autofill = true }: DateOfBirthFieldProps) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      type="date"
      min="1900-01-01"
      max={todayIso()}
      autoComplete={autofill ? 'bday' : 'off'}
      value={value}
      onValueChange={onChange}
      error={error}
      width="date"
    />
  );
}
