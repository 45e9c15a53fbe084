/**
 * Request and response shapes of the portal's API. The Lambdas validate input with these schemas and the
 * portal's forms use the same ones, so a rule is written once.
 */
import { z } from 'zod';
import { PASSWORD_POLICY } from '../platform/resources';
import { DENIAL_GROUNDS, REQUEST_ID_PATTERN } from './corrections';
import { DEFAULT_EXPIRY_DAYS, DEFAULT_MAX_DOWNLOADS, MAX_DOWNLOADS, MAX_EXPIRY_DAYS, TRANSMISSION_FORMATS, TRANSMISSION_ID_PATTERN } from './transmissions';

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);

/** A person's name part: letters of any script, spaces, apostrophes, hyphens and dots. */
export const NamePart = (label: string) =>
  trimmed(100, label).regex(/^[\p{L}\p{M}][\p{L}\p{M} .'\u2019-]*$/u, `${label} may contain only letters, spaces, apostrophes, hyphens and dots.`);

/** ISO calendar date (YYYY-MM-DD) that exists, between 1900-01-01 and today. */
export const BirthDate = z
  .string({ error: 'Date of birth is required.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date of birth must be a date in the form YYYY-MM-DD.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Date of birth is not a real calendar date.')
  .refine((s) => s >= '1900-01-01' && s <= new Date().toISOString().slice(0, 10), 'Date of birth must be between 1900 and today.');

export const Email = z
  .string({ error: 'E-mail address is required.' })
  .trim()
  .toLowerCase()
  .max(254, 'E-mail address is too long.')
  .pipe(z.email('Enter a valid e-mail address.'));

export const Password = z
  .string({ error: 'Password is required.' })
  .min(PASSWORD_POLICY.minLength, `Password must be at least ${PASSWORD_POLICY.minLength} characters.`)
  .max(256, 'Password is too long.')
  .refine((p) => /[a-z]/.test(p), 'Password needs a lowercase letter.')
  .refine((p) => /[A-Z]/.test(p), 'Password needs an uppercase letter.')
  .refine((p) => /\d/.test(p), 'Password needs a digit.')
  .refine((p) => /[^A-Za-z0-9]/.test(p), 'Password needs a symbol.');

/** A practice's medical record number: their own identifier, kept as given. */
export const Mrn = trimmed(64, 'MRN').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'MRN may contain only letters, digits, dots, hyphens and underscores.');

/** Crockford base32 alphabet: no I, L, O, U, so that codes read aloud or typed from paper are unambiguous. */
export const INVITATION_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const INVITATION_LENGTH = 12;

/** Normalises what a person typed (spaces, hyphens, lower case, look-alike letters) to the canonical code. */
export function normalizeInvitationCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export const InvitationCode = z
  .string({ error: 'Invitation code is required.' })
  .transform(normalizeInvitationCode)
  .pipe(
    z
      .string()
      .length(INVITATION_LENGTH, `Invitation code has ${INVITATION_LENGTH} characters (e.g. ABCD-EFGH-JKMN).`)
      .regex(new RegExp(`^[${INVITATION_ALPHABET}]+$`), 'Invitation code contains characters that are not used in codes.'),
  );

export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid identifier.');

export const SignInInput = z.strictObject({
  email: Email,
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(256, 'Password is too long.'),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const MfaCode = z.string({ error: 'The 6-digit code is required.' }).trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.');

export const AnswerMfaChallengeInput = z.strictObject({
  email: Email,
  session: z.string().min(1).max(4096),
  code: MfaCode,
});
export type AnswerMfaChallengeInput = z.infer<typeof AnswerMfaChallengeInput>;

export const StartMfaSetupInput = z.strictObject({ accessToken: z.string().min(1).max(8192) });
export const FinishMfaSetupInput = z.strictObject({ accessToken: z.string().min(1).max(8192), code: MfaCode });

export const SignUpPatientInput = z.strictObject({
  email: Email,
  password: Password,
  invitationCode: InvitationCode,
  birthDate: BirthDate,
});
export type SignUpPatientInput = z.infer<typeof SignUpPatientInput>;

export const LinkPracticeInput = z.strictObject({
  invitationCode: InvitationCode,
  birthDate: BirthDate,
});
export type LinkPracticeInput = z.infer<typeof LinkPracticeInput>;

export const RegisterPatientInput = z.strictObject({
  givenName: NamePart('Given name'),
  familyName: NamePart('Family name'),
  birthDate: BirthDate,
  mrn: Mrn,
});
export type RegisterPatientInput = z.infer<typeof RegisterPatientInput>;

/** The largest file a practice may upload in one piece (S3's single-PUT limit). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

export const Filename = z
  .string({ error: 'File name is required.' })
  .min(1, 'File name is required.')
  .max(255, 'File name must be at most 255 characters.')
  .refine((n) => !/[\/\\\u0000-\u001f\u007f]/.test(n), 'File name must not contain slashes or control characters.')
  .refine((n) => n !== '.' && n !== '..', 'File name is not valid.');

export const CreateUploadInput = z.strictObject({
  filename: Filename,
  size: z
    .number({ error: 'File size is required.' })
    .int('File size must be a whole number of bytes.')
    .min(1, 'The file is empty.')
    .max(MAX_UPLOAD_BYTES, 'Files larger than 5 GB cannot be uploaded.'),
  sha256: z.string({ error: 'The SHA-256 of the file is required.' }).regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hexadecimal characters.'),
  contentType: z.string().max(100, 'Content type is too long.').regex(/^[\w.+-]+\/[\w.+-]+$/, 'Content type is not valid.').optional(),
  title: z.string().trim().min(1).max(200, 'Title must be at most 200 characters.').optional(),
  /** A corrected upload: the document it replaces (which stays, marked as superseded). */
  supersedes: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid document id.').optional(),
});
export type CreateUploadInput = z.infer<typeof CreateUploadInput>;

/** Completing an upload sent in parts: each part's number and the ETag storage answered for it. */
export const CompleteUploadInput = z.strictObject({
  parts: z
    .array(z.strictObject({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }), { error: 'parts must list each part with its partNumber and etag.' })
    .min(1, 'List at least one part.')
    .max(10_000),
});
export type CompleteUploadInput = z.infer<typeof CompleteUploadInput>;

export const UploadIdPath = z.strictObject({ uploadId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid upload id.') });
export const DocumentIdPath = z.strictObject({ documentId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid document id.') });
export const PatientDocumentPath = z.strictObject({
  patientId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid identifier.'),
  documentId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Not a valid document id.'),
});

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int('Limit must be a whole number.').min(1, 'Limit must be at least 1.').max(100, 'Limit must be at most 100.').default(25),
  cursor: z.string().max(2048).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const PatientListQuery = PageQuery.extend({ mrn: Mrn.optional() });
export type PatientListQuery = z.infer<typeof PatientListQuery>;

export const PatientIdPath = z.strictObject({ patientId: Id });

// ---- responses (zod too, so that docs/openapi.yaml is generated from the same definitions) ----

export const Role = z.enum(['patient', 'staff', 'admin']);
export type Role = z.infer<typeof Role>;

export const SessionTokens = z.object({ idToken: z.string(), accessToken: z.string(), expiresIn: z.number().int() });
export type SessionTokens = z.infer<typeof SessionTokens>;

export const SignInResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-in'), tokens: SessionTokens }),
  z.object({ status: z.literal('mfa-required'), session: z.string() }),
  /** Staff without TOTP where MFA is required: only an access token to enrol an authenticator, no API access. */
  z.object({ status: z.literal('mfa-setup-required'), accessToken: z.string() }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

export const MfaSetup = z.object({ secret: z.string(), otpauthUri: z.string() });
export const MfaEnabled = z.object({ enabled: z.literal(true) });

export const PracticeSummary = z.object({ practiceId: z.string(), name: z.string(), phone: z.string().optional(), address: z.string().optional() });
export type PracticeSummary = z.infer<typeof PracticeSummary>;

export const AccountLink = z.object({ practiceId: z.string(), practiceName: z.string(), patientId: z.string(), linkedAt: z.string() });
export type AccountLink = z.infer<typeof AccountLink>;

export const Me = z.object({
  accountId: z.string(),
  email: z.string(),
  role: Role,
  /** Staff and admins: their practice. */
  practice: PracticeSummary.optional(),
  /** Patients: the practices their account is linked to. */
  links: z.array(AccountLink),
});
export type Me = z.infer<typeof Me>;

export const PracticePatient = z.object({
  patientId: z.string(),
  practiceId: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  status: z.enum(['invited', 'linked']),
  createdAt: z.string(),
  invitationExpiresAt: z.string().optional(),
});
export type PracticePatient = z.infer<typeof PracticePatient>;

export const IssuedInvitation = z.object({
  /** Shown once, formatted XXXX-XXXX-XXXX; only its hash is stored. */
  code: z.string(),
  expiresAt: z.string(),
});
export type IssuedInvitation = z.infer<typeof IssuedInvitation>;

export const RegisteredPatient = z.object({ patient: PracticePatient, invitation: IssuedInvitation });
export type RegisteredPatient = z.infer<typeof RegisteredPatient>;

export const DocumentKind = z.enum(['fhir', 'ccda', 'pdf', 'image']);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DocumentSummary = z.object({
  documentId: z.string(),
  patientId: z.string(),
  practiceId: z.string(),
  practiceName: z.string(),
  title: z.string(),
  kind: DocumentKind,
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Clinical date of the document (YYYY-MM-DD). */
  date: z.string(),
  author: z.string().optional(),
  createdAt: z.string(),
  filename: z.string().optional(),
  version: z.number().int().optional(),
  supersedes: z.string().optional(),
  /** Accepted correction requests that amend this document (the original stays as uploaded). */
  amendedBy: z.array(z.string()).optional(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const CreatedUpload = z.discriminatedUnion('method', [
  z.object({
    uploadId: z.string(),
    documentId: z.string(),
    method: z.literal('PUT'),
    url: z.string(),
    /** Send exactly these headers with the PUT. */
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
  /** Large files go up in parts: PUT each slice of `partSize` bytes (the last one shorter) to its URL, in any order. */
  z.object({
    uploadId: z.string(),
    documentId: z.string(),
    method: z.literal('MULTIPART'),
    partSize: z.number().int(),
    parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })),
    expiresAt: z.string(),
  }),
]);
export type CreatedUpload = z.infer<typeof CreatedUpload>;

export const CompletedUpload = z.object({
  document: DocumentSummary,
  /** Structured items read from the file; those already in the record (an earlier upload of the same facts) are not doubled. */
  structured: z.object({ items: z.number().int(), added: z.number().int(), alreadyKnown: z.number().int() }),
  warnings: z.array(z.string()),
});

export const DATA_CLASSES = [
  'problems',
  'medications',
  'allergies',
  'lab-results',
  'vital-signs',
  'immunizations',
  'procedures',
  'encounters',
  'clinical-notes',
  'care-team',
  'goals',
  'health-concerns',
  'assessment-and-plan',
] as const;
export const DataClassPath = z.strictObject({ dataClass: z.enum(DATA_CLASSES, { error: `Data class must be one of: ${DATA_CLASSES.join(', ')}.` }) });

export const RecordItemView = z.object({
  practiceId: z.string(),
  practiceName: z.string(),
  dataClass: z.enum(DATA_CLASSES),
  itemKey: z.string(),
  date: z.string().optional(),
  /** The FHIR R4 resource (US Core shaped). */
  resource: z.record(z.string(), z.unknown()),
  /** Documents this item came from. */
  sources: z.array(z.string()),
  /** Accepted correction requests that amend this item (the item stays as it arrived). */
  amendedBy: z.array(z.string()).optional(),
});
export type RecordItemView = z.infer<typeof RecordItemView>;

/** A calendar date (YYYY-MM-DD) that exists. */
export const CalendarDate = (label: string) =>
  z
    .string({ error: `${label} must be a date in the form YYYY-MM-DD.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the form YYYY-MM-DD.`)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, `${label} is not a real calendar date.`);

/** A page of the patient's record or documents, optionally of one linked practice and dated within [from, to]. */
export const RecordListQuery = PageQuery.extend({
  practiceId: Id.optional(),
  from: CalendarDate('From').optional(),
  to: CalendarDate('To').optional(),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'From must be on or before To.', path: ['from'] });
export type RecordListQuery = z.infer<typeof RecordListQuery>;

export const EXPORT_FORMATS = ['fhir', 'pdf', 'ccda'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A download of the whole record, or of the items dated within [from, to] (both ends included). */
export const CreateExportInput = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS, { error: `Format must be one of: ${EXPORT_FORMATS.join(', ')}.` }),
    from: CalendarDate('From').optional(),
    to: CalendarDate('To').optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'From must be on or before To.', path: ['from'] });
export type CreateExportInput = z.infer<typeof CreateExportInput>;

export const CreatedExport = z.object({
  url: z.string(),
  expiresAt: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Record items in the file. */
  itemCount: z.number().int(),
});
export type CreatedExport = z.infer<typeof CreatedExport>;

// ---- corrections (HIPAA 164.526) ----

const Text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);

export const CorrectionId = z.string().regex(REQUEST_ID_PATTERN, 'Not a valid correction request id.');
export const CorrectionPath = z.strictObject({ requestId: CorrectionId });
export const PatientCorrectionPath = z.strictObject({ patientId: Id, requestId: CorrectionId });

export const CorrectionTargetInput = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('document'), documentId: Id }),
    z.strictObject({
      kind: z.literal('item'),
      practiceId: Id,
      dataClass: z.enum(DATA_CLASSES, { error: `Data class must be one of: ${DATA_CLASSES.join(', ')}.` }),
      itemKey: z.string().regex(/^[0-9a-f]{32}$/, 'Not a valid record item key.'),
    }),
    z.strictObject({ kind: z.literal('general'), practiceId: Id }),
  ],
  { error: 'Say what the request is about: a document, a record item, or something else at a practice (kind: document, item or general).' },
);

export const NotifyPersonInput = z.strictObject({
  name: Text('Name', 200),
  organisation: z.string().trim().max(200, 'Organisation must be at most 200 characters.').optional(),
  email: Email,
});

export const CreateCorrectionInput = z.strictObject({
  target: CorrectionTargetInput,
  whatIsWrong: Text('What is wrong', 2000),
  shouldSay: Text('What it should say', 2000),
  reason: Text('Why', 2000),
  notify: z.array(NotifyPersonInput).max(10, 'Name at most 10 people or organisations to notify.').default([]),
});
export type CreateCorrectionInput = z.infer<typeof CreateCorrectionInput>;

export const ExtendCorrectionInput = z.strictObject({ reason: Text('The reason for the extension', 2000) });
export const AcceptCorrectionInput = z.strictObject({
  amendment: Text('The amendment', 4000),
  /** A document of the same patient that carries the corrected content (uploaded first, as usual). */
  amendmentDocumentId: Id.optional(),
});
export const DenyCorrectionInput = z.strictObject({
  ground: z.enum(DENIAL_GROUNDS, { error: `A denial needs one of the grounds of 45 CFR 164.526(a)(2): ${DENIAL_GROUNDS.join(', ')}.` }),
  explanation: Text('The explanation', 4000),
});
/** "Reasonably limited in length", as 164.526(d)(3) allows. */
export const DISAGREEMENT_MAX_CHARS = 2000;
export const DisagreementInput = z.strictObject({ statement: Text('The statement of disagreement', DISAGREEMENT_MAX_CHARS) });
export const RebuttalInput = z.strictObject({ text: Text('The rebuttal', 4000) });
export const CorrectionQueueQuery = PageQuery.extend({
  status: z.enum(['open', 'closed'], { error: 'Status must be open or closed.' }).default('open'),
});
export type CorrectionQueueQuery = z.infer<typeof CorrectionQueueQuery>;

const CorrectionTargetView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('document'), documentId: z.string() }),
  z.object({ kind: z.literal('item'), dataClass: z.enum(DATA_CLASSES), itemKey: z.string() }),
  z.object({ kind: z.literal('general') }),
]);

