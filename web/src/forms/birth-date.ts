import type { z } from 'zod';
import { validate, type Validation } from './validation';

export const BIRTH_DATE_REQUIRED = 'Date of birth is required.';

/**
 * Validates a form with a date of birth typed in a native date input. The input yields '' until a whole, real
 * date is entered, which the shared schema would describe in terms of YYYY-MM-DD (a format the person never
 * sees): say "required" instead. Range and other checks stay the shared schema's.
 */
export function validateWithBirthDate<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
  field: string,
  birthDate: string,
): Validation<z.output<S>> {
  const result = validate(schema, { ...values, [field]: birthDate });
  if (birthDate.trim()) return result;
  return { ok: false, fields: { ...(result.ok ? {} : result.fields), [field]: BIRTH_DATE_REQUIRED } };
}

/** Today as YYYY-MM-DD (UTC, as the shared schema compares), the latest possible date of birth. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
