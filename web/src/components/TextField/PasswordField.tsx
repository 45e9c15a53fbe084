import { useState } from 'react';
import { TextField, type TextFieldProps } from './TextField';

/** A password input with a "Show password" toggle (fewer typos, no confirmation field needed). */
export function PasswordField(props: Omit<TextFieldProps, 'type' | 'suffix'>) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? 'text' : 'password'}
      spellCheck={false}
      autoCapitalize="none"
      suffix={
        <button
          type="button"
          className="button button--secondary button--small field__toggle"
          aria-controls={props.id}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        >
          Show password
        </button>
      }
    />
  );
}
