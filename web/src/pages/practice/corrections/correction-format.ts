/** Words and dates for the practice's correction pages: one place, so that the queue and a request agree. */
import type { CorrectionView, DenialGround } from '../../../domain';

const DAY_MS = 86_400_000;

export type CorrectionStatus = CorrectionView['status'];

export const STATUS_LABEL: Record<CorrectionStatus, string> = {
  submitted: 'Open',
  extended: 'Extended',
  accepted: 'Accepted',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

/** Short names for staff; the letter to the patient uses DENIAL_GROUND_TEXT, shown as each choice's hint. */
export const DENIAL_GROUND_LABEL: Record<DenialGround, string> = {
  'not-created-by-practice': 'Not created by this practice',
  'not-in-designated-record-set': 'Not part of the designated record set',
  'not-available-for-access': 'Not available to the patient under the right of access',
  'accurate-and-complete': 'Accurate and complete as it is',
};

export const isOpenStatus = (status: CorrectionStatus) => status === 'submitted' || status === 'extended';

/** One extension, only before the first answer is due (the server checks the same). */
export const canExtend = (r: Pick<CorrectionView, 'status' | 'dueAt'>, now: number) => r.status === 'submitted' && now <= Date.parse(r.dueAt);

export const canDecide = (r: Pick<CorrectionView, 'status'>) => isOpenStatus(r.status);

export const canRebut = (r: Pick<CorrectionView, 'disagreement' | 'rebuttal'>) => Boolean(r.disagreement) && !r.rebuttal;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 days left", "1 day left", "3 days overdue": whole days, rounded so that a deadline is never made to look further away. */
export function daysLeftText(dueAt: string, now: number): string {
  const diff = Date.parse(dueAt) - now;
  if (Number.isNaN(diff)) return '';
  if (diff >= 0) {
    const days = Math.floor(diff / DAY_MS);
    return days === 0 ? 'Due within a day' : `${plural(days, 'day', 'days')} left`;
  }
  return `${plural(Math.max(1, Math.floor(-diff / DAY_MS)), 'day', 'days')} overdue`;
}

/** When a closed request was closed: its decision, or the patient's withdrawal. */
export function closedAt(r: Pick<CorrectionView, 'decision' | 'withdrawnAt'>): string | undefined {
  return r.decision?.at ?? r.withdrawnAt;
}

export function patientLabel(r: Pick<CorrectionView, 'patient'>): string {
  return r.patient ? `${r.patient.givenName} ${r.patient.familyName}` : 'Patient';
}

/** Staff acts carry the actor's account id: "you" when it is the reader's own, otherwise "a colleague". */
export function actorText(by: string | undefined, myAccountId: string | undefined): string {
  if (!by) return 'the practice';
  return by === myAccountId ? 'you' : 'a colleague';
}

export const correctionPath = (r: Pick<CorrectionView, 'patientId' | 'requestId'>) =>
  `/practice/corrections/${encodeURIComponent(r.patientId)}/${encodeURIComponent(r.requestId)}`;

export const addDaysIso = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

const UTC_DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * A request's day ("May 1, 2026") in UTC: deadlines are counted in UTC days and the written denial states its
 * dates the same way, so staff, the patient and the letter agree on the date.
 */
export function formatCorrectionDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : UTC_DAY.format(date);
}
