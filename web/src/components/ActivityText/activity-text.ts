import type { ActivityEventView, ActivityKind } from '../../domain';
import { formatCalendarDate } from '../../lib/format';

/** The kinds of activity the patient can filter by, in the order the select offers them. */
export const ACTIVITY_KIND_OPTIONS: ReadonlyArray<{ value: ActivityKind; label: string }> = [
  { value: 'view', label: 'Views' },
  { value: 'download', label: 'Downloads' },
  { value: 'upload', label: 'Uploads' },
  { value: 'transmission', label: 'Copies sent' },
  { value: 'correction', label: 'Corrections' },
  { value: 'sign-in', label: 'Sign-ins' },
  { value: 'account', label: 'Account changes' },
];

/** Actions the server has no words for yet (it answers the action name itself as the summary). */
const FALLBACK_SUMMARIES: Record<string, string> = {
  'audit.read': 'Looked at this activity history',
  'audit.verify': 'Checked that this history is complete',
  'audit.export': 'Downloaded a copy of this history',
  'audit.disclosures': 'Looked at the accounting of disclosures',
  'audit.report': 'Ran an audit report',
};

/**
 * What happened, without the server's " — refused" / " — failed" ending: the table shows the outcome as a marker
 * of its own (a word, not colour alone).
 */
export function eventSummary(event: Pick<ActivityEventView, 'summary' | 'action' | 'outcome'>): string {
  let text = event.summary;
  if (text === event.action) text = FALLBACK_SUMMARIES[event.action] ?? text;
  if (event.outcome !== 'success') text = text.replace(/ [—–-] (refused|failed)$/, '');
  return text;
}

export const OUTCOME_LABELS = { success: 'Done', denied: 'Refused', failure: 'Failed' } as const;

/** "2026-03-04 14:03:12 UTC": a moment as the audit log keeps it. */
export function utcText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The reader's time zone, as the note above a list of times names it: "Europe/Paris, GMT+1". */
export function localZoneText(now: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = new Intl.DateTimeFormat('en-US', { timeZoneName: 'shortOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value;
  return offset && offset !== zone ? `${zone}, ${offset}` : zone;
}

/** A digest's hour ('YYYY-MM-DDTHH', UTC) in words: "Mar 4, 2026, 14:00 to 15:00 UTC". */
export function digestPeriodText(period: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/.exec(period);
  if (!match) return period;
  const hour = Number(match[2]);
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${formatCalendarDate(match[1]!)}, ${pad(hour)} to ${pad(hour + 1)} UTC`;
}

/** A long hex fingerprint, shortened for reading: its first 12 characters. */
export function shortHash(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 12)}…` : hex;
}
