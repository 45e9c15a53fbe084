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
  updatedAt: string;
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
