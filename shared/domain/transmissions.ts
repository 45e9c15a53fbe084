/**
 * Sending a copy (HIPAA 164.524(c)(3)(ii), ONC 170.315(e)(1) transmit): the patient directs an electronic copy of
 * their record to a third party of their choosing. The package is assembled once, listed in a manifest with the
 * SHA-256 of every file, and reached through a link meant for that recipient alone: unguessable, stored only as a
 * hash, expiring, limited in downloads, revocable, and (for the encrypted method) useless without an access code
 * the patient passes on separately.
 */
import type { DataClass } from '../ingest/types';

export const DEFAULT_EXPIRY_DAYS = 7;
export const MAX_EXPIRY_DAYS = 30;
export const DEFAULT_MAX_DOWNLOADS = 10;
export const MAX_DOWNLOADS = 50;
/** Wrong access codes before a link locks for good (the patient can send a new one). */
export const MAX_CODE_FAILURES = 5;
/** How long a recipient stays unlocked on one device before entering the code again. */
export const RECIPIENT_SESSION_SECONDS = 30 * 60;

export const TRANSMISSION_FORMATS = ['pdf', 'fhir', 'ccda', 'originals'] as const;
export type TransmissionFormat = (typeof TRANSMISSION_FORMATS)[number];

export const FORMAT_LABELS: Record<TransmissionFormat, string> = {
  pdf: 'Readable PDF',
  fhir: 'FHIR R4 Bundle',
  ccda: 'C-CDA CCD',
  originals: 'Original documents',
};

export type Selection =
  | { kind: 'everything' }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'classes'; dataClasses: DataClass[]; from?: string; to?: string }
  | { kind: 'documents'; documentIds: string[] };

export type Delivery = 'email' | 'email-and-code';

export interface Recipient {
  name: string;
  organisation?: string;
  email: string;
  directAddress?: string;
  fhirServerUrl?: string;
}

export interface ManifestEntry {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export type TransmissionEventKind =
  | 'created'
  | 'emailed'
  | 'email-failed'
  | 'opened'
  | 'code-failed'
  | 'locked'
  | 'unlocked'
  | 'downloaded'
  | 'confirmed'
  | 'revoked'
  | 'fhir-sent'
  | 'fhir-failed';

export interface TransmissionEvent {
  kind: TransmissionEventKind;
  at: string;
  /** A file name, an HTTP status: never content. */
  detail?: string;
}

export interface Transmission {
  transmissionId: string;
  accountId: string;
  /** The registrations whose records the package holds (the patient's scope when it was made). */
  registrations: Array<{ patientId: string; practiceId: string }>;
  recipient: Recipient;
  selection: Selection;
  formats: TransmissionFormat[];
  purpose: string;
  delivery: Delivery;
  signature: { typedName: string; signedAt: string; sourceIp: string };
  createdAt: string;
  expiresAt: string;
  maxDownloads: number;
  downloadsUsed: number;
  /** SHA-256 of the link token; the token itself exists only in the recipient's e-mail. */
  tokenHash: string;
  /** Salted SHA-256 of the access code, for the encrypted method. */
  code?: { salt: string; hash: string };
  codeFailures: number;
  /** SHA-256 of the recipient sessions' tokens, with their expiry. */
  sessions: Array<{ hash: string; expiresAt: string }>;
  /** Storage prefix of the package; file names are in the manifest. */
  packagePrefix: string;
  manifest: ManifestEntry[];
  /** The whole package as one zip, when small enough to build in one request. */
  archive?: ManifestEntry;
  itemCount: number;
  events: TransmissionEvent[];
  revokedAt?: string;
  confirmedAt?: string;
}

export type TransmissionStatus = 'active' | 'revoked' | 'expired' | 'exhausted' | 'locked';

/** The state a recipient meets: the first reason the link no longer works, else active. */
export function statusOf(t: Pick<Transmission, 'revokedAt' | 'expiresAt' | 'downloadsUsed' | 'maxDownloads' | 'codeFailures'>, now: Date): TransmissionStatus {
  if (t.revokedAt) return 'revoked';
  if (now.getTime() >= Date.parse(t.expiresAt)) return 'expired';
  if (t.downloadsUsed >= t.maxDownloads) return 'exhausted';
  if (t.codeFailures >= MAX_CODE_FAILURES) return 'locked';
  return 'active';
}

export const TRANSMISSION_ID_PATTERN = /^tx-[0-9a-z]{9}-[0-9a-f]{16}$/;
export function newTransmissionId(now: Date, random16Hex: string): string {
  return `tx-${now.getTime().toString(36).padStart(9, '0')}-${random16Hex}`;
}

/** The kinds of records in the words the portal's pages use. */
const CLASS_WORDS: Record<DataClass, string> = {
  problems: 'health problems',
  medications: 'medications',
  allergies: 'allergies',
  'lab-results': 'lab results',
  'vital-signs': 'vital signs',
  immunizations: 'immunizations',
  procedures: 'procedures',
  encounters: 'visits',
  'clinical-notes': 'clinical notes',
  'care-team': 'care team',
  goals: 'goals',
  'health-concerns': 'health concerns',
  'assessment-and-plan': 'assessment and plan',
};

const day = (d: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What was disclosed, in a line, for the accounting of disclosures and the patient's list. */
export function describeSelection(selection: Selection, formats: readonly TransmissionFormat[], classLabel: (c: DataClass) => string = (c) => CLASS_WORDS[c]): string {
  const what = (() => {
    switch (selection.kind) {
      case 'everything':
        return 'The whole record';
      case 'range':
        return `Records dated ${day(selection.from)} to ${day(selection.to)}`;
      case 'classes':
        return `${capital(selection.dataClasses.map(classLabel).join(', '))}${selection.from || selection.to ? ` (dated ${selection.from ? day(selection.from) : 'any time'} to ${selection.to ? day(selection.to) : 'today'})` : ''}`;
      case 'documents':
        return `${selection.documentIds.length} chosen document${selection.documentIds.length === 1 ? '' : 's'}`;
    }
  })();
  return `${what}, as ${formats.map((f) => FORMAT_LABELS[f]).join(', ')}`;
}
