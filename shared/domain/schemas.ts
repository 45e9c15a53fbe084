/**
 * Request and response shapes of the portal's API. The Lambdas validate input with these schemas and the
 * portal's forms use the same ones, so a rule is written once.
 */
import { z } from 'zod';
import { PASSWORD_POLICY } from '../platform/resources';

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

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int('Limit must be a whole number.').min(1, 'Limit must be at least 1.').max(100, 'Limit must be at most 100.').default(25),
  cursor: z.string().max(2048).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const PatientIdPath = z.strictObject({ patientId: Id });

// ---- responses ----

export type Role = 'patient' | 'staff' | 'admin';

export interface SessionTokens {
  idToken: string;
  accessToken: string;
  expiresIn: number;
}

export type SignInResult =
  | { status: 'signed-in'; tokens: SessionTokens }
  | { status: 'mfa-required'; session: string }
  /** Staff without TOTP where MFA is required: only an access token to enrol an authenticator, no API access. */
  | { status: 'mfa-setup-required'; accessToken: string };

export interface PracticeSummary {
  practiceId: string;
  name: string;
  phone?: string;
  address?: string;
}

export interface AccountLink {
  practiceId: string;
  practiceName: string;
  patientId: string;
  linkedAt: string;
}

export interface Me {
  accountId: string;
  email: string;
  role: Role;
  /** Staff and admins: their practice. */
  practice?: PracticeSummary;
  /** Patients: the practices their account is linked to. */
  links: AccountLink[];
}

export interface PracticePatient {
  patientId: string;
  practiceId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  status: 'invited' | 'linked';
  createdAt: string;
  invitationExpiresAt?: string;
}

export interface RegisteredPatient {
  patient: PracticePatient;
  invitation: IssuedInvitation;
}

export interface IssuedInvitation {
  /** Shown once, formatted XXXX-XXXX-XXXX; only its hash is stored. */
  code: string;
  expiresAt: string;
}

export type DocumentKind = 'fhir' | 'ccda' | 'pdf' | 'image';

export interface DocumentSummary {
  documentId: string;
  patientId: string;
  practiceId: string;
  practiceName: string;
  title: string;
  kind: DocumentKind;
  contentType: string;
  size: number;
  sha256: string;
  /** Clinical date of the document (YYYY-MM-DD). */
  date: string;
  author?: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type ServiceState = 'up' | 'down';
export interface Health {
  status: 'ok' | 'degraded';
  services: Record<'dynamodb' | 's3' | 'cognito', { state: ServiceState; latencyMs: number; detail?: string }>;
}

export function formatInvitationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
