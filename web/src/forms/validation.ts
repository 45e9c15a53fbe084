import type { z } from 'zod';
import { ApiError, errorMessage } from '../api/api-error';

/** Field name → the first problem with it. */
export type FieldErrors = Partial<Record<string, string>>;

/** What a form shows after a failed submit: an overall message and/or per-field messages. */
export interface FormErrors {
  message?: string;
  fields: FieldErrors;
}

export const NO_ERRORS: FormErrors = { fields: {} };

export function hasErrors(errors: FormErrors): boolean {
  return Boolean(errors.message) || Object.values(errors.fields).some(Boolean);
}

export type Validation<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/** Validates with a shared zod schema; keeps the first message per top-level field, in the schema's order. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '';
    if (key && !fields[key]) fields[key] = issue.message;
  }
  return { ok: false, fields };
}

/** The API's error as form errors: its message for the summary, `details` next to their fields. */
export function formErrorsFromApi(error: unknown, knownFields: readonly string[]): FormErrors {
  const fields: FieldErrors = {};
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      // Paths may come as "birthDate", "body.birthDate" or "/birthDate".
      const key = detail.path.split(/[./]/).filter(Boolean).pop() ?? '';
      if (knownFields.includes(key) && !fields[key]) fields[key] = detail.message;
    }
  }
  return { message: errorMessage(error), fields };
}

/** Error-summary entries in the order the fields appear: [field name, id of the input to focus]. */
export function summaryItems(
  fields: FieldErrors,
  order: ReadonlyArray<readonly [field: string, inputId: string]>,
): Array<{ fieldId: string; message: string }> {
  return order.flatMap(([field, fieldId]) => {
    const message = fields[field];
    return message ? [{ fieldId, message }] : [];
  });
}

/** Some API error codes belong to one field (e.g. 409 email_taken): show their message there too. */
export function withCodeField(errors: FormErrors, error: unknown, codeFields: Readonly<Record<string, string>>): FormErrors {
  if (!(error instanceof ApiError)) return errors;
  const field = codeFields[error.code];
  if (!field || errors.fields[field]) return errors;
  return { ...errors, fields: { ...errors.fields, [field]: error.message } };
}
