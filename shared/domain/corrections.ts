/**
 * Amendment of the record (HIPAA 164.526, ONC 170.315(d)(4)): a patient asks a practice to correct something, the
 * practice accepts or denies within 60 days of receipt (one 30-day extension, in writing), a denial can be answered
 * with a statement of disagreement and that with a rebuttal. Every step stays on the request, and the request stays
 * linked to what it is about.
 */
import type { DataClass } from '../ingest/types';

export const RESPONSE_DAYS = 60;
export const EXTENSION_DAYS = 30;
const DAY_MS = 86_400_000;

export const DENIAL_GROUNDS = ['not-created-by-practice', 'not-in-designated-record-set', 'not-available-for-access', 'accurate-and-complete'] as const;
export type DenialGround = (typeof DENIAL_GROUNDS)[number];

/** The grounds of 164.526(a)(2), as the written denial states them. */
export const DENIAL_GROUND_TEXT: Record<DenialGround, string> = {
  'not-created-by-practice':
    'The information was not created by our practice, and the person or organisation that created it is still available to act on your request.',
  'not-in-designated-record-set': 'The information is not part of the records we keep to make decisions about you (the designated record set).',
  'not-available-for-access': 'The information is not information you have a right to inspect under the HIPAA right of access.',
  'accurate-and-complete': 'We have reviewed the information and it is accurate and complete.',
};

export type CorrectionStatus = 'submitted' | 'extended' | 'accepted' | 'denied' | 'withdrawn';
export const OPEN_STATUSES: ReadonlySet<CorrectionStatus> = new Set(['submitted', 'extended']);

export type CorrectionTarget =
  | { kind: 'document'; documentId: string }
  | { kind: 'item'; dataClass: DataClass; itemKey: string }
  | { kind: 'general' };

export interface NotifyPerson {
  name: string;
  organisation?: string;
  email: string;
}

export interface StaffAct {
  at: string;
  /** Cognito sub of the staff member. */
  by: string;
}

export interface CorrectionRequest {
  requestId: string;
  /** The practice registration the request is about (deny by default: everything is scoped by it). */
  patientId: string;
  practiceId: string;
  /** The patient account that asked. */
  accountId: string;
  /** Where notices to the patient go (the account's address when they asked). */
  contactEmail: string;
  target: CorrectionTarget;
  /** What the request is about, as the patient saw it when they asked: a document title, an item's name and date. */
  targetLabel: string;
  /** For staff: who the patient is at their practice (names are the practice's own data). */
  patient: { givenName: string; familyName: string; mrn: string };
  whatIsWrong: string;
  shouldSay: string;
  reason: string;
  notify: NotifyPerson[];
  status: CorrectionStatus;
  receivedAt: string;
  dueAt: string;
  extension?: StaffAct & { reason: string; previousDueAt: string };
  decision?: StaffAct &
    (
      | { outcome: 'accepted'; amendment: string; amendmentDocumentId?: string; notified: Array<{ email: string; at: string }> }
      | { outcome: 'denied'; ground: DenialGround; explanation: string; letter: string[] }
    );
  withdrawnAt?: string;
  disagreement?: { at: string; statement: string };
  rebuttal?: StaffAct & { text: string };
  /** Optimistic concurrency: every change is a write conditional on the version read. */
  version: number;
  updatedAt: string;
}

/** Time-ordered and unguessable: sorts by receipt in the patient's list, 64 random bits (16 hex) against enumeration. */
export function newRequestId(now: Date, random16Hex: string): string {
  return `cr-${now.getTime().toString(36).padStart(9, '0')}-${random16Hex}`;
}
export const REQUEST_ID_PATTERN = /^cr-[0-9a-z]{9}-[0-9a-f]{16}$/;

export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

export const isOpen = (r: Pick<CorrectionRequest, 'status'>) => OPEN_STATUSES.has(r.status);

/** Past its due date and not decided (a withdrawn request is not overdue). */
export const isOverdue = (r: Pick<CorrectionRequest, 'status' | 'dueAt'>, now: Date) => isOpen(r) && now.getTime() > Date.parse(r.dueAt);

const DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
export const longDate = (iso: string) => DATE.format(new Date(iso));

/**
 * The written denial 164.526(d) asks for, in plain language: the ground, the right to a statement of
 * disagreement, what happens without one, and how to complain (to the practice and to HHS).
 */
export function denialLetter(input: {
  practice: { name: string; phone?: string; address?: string };
  receivedAt: string;
  decidedAt: string;
  /** What the request was about; none for a request not tied to one item. */
  targetLabel?: string;
  ground: DenialGround;
  explanation: string;
}): string[] {
  const contact = [input.practice.phone && `by telephone at ${input.practice.phone}`, input.practice.address && `in writing to ${input.practice.address}`].filter(Boolean).join(' or ');
  return [
    `On ${longDate(input.receivedAt)} you asked ${input.practice.name} to correct your record${input.targetLabel ? ` (${input.targetLabel})` : ''}. On ${longDate(input.decidedAt)} we denied your request.`,
    `Why: ${DENIAL_GROUND_TEXT[input.ground]}`,
    input.explanation,
    'You may file a written statement disagreeing with this denial and saying why. You can do this in the patient portal. We will add your statement to your record, and we may write a rebuttal, which we will send to you.',
    'If you do not file a statement of disagreement, you may ask us to include your request and this denial with any future disclosure of the information concerned. This portal does so in any case: your request and this letter travel with every copy of this record you download or send.',
    `You may complain to us${contact ? `, ${contact},` : ''} or to the Secretary of the U.S. Department of Health and Human Services, Office for Civil Rights (www.hhs.gov/ocr/complaints, 1-800-368-1019). We will not retaliate against you for filing a complaint.`,
  ];
}
