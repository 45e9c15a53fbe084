import { useEffect, useRef } from 'react';
import type { FieldErrors } from '../../forms/validation';
import { Button } from '../Button/Button';
import { TextField } from '../TextField/TextField';

/** The most people or organisations a request may name (the API's limit). */
export const MAX_NOTIFY = 10;

export interface NotifyRow {
  /** Stable across removals, for React and for the inputs' ids. */
  key: number;
  name: string;
  organisation: string;
  email: string;
}

export const notifyFieldId = (idPrefix: string, index: number, field: 'name' | 'organisation' | 'email') => `${idPrefix}-${index}-${field}`;

let nextKey = 1;
export const emptyNotifyRow = (): NotifyRow => ({ key: nextKey++, name: '', organisation: '', email: '' });
export const isBlankRow = (row: NotifyRow) => !row.name.trim() && !row.organisation.trim() && !row.email.trim();

export interface CorrectionNotifyFieldsProps {
  idPrefix: string;
  rows: readonly NotifyRow[];
  onChange: (rows: NotifyRow[]) => void;
  /** Keyed "notify.<index>.<field>", as the shared schema reports them; "notify" for the list as a whole. */
  errors: FieldErrors;
}

/**
 * People or organisations the practice should tell if it accepts the request (164.526(c)(3)): a row each, added
 * and removed with buttons. Adding moves the focus to the new name; removing moves it to "Add".
 */
export function CorrectionNotifyFields({ idPrefix, rows, onChange, errors }: CorrectionNotifyFieldsProps) {
  const addRef = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<'new-row' | 'add' | null>(null);
  const listError = errors.notify;

  useEffect(() => {
    if (focusAfter.current === 'new-row' && rows.length > 0) document.getElementById(notifyFieldId(idPrefix, rows.length - 1, 'name'))?.focus();
    if (focusAfter.current === 'add') addRef.current?.focus();
    focusAfter.current = null;
  }, [rows.length, idPrefix]);

  const update = (index: number, changes: Partial<NotifyRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...changes } : row)));

  return (
    <fieldset className={listError ? 'field field--error correction-notify' : 'field correction-notify'} id={`${idPrefix}-list`} tabIndex={-1}>
      <legend className="field__label">People to tell if your request is accepted (optional)</legend>
      <p className="field__hint">
        If the practice accepts your request, they will let these people or organisations know, for example another
        doctor or your insurer. Up to {MAX_NOTIFY}.
      </p>
      {listError && (
        <p className="field__error">
          <span className="visually-hidden">Error:</span> {listError}
        </p>
      )}
      {rows.length > 0 && (
        <ol className="correction-notify__list">
          {rows.map((row, index) => {
            const n = index + 1;
            return (
              <li key={row.key} className="correction-notify__row">
                <fieldset className="correction-notify__person">
                  <legend className="correction-notify__legend">Person or organisation {n}</legend>
                  <TextField
                    id={notifyFieldId(idPrefix, index, 'name')}
                    label="Name"
                    value={row.name}
                    onValueChange={(name) => update(index, { name })}
                    error={errors[`notify.${index}.name`]}
                    autoComplete="off"
                    width="medium"
                  />
                  <TextField
                    id={notifyFieldId(idPrefix, index, 'organisation')}
                    label="Organisation (optional)"
                    value={row.organisation}
                    onValueChange={(organisation) => update(index, { organisation })}
                    error={errors[`notify.${index}.organisation`]}
                    autoComplete="off"
                    width="medium"
                  />
                  <TextField
                    id={notifyFieldId(idPrefix, index, 'email')}
                    label="E-mail address"
                    type="email"
                    value={row.email}
                    onValueChange={(email) => update(index, { email })}
                    error={errors[`notify.${index}.email`]}
                    autoComplete="off"
                    spellCheck={false}
                    autoCapitalize="none"
                    width="medium"
                  />
                  <Button
                    variant="secondary"
                    size="small"
                    onClick={() => {
                      focusAfter.current = 'add';
                      onChange(rows.filter((_, i) => i !== index));
                    }}
                  >
                    Remove <span className="visually-hidden">person or organisation {n}</span>
                  </Button>
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      {rows.length < MAX_NOTIFY ? (
        <Button
          ref={addRef}
          variant="secondary"
          onClick={() => {
            focusAfter.current = 'new-row';
            onChange([...rows, emptyNotifyRow()]);
          }}
        >
          {rows.length === 0 ? 'Add a person or organisation' : 'Add another'}
        </Button>
      ) : (
        <p className="muted">You have named {MAX_NOTIFY}, the most one request can name.</p>
      )}
    </fieldset>
  );
}