/** A correction request as the patient sees it (staff see the same plus who the patient is and who acted). */
export const CorrectionView = z.object({
  requestId: z.string(),
  practiceId: z.string(),
  practiceName: z.string(),
  patientId: z.string(),
  target: CorrectionTargetView,
  targetLabel: z.string(),
  whatIsWrong: z.string(),
  shouldSay: z.string(),
  reason: z.string(),
  notify: z.array(z.object({ name: z.string(), organisation: z.string().optional(), email: z.string() })),
  status: z.enum(['submitted', 'extended', 'accepted', 'denied', 'withdrawn']),
  receivedAt: z.string(),
  /** 60 days after receipt, or 90 once extended (UTC). */
  dueAt: z.string(),
  overdue: z.boolean(),
  extension: z.object({ at: z.string(), reason: z.string(), previousDueAt: z.string(), by: z.string().optional() }).optional(),
  decision: z
    .discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('accepted'), at: z.string(), by: z.string().optional(), amendment: z.string(), amendmentDocumentId: z.string().optional(), notifiedCount: z.number().int() }),
      z.object({ outcome: z.literal('denied'), at: z.string(), by: z.string().optional(), ground: z.enum(DENIAL_GROUNDS), groundText: z.string(), explanation: z.string(), letter: z.array(z.string()) }),
    ])
    .optional(),
  withdrawnAt: z.string().optional(),
  disagreement: z.object({ at: z.string(), statement: z.string() }).optional(),
  rebuttal: z.object({ at: z.string(), text: z.string(), by: z.string().optional() }).optional(),
  /** Staff only: the patient as registered at the practice. */
  patient: z.object({ givenName: z.string(), familyName: z.string(), mrn: z.string() }).optional(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

// ---- transmissions (HIPAA 164.524 directed copies) ----

export const TransmissionId = z.string().regex(TRANSMISSION_ID_PATTERN, 'Not a valid transmission id.');
export const TransmissionPath = z.strictObject({ transmissionId: TransmissionId });
export const PatientTransmissionPath = z.strictObject({ patientId: Id, transmissionId: TransmissionId });

const DataClassName = z.enum(DATA_CLASSES, { error: `Data class must be one of: ${DATA_CLASSES.join(', ')}.` });
const rangeOk = (v: { from?: string | undefined; to?: string | undefined }) => !v.from || !v.to || v.from <= v.to;

export const SelectionInput = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('everything') }),
    z.strictObject({ kind: z.literal('range'), from: CalendarDate('From'), to: CalendarDate('To') }).refine(rangeOk, { message: 'From must be on or before To.', path: ['from'] }),
    z
      .strictObject({
        kind: z.literal('classes'),
        dataClasses: z.array(DataClassName).min(1, 'Choose at least one kind of record.').max(DATA_CLASSES.length),
        from: CalendarDate('From').optional(),
        to: CalendarDate('To').optional(),
      })
      .refine(rangeOk, { message: 'From must be on or before To.', path: ['from'] }),
    z.strictObject({ kind: z.literal('documents'), documentIds: z.array(Id).min(1, 'Choose at least one document.').max(50, 'Choose at most 50 documents.') }),
  ],
  { error: 'Say what to send: everything, a date range, kinds of records or chosen documents (kind: everything, range, classes or documents).' },
);

