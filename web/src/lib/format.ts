import type { DocumentKind, Role } from '../domain';

const LOCALE = 'en-US';

const calendarDate = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

/** A calendar date (YYYY-MM-DD, no time zone) as "Mar 27, 1984", the same day wherever the reader is. */
export function formatCalendarDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : calendarDate.format(date);
}

/** A moment (ISO timestamp) in the reader's time zone, e.g. "Mar 27, 2026, 3:04 PM". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** The day part of a moment, in the reader's time zone. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' }).format(date);
}

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

export function formatBytes(size: number): string {
  if (!Number.isFinite(size) || size < 0) return '—';
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(LOCALE, { maximumFractionDigits: digits })} ${UNITS[unit] ?? ''}`.trim();
}

const KIND_LABELS: Record<DocumentKind, string> = {
  fhir: 'Health record (FHIR)',
  ccda: 'Care summary (C-CDA)',
  pdf: 'PDF document',
  image: 'Image',
};

export function formatDocumentKind(kind: DocumentKind): string {
  return KIND_LABELS[kind] ?? kind;
}

const ROLE_LABELS: Record<Role, string> = {
  patient: 'Patient',
  staff: 'Practice staff',
  admin: 'Practice admin',
};

export function formatRole(role: Role): string {
  return ROLE_LABELS[role] ?? role;
}

/** "ABCDEFGHJKMN" → "ABCD EFGH JKMN" (authenticator secrets, read and typed in groups). */
export function groupInFours(text: string, separator = ' '): string {
  return (text.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(separator);
}

/** "Good morning" / "Good afternoon" / "Good evening". */
export function greeting(now: Date = new Date()): string {
  const hour = now.getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
