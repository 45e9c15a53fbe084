import { ApiError, errorMessage } from '../../api/api-error';
import { isBlankRow, notifyFieldId, type NotifyRow } from '../../components/CorrectionNotifyFields/CorrectionNotifyFields';
import type { CorrectionTarget } from '../../components/CorrectionLinks/correction-links';
import { CreateCorrectionInput } from '../../domain';
import type { FieldErrors, FormErrors } from '../../forms/validation';

export const FIELD_IDS = {
  practice: 'correction-practice-0',
  whatIsWrong: 'correction-what-is-wrong',
  shouldSay: 'correction-should-say',
  reason: 'correction-reason',
  notify: 'correction-notify-list',
  notifyPrefix: 'correction-notify',
} as const;

export interface CorrectionFormValues {
  /** What the request is about; for a general request, the practice chosen (possibly none yet). */
  target: Exclude<CorrectionTarget, { kind: 'general' }> | { kind: 'general'; practiceId: string };
  whatIsWrong: string;
  shouldSay: string;
  reason: string;
  notify: readonly NotifyRow[];
}

type Body = CreateCorrectionInput;

/**
 * The form's field for a problem the shared schema (or the API) reports at `path`. Rows the patient left empty are
 * not sent, so the index in the body is mapped back to the row on screen.
 */
function fieldFor(path: ReadonlyArray<PropertyKey>, rowIndex: readonly number[]): string {
  const [head, index, field] = path;
  if (head === 'target') return 'practice';
  if (head === 'notify' && typeof index === 'number' && field !== undefined) return `notify.${rowIndex[index] ?? index}.${String(field)}`;
  return head === undefined ? '' : String(head);
}

/** The rows with something in them, and where each one is on screen. */
function filledRows(rows: readonly NotifyRow[]) {
  const rowIndex: number[] = [];
  const filled = rows.filter((row, i) => !isBlankRow(row) && rowIndex.push(i) > 0);
  return { filled, rowIndex };
}

export function requestBody(values: CorrectionFormValues) {
  const { filled, rowIndex } = filledRows(values.notify);
  const body = {
    target: values.target,
    whatIsWrong: values.whatIsWrong,
    shouldSay: values.shouldSay,
    reason: values.reason,
    notify: filled.map((row) => ({ name: row.name, email: row.email, ...(row.organisation.trim() ? { organisation: row.organisation } : {}) })),
  };
  return { body, rowIndex };
}

/** Validates with the API's own schema; the problems are keyed by the form's fields ("notify.2.email" for a row). */
export function validateCorrection(values: CorrectionFormValues): { ok: true; data: Body } | { ok: false; fields: FieldErrors } {
  const { body, rowIndex } = requestBody(values);
  const fields: FieldErrors = {};
  if (values.target.kind === 'general' && !values.target.practiceId) fields.practice = 'Choose the practice you are asking.';
  const result = CreateCorrectionInput.safeParse(body);
  if (result.success && !fields.practice) return { ok: true, data: result.data };
  for (const issue of result.error?.issues ?? []) {
    const key = fieldFor(issue.path, rowIndex);
    if (key && !fields[key]) fields[key] = issue.message;
  }
  return { ok: false, fields };
}

/** The API's refusal as form errors: its message, and `details` next to the fields they name. */
export function correctionErrorsFromApi(error: unknown, values: CorrectionFormValues): FormErrors {
  const fields: FieldErrors = {};
  const { rowIndex } = requestBody(values);
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const path = detail.path.split(/[./]/).filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      const key = fieldFor(path, rowIndex);
      // Only a general request has a field for its target (the practice); otherwise the message says it.
      if (key === 'practice' && values.target.kind !== 'general') continue;
      if (key && !fields[key]) fields[key] = detail.message;
    }
  }
  return { message: errorMessage(error), fields };
}

/** Error-summary entries in the order of the form, each linked to its input. */
export function correctionSummaryItems(fields: FieldErrors, rows: number): Array<{ fieldId: string; message: string }> {
  const items: Array<{ fieldId: string; message: string }> = [];
  const add = (key: string, fieldId: string, prefix = '') => {
    const message = fields[key];
    if (message) items.push({ fieldId, message: `${prefix}${message}` });
  };
  add('practice', FIELD_IDS.practice);
  add('whatIsWrong', FIELD_IDS.whatIsWrong);
  add('shouldSay', FIELD_IDS.shouldSay);
  add('reason', FIELD_IDS.reason);
  add('notify', FIELD_IDS.notify);
  for (let i = 0; i < rows; i += 1) {
    for (const field of ['name', 'organisation', 'email'] as const) {
      add(`notify.${i}.${field}`, notifyFieldId(FIELD_IDS.notifyPrefix, i, field), `Person or organisation ${i + 1}: `);
    }
  }
  return items;
}