const HttpUrl = z
  .string()
  .trim()
  .max(500, 'The FHIR server URL must be at most 500 characters.')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.hash;
    } catch {
      return false;
    }
  }, 'The FHIR server URL must be a web address starting with https:// (no user name or password in it).');

export const RecipientInput = z.strictObject({
  name: Text('The recipient’s name', 200),
  organisation: z.string().trim().max(200, 'Organisation must be at most 200 characters.').optional(),
  email: Email,
  directAddress: Email.optional(),
  fhirServerUrl: HttpUrl.optional(),
});

export const CreateTransmissionInput = z.strictObject({
  /** Any unique string per intended transmission: a retried request with the same key creates nothing new. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'The idempotency key must be 8 to 100 letters, digits, - or _.'),
  recipient: RecipientInput,
  selection: SelectionInput,
  formats: z
    .array(z.enum(TRANSMISSION_FORMATS, { error: `Formats must be among: ${TRANSMISSION_FORMATS.join(', ')}.` }))
    .min(1, 'Choose at least one format.')
    .refine((f) => new Set(f).size === f.length, 'Name each format once.'),
  purpose: Text('The purpose', 500),
  expiresInDays: z.number({ error: 'Expiry must be a number of days.' }).int('Expiry must be a whole number of days.').min(1, 'Expiry must be at least 1 day.').max(MAX_EXPIRY_DAYS, `Expiry must be at most ${MAX_EXPIRY_DAYS} days.`).default(DEFAULT_EXPIRY_DAYS),
  maxDownloads: z.number({ error: 'The number of downloads must be a number.' }).int('The number of downloads must be a whole number.').min(1, 'Allow at least 1 download.').max(MAX_DOWNLOADS, `Allow at most ${MAX_DOWNLOADS} downloads.`).default(DEFAULT_MAX_DOWNLOADS),
  delivery: z.enum(['email', 'email-and-code'], { error: 'Delivery must be email or email-and-code.' }).default('email-and-code'),
  signature: z.strictObject({
    typedName: Text('Your typed name', 200),
    attestation: z.literal(true, { error: 'Confirm that you direct this copy to be sent to this recipient.' }),
  }),
});
export type CreateTransmissionInput = z.infer<typeof CreateTransmissionInput>;

const ManifestEntryView = z.object({ name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() });

export const TransmissionView = z.object({
  transmissionId: z.string(),
  recipient: z.object({ name: z.string(), organisation: z.string().optional(), email: z.string(), directAddress: z.string().optional(), fhirServerUrl: z.string().optional() }),
  description: z.string(),
  formats: z.array(z.enum(TRANSMISSION_FORMATS)),
  purpose: z.string(),
  delivery: z.enum(['email', 'email-and-code']),
  status: z.enum(['active', 'revoked', 'expired', 'exhausted', 'locked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxDownloads: z.number().int(),
  downloadsUsed: z.number().int(),
  signature: z.object({ typedName: z.string(), signedAt: z.string() }),
  manifest: z.array(ManifestEntryView),
  archive: ManifestEntryView.optional(),
  itemCount: z.number().int(),
  events: z.array(z.object({ kind: z.string(), at: z.string(), detail: z.string().optional() })),
  confirmedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  /** Only in the answer that created it, once: pass it to the recipient by phone or in person. */
  accessCode: z.string().optional(),
});
export type TransmissionView = z.infer<typeof TransmissionView>;

