import type { DataClass, FhirResource } from '../ingest/types';

/** One item of a patient's structured record (a FHIR R4 resource), with the documents it came from. */
export interface RecordItem {
  patientId: string;
  practiceId: string;
  dataClass: DataClass;
  /** Stable identity across uploads: a hash of the ingestion pipeline's dedupe key. */
  itemKey: string;
  /** Clinical date (YYYY-MM-DD) the item sorts by, when the resource has one. */
  date?: string;
  resource: FhirResource;
  /** Every document this fact arrived in (the same bundle uploaded twice, or a C-CDA and a FHIR export of it). */
  sources: string[];
  /** Accepted correction requests that amend this item (the item itself is kept as it arrived). */
  amendedBy?: string[];
  updatedAt: string;
}

/** A window on clinical dates (YYYY-MM-DD, both ends included); either end may be open. */
export interface DateWindow {
  from?: string;
  to?: string;
}

export const hasWindow = (window: DateWindow | undefined): window is DateWindow => !!window && (!!window.from || !!window.to);

/**
 * The bounds of a window on sort keys that start with `prefix` followed by the clinical date. Dates compare as
 * written: a dateTime falls on its own calendar day, and a partial date ("2024", "2024-03") sorts before every
 * day it contains (it is within a window that ends in its period, not one that starts inside it). Items without a
 * date (stored as 0000-00-00) fall outside every window: nothing says they belong in it.
 */
export function sortKeyBounds(prefix: string, window: DateWindow): { low: string; high: string } {
  return { low: `${prefix}${window.from ?? '0001'}`, high: `${prefix}${window.to ?? '9999'}~` };
}

/** The same test as sortKeyBounds, for a date in hand (in-memory stores and exports). */
export function withinWindow(date: string | undefined, window: DateWindow | undefined): boolean {
  if (!hasWindow(window)) return true;
  if (!date) return false;
  const { low, high } = sortKeyBounds('', window);
  return date >= low && date <= high;
}

function first(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && /^\d{4}/.test(v)) return v;
  return undefined;
}

/** The date a person would file this item under: when it happened, else when it was recorded. */
export function clinicalDate(r: FhirResource): string | undefined {
  const x = r as Record<string, any>;
  const value = first(
    x.effectiveDateTime,
    x.effectivePeriod?.start,
    x.issued,
    x.onsetDateTime,
    x.onsetPeriod?.start,
    x.recordedDate,
    x.occurrenceDateTime,
    x.performedDateTime,
    x.performedPeriod?.start,
    x.period?.start,
    x.authoredOn,
    x.effectiveDate,
    x.dateAsserted,
    x.date,
    x.startDate,
    x.start,
    x.created,
  );
  return value?.slice(0, 10);
}
