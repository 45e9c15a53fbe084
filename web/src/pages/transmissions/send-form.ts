import type { z } from 'zod';
import { ApiError, errorMessage } from '../../api/api-error';
import { CreateTransmissionInput, DEFAULT_EXPIRY_DAYS, DEFAULT_MAX_DOWNLOADS, type DataClass, type TransmissionFormat } from '../../domain';
import type { FieldErrors, FormErrors } from '../../forms/validation';

export type SelectionKind = 'everything' | 'range' | 'classes' | 'documents';
export type Delivery = 'email' | 'email-and-code';

/** What the form holds, as typed: numbers stay text until they are checked. */
export interface SendFormValues {
  name: string;
  organisation: string;
  email: string;
  directAddress: string;
  fhirServerUrl: string;
  kind: SelectionKind;
  from: string;
  to: string;
  dataClasses: DataClass[];
  documentIds: string[];
  formats: TransmissionFormat[];
  purpose: string;
  expiresInDays: string;
  maxDownloads: string;
  delivery: Delivery;
  typedName: string;
  attestation: boolean;
}

export const INITIAL_VALUES: SendFormValues = {
  name: '',
  organisation: '',
  email: '',
  directAddress: '',
  fhirServerUrl: '',
  kind: 'everything',
  from: '',
  to: '',
  dataClasses: [],
  documentIds: [],
  formats: ['pdf'],
  purpose: '',
  expiresInDays: String(DEFAULT_EXPIRY_DAYS),
  maxDownloads: String(DEFAULT_MAX_DOWNLOADS),
  delivery: 'email-and-code',
  typedName: '',
  attestation: false,
};

/** The input each field's error links to, in the order of the form (the error summary follows it). */
export const FIELD_IDS = {
  name: 'tx-recipient-name',
  organisation: 'tx-recipient-organisation',
  email: 'tx-recipient-email',
  directAddress: 'tx-direct-address',
  fhirServerUrl: 'tx-fhir-server',
  selection: 'tx-what-everything',
  dates: 'tx-dates',
  dataClasses: 'tx-classes',
  documentIds: 'tx-documents',
  formats: 'tx-format-pdf',
  purpose: 'tx-purpose',
  expiresInDays: 'tx-expiry',
  maxDownloads: 'tx-max-downloads',
  delivery: 'tx-delivery-email-and-code',
  typedName: 'tx-typed-name',
  attestation: 'tx-attestation',
} as const;

export type SendField = keyof typeof FIELD_IDS;

export type SendBody = z.input<typeof CreateTransmissionInput>;

/** "7" → 7; anything that is not a number (or nothing) is NaN, which the schema refuses with its own message. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

const optional = (text: string) => (text.trim() ? text : undefined);

function selectionOf(v: SendFormValues): SendBody['selection'] {
  switch (v.kind) {
    case 'everything':
      return { kind: 'everything' };
    case 'range':
      return { kind: 'range', from: v.from, to: v.to };
    case 'classes':
      return { kind: 'classes', dataClasses: v.dataClasses, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
    case 'documents':
      return { kind: 'documents', documentIds: v.documentIds };
  }
}

/** The request the API expects; empty optional fields are left out. */
export function requestBody(v: SendFormValues, idempotencyKey: string): SendBody {
  const organisation = optional(v.organisation);
  const directAddress = optional(v.directAddress);
  const fhirServerUrl = optional(v.fhirServerUrl);
  return {
    idempotencyKey,
    recipient: {
      name: v.name,
      email: v.email,
      ...(organisation ? { organisation } : {}),
      ...(directAddress ? { directAddress } : {}),
      ...(fhirServerUrl ? { fhirServerUrl } : {}),
    },
    selection: selectionOf(v),
    formats: v.formats,
    purpose: v.purpose,
    expiresInDays: toNumber(v.expiresInDays),
    maxDownloads: toNumber(v.maxDownloads),
    delivery: v.delivery,
    signature: { typedName: v.typedName, attestation: v.attestation as true },
  };
}