export const RecipientToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not valid.');
export const OpenTransmissionInput = z.strictObject({ token: RecipientToken });
export const UnlockTransmissionInput = z.strictObject({
  token: RecipientToken,
  code: z.string({ error: 'Enter the access code.' }).trim().min(1, 'Enter the access code.').max(20, 'The access code is at most 20 characters.'),
});
export const RecipientSessionInput = z.strictObject({ token: RecipientToken, session: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This session is not valid: open the link again.') });
export const RecipientDownloadInput = RecipientSessionInput.extend({ file: z.string().min(1).max(200) });

/** What the recipient sees once the link (and code) are right: who sent it, what it holds, the hashes. */
export const RecipientPackage = z.object({
  session: z.string(),
  sessionExpiresAt: z.string(),
  sender: z.object({ name: z.string(), signedAt: z.string() }),
  recipient: z.object({ name: z.string(), organisation: z.string().optional() }),
  purpose: z.string(),
  description: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  downloadsLeft: z.number().int(),
  files: z.array(ManifestEntryView),
  archive: ManifestEntryView.optional(),
  confirmedAt: z.string().optional(),
});
export type RecipientPackage = z.infer<typeof RecipientPackage>;
export const RecipientDownload = z.object({ url: z.string(), expiresAt: z.string(), filename: z.string(), sha256: z.string(), downloadsLeft: z.number().int() });
export const ReceiptConfirmed = z.object({ confirmedAt: z.string() });
export const RecipientOpened = z.discriminatedUnion('status', [z.object({ status: z.literal('code-required') }), z.object({ status: z.literal('open'), package: RecipientPackage })]);
export type RecipientOpened = z.infer<typeof RecipientOpened>;

// ---- activity, disclosures, audit reports ----

export const ACTIVITY_KIND_NAMES = ['view', 'download', 'upload', 'transmission', 'correction', 'sign-in', 'account'] as const;
export type ActivityKind = (typeof ACTIVITY_KIND_NAMES)[number];

export const ActivityQuery = PageQuery.extend({
  from: CalendarDate('From').optional(),
  to: CalendarDate('To').optional(),
  kind: z.enum(ACTIVITY_KIND_NAMES, { error: `Kind must be one of: ${ACTIVITY_KIND_NAMES.join(', ')}.` }).optional(),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'From must be on or before To.', path: ['from'] });
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const ActivityEventView = z.object({
  eventId: z.string(),
  at: z.string(),
  action: z.string(),
  kind: z.enum(ACTIVITY_KIND_NAMES),
  summary: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  /** "You", a staff member and their practice, a recipient, "Someone signing in to your account". */
  who: z.string(),
  practiceName: z.string().optional(),
  /** E.g. the addressee of a transmission. */
  detail: z.string().optional(),
  chain: z.string(),
  seq: z.number().int(),
  hash: z.string(),
});
export type ActivityEventView = z.infer<typeof ActivityEventView>;

export const ChainVerification = z.object({
  chain: z.string(),
  label: z.string(),
  events: z.number().int(),
  ok: z.boolean(),
  problems: z.array(z.object({ kind: z.enum(['changed', 'missing', 'broken-link']), seq: z.number().int() })),
  head: z.object({ seq: z.number().int(), hash: z.string() }).optional(),
  anchor: z
    .object({ period: z.string(), seq: z.number().int(), hash: z.string(), digestKey: z.string(), digestSha256: z.string(), publishedAt: z.string(), matches: z.boolean() })
    .optional(),
});
export type ChainVerification = z.infer<typeof ChainVerification>;
export const ActivityVerification = z.object({ ok: z.boolean(), checkedAt: z.string(), chains: z.array(ChainVerification) });

export const DisclosureView = z.object({
  at: z.string(),
  practiceName: z.string(),
  recipient: z.object({ name: z.string(), organisation: z.string().optional(), address: z.string() }),
  description: z.string(),
  purpose: z.string(),
  transmissionId: z.string(),
});
export type DisclosureView = z.infer<typeof DisclosureView>;
export const Disclosures = z.object({ since: z.string(), items: z.array(DisclosureView) });
export const DisclosuresExportInput = z.strictObject({ format: z.enum(['csv', 'pdf'], { error: 'Format must be csv or pdf.' }) });

const Instant = (label: string) =>
  z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.test(v) && !Number.isNaN(Date.parse(v)), `${label} must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ).`);

export const PracticeAuditQuery = PageQuery.extend({
  from: Instant('From').optional(),
  to: Instant('To').optional(),
  actorId: z.string().trim().min(1).max(100).optional(),
  patientId: Id.optional(),
  action: z.string().regex(/^[a-z-]+(\.[a-z-]*)?$/, 'Action must be an action name such as document.download, or a prefix such as document.').optional(),
  outcome: z.enum(['success', 'denied', 'failure'], { error: 'Outcome must be success, denied or failure.' }).optional(),
  order: z.enum(['asc', 'desc'], { error: 'Order must be asc or desc.' }).default('desc'),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'From must be on or before To.', path: ['from'] });
export type PracticeAuditQuery = z.infer<typeof PracticeAuditQuery>;

export const PracticeAuditRow = z.object({
  eventId: z.string(),
  at: z.string(),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  actorId: z.string(),
  actorRole: z.string(),
  actorLabel: z.string().optional(),
  patientId: z.string().optional(),
  resource: z.string().optional(),
  reason: z.string().optional(),
  sourceIp: z.string().optional(),
  detail: z.string().optional(),
});
export type PracticeAuditRow = z.infer<typeof PracticeAuditRow>;

export const StoredFileLink = z.object({ url: z.string(), expiresAt: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() });

export const DownloadLink = z.object({ url: z.string(), expiresAt: z.string(), filename: z.string() });
export type DownloadLink = z.infer<typeof DownloadLink>;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const ServiceHealth = z.object({ state: z.enum(['up', 'down']), latencyMs: z.number(), detail: z.string().optional() });
export type ServiceState = 'up' | 'down';
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  services: z.object({ dynamodb: ServiceHealth, s3: ServiceHealth, cognito: ServiceHealth }),
});
export type Health = z.infer<typeof Health>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

export function formatInvitationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