/** The form's field for a problem the schema (or the API) reports at `path`. */
function fieldFor(path: ReadonlyArray<PropertyKey>): SendField | undefined {
  const [head, sub] = path.map(String);
  switch (head) {
    case 'recipient':
      return sub === 'name' || sub === 'organisation' || sub === 'email' || sub === 'directAddress' || sub === 'fhirServerUrl' ? sub : 'name';
    case 'selection':
      if (sub === 'from' || sub === 'to') return 'dates';
      if (sub === 'dataClasses') return 'dataClasses';
      if (sub === 'documentIds') return 'documentIds';
      return 'selection';
    case 'signature':
      return sub === 'attestation' ? 'attestation' : 'typedName';
    case 'formats':
    case 'purpose':
    case 'expiresInDays':
    case 'maxDownloads':
    case 'delivery':
      return head;
    default:
      return undefined;
  }
}

export const FORMAT_RULES = {
  originals: 'Chosen documents are sent as they are: tick “Original documents”.',
  onlyOriginals: 'For chosen documents, tick only “Original documents”. The other formats are made from your whole health record: to send them, choose another option in step 2.',
  fhir: 'To send to a FHIR server, tick “FHIR R4 Bundle”.',
  fhirDocuments: 'A FHIR server can’t receive chosen documents. Remove the FHIR server address, or choose another option in step 2.',
} as const;

/**
 * Checks the form with the API's own schema (the answer is what it makes of it: trimmed, defaults filled), plus what the API checks beyond it (formats that the choice needs)
 * and dates the patient has not filled in yet, in plain words.
 */
export function validateSend(v: SendFormValues, idempotencyKey: string): { ok: true; data: CreateTransmissionInput } | { ok: false; fields: FieldErrors } {
  const body = requestBody(v, idempotencyKey);
  const fields: FieldErrors = {};
  const result = CreateTransmissionInput.safeParse(body);
  for (const issue of result.error?.issues ?? []) {
    const key = fieldFor(issue.path);
    if (key && !fields[key]) fields[key] = issue.message;
  }
  if (v.kind === 'range' && (!v.from || !v.to)) {
    fields.dates = !v.from && !v.to ? 'Enter the first and the last date of the records to send.' : !v.from ? 'Enter the “From” date.' : 'Enter the “To” date.';
  }
  // The API sends chosen documents as originals only (it makes no PDF, FHIR or CCD of them, and pushes nothing to
  // a FHIR server): ask for exactly that rather than let the directive name formats that will not be in it.
  if (v.kind === 'documents') {
    if (v.fhirServerUrl.trim() && !fields.fhirServerUrl) fields.fhirServerUrl = FORMAT_RULES.fhirDocuments;
    if (!fields.formats && !v.formats.includes('originals')) fields.formats = FORMAT_RULES.originals;
    else if (!fields.formats && v.formats.length > 1) fields.formats = FORMAT_RULES.onlyOriginals;
  } else if (!fields.formats && v.fhirServerUrl.trim() && !v.formats.includes('fhir')) {
    fields.formats = FORMAT_RULES.fhir;
  }
  if (result.success && Object.keys(fields).length === 0) return { ok: true, data: result.data };
  return { ok: false, fields };
}

/** Whether the API may have made the transmission although we got no answer: a retry must then use the same key. */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.code === 'transmission_in_progress');
}

export const RETRY_IS_SAFE = 'Sending again is safe: your records will not be sent twice.';
export const KEY_REUSED =
  'An earlier try of this form reached us with different details, and may have been sent. Check “Records you’ve sent” before you send again. If it isn’t there, send the form again.';

/** The API's refusal as form errors: its message (in plain words where it needs them), and `details` next to their fields. */
export function sendErrorsFromApi(error: unknown): FormErrors {
  const fields: FieldErrors = {};
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const key = fieldFor(detail.path.split('.').filter(Boolean));
      if (key && !fields[key]) fields[key] = detail.message;
    }
    if (error.code === 'idempotency_key_reused') return { message: KEY_REUSED, fields };
    if (error.status === 0 || error.status >= 500) return { message: `${error.message} ${RETRY_IS_SAFE}`, fields };
  }
  return { message: errorMessage(error), fields };
}

/** Error-summary entries in the order of the form, each linked to its input. */
export function sendSummaryItems(fields: FieldErrors): Array<{ fieldId: string; message: string }> {
  return (Object.keys(FIELD_IDS) as SendField[]).flatMap((key) => {
    const message = fields[key];
    return message ? [{ fieldId: FIELD_IDS[key], message }] : [];
  });
}
