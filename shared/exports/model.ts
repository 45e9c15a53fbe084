/**
 * What the three export builders (FHIR, PDF, C-CDA) share: their input, the order and plain-language headings of
 * the USCDI classes, and how one stored FHIR resource reads to a person (title, details, date). Pure: no AWS, no clock.
 */
import type { RecordItem } from '../domain/record';
import type { DataClass, FhirResource } from '../ingest/types';

/** One practice registration in the caller's scope, with the name that practice registered. */
export interface ExportRegistration {
  patientId: string;
  practiceId: string;
  practiceName: string;
  givenName?: string;
  familyName?: string;
  birthDate?: string;
}

export interface ExportInput {
  /** ISO instant the export was made. */
  generatedAt: string;
  /** Inclusive date range (YYYY-MM-DD); absent ends mean "from the start" / "up to now". */
  from?: string;
  to?: string;
  registrations: readonly ExportRegistration[];
  /** Every item exported, in any order; each belongs to one of the registrations. */
  items: readonly RecordItem[];
}

/** The classes in the order a reader expects them, each with its heading. */
export const EXPORT_SECTIONS: readonly { dataClass: DataClass; heading: string }[] = [
  { dataClass: 'problems', heading: 'Problems' },
  { dataClass: 'medications', heading: 'Medications' },
  { dataClass: 'allergies', heading: 'Allergies' },
  { dataClass: 'lab-results', heading: 'Lab results' },
  { dataClass: 'vital-signs', heading: 'Vital signs' },
  { dataClass: 'immunizations', heading: 'Immunizations' },
  { dataClass: 'procedures', heading: 'Procedures' },
  { dataClass: 'encounters', heading: 'Visits' },
  { dataClass: 'clinical-notes', heading: 'Clinical notes' },
  { dataClass: 'care-team', heading: 'Care team' },
  { dataClass: 'goals', heading: 'Goals' },
  { dataClass: 'health-concerns', heading: 'Health concerns' },
  { dataClass: 'assessment-and-plan', heading: 'Assessment and plan' },
];

type Json = Record<string, any>;

/** Items of one class, newest first, undated last; ties keep a stable order. */
export function itemsOf(input: ExportInput, dataClass: DataClass): RecordItem[] {
  return input.items
    .filter((i) => i.dataClass === dataClass)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.itemKey.localeCompare(b.itemKey));
}

export function practiceNameOf(input: ExportInput, item: RecordItem): string {
  return input.registrations.find((r) => r.patientId === item.patientId)?.practiceName ?? 'Unknown practice';
}

/** The person the export is about: the first registration that has a name. */
export function patientName(input: ExportInput): string {
  const r = input.registrations.find((x) => x.givenName || x.familyName);
  return r ? [r.givenName, r.familyName].filter(Boolean).join(' ') : 'Patient';
}

/** "the whole record", "from 2026-01-01", "2026-01-01 to 2026-03-31"... */
export function rangeLabel(input: Pick<ExportInput, 'from' | 'to'>): string {
  if (input.from && input.to) return `${input.from} to ${input.to}`;
  if (input.from) return `from ${input.from}`;
  if (input.to) return `up to ${input.to}`;
  return 'Whole record (all dates)';
}

/** A CodeableConcept as words: its text, else the first coding's display, else its code. */
export function conceptText(concept: unknown): string | undefined {
  const c = concept as Json | undefined;
  if (!c || typeof c !== 'object') return undefined;
  if (typeof c.text === 'string' && c.text.trim()) return c.text.trim();
  for (const coding of Array.isArray(c.coding) ? c.coding : []) {
    if (typeof coding?.display === 'string' && coding.display.trim()) return coding.display.trim();
  }
  const first = Array.isArray(c.coding) ? c.coding[0] : undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
}

const firstConcept = (value: unknown) => conceptText(Array.isArray(value) ? value[0] : value);

function quantityText(q: Json | undefined): string | undefined {
  if (!q || typeof q.value !== 'number') return undefined;
  const unit = typeof q.unit === 'string' ? q.unit : typeof q.code === 'string' ? q.code : '';
  return `${q.comparator ?? ''}${q.value}${unit ? ` ${unit}` : ''}`;
}

/** What an item is called, in words. */
export function itemTitle(resource: FhirResource): string {
  const r = resource as Json;
  const byType: Record<string, () => unknown> = {
      MedicationRequest: () => conceptText(r.medicationCodeableConcept) ?? r.medicationReference?.display,
      MedicationStatement: () => conceptText(r.medicationCodeableConcept) ?? r.medicationReference?.display,
      MedicationAdministration: () => conceptText(r.medicationCodeableConcept) ?? r.medicationReference?.display,
      Immunization: () => conceptText(r.vaccineCode),
      Encounter: () => firstConcept(r.type) ?? firstConcept(r.reasonCode) ?? r.class?.display,
      DocumentReference: () => r.description ?? conceptText(r.type),
      CareTeam: () => r.name ?? (Array.isArray(r.participant) ? r.participant.map((p: Json) => p.member?.display).filter(Boolean).join(', ') : undefined),
      Goal: () => conceptText(r.description),
      CarePlan: () => r.title ?? r.description ?? firstConcept(r.category),
      ClinicalImpression: () => r.summary ?? r.description ?? conceptText(r.code),
  };
  const text = byType[r.resourceType as string]?.() ?? conceptText(r.code);
  return typeof text === 'string' && text.trim() ? text.trim() : r.resourceType;
}

const INTERPRETATION: Record<string, string> = { H: 'High', HH: 'Critically high', L: 'Low', LL: 'Critically low', A: 'Abnormal', AA: 'Critically abnormal', N: 'Normal' };

/** An observation's value as text (quantity, code, string, range, components). */
export function valueText(resource: FhirResource): string | undefined {
  const r = resource as Json;
  const own = quantityText(r.valueQuantity) ?? conceptText(r.valueCodeableConcept) ?? (typeof r.valueString === 'string' ? r.valueString : undefined)
    ?? (typeof r.valueInteger === 'number' ? String(r.valueInteger) : undefined) ?? (typeof r.valueBoolean === 'boolean' ? (r.valueBoolean ? 'Yes' : 'No') : undefined)
    ?? (r.valueRange ? `${quantityText(r.valueRange.low) ?? ''}-${quantityText(r.valueRange.high) ?? ''}` : undefined);
  if (own) return own;
  if (Array.isArray(r.component)) {
    const parts = r.component.map((c: Json) => `${conceptText(c.code) ?? ''} ${quantityText(c.valueQuantity) ?? conceptText(c.valueCodeableConcept) ?? ''}`.trim()).filter(Boolean);
    return parts.length ? parts.join('; ') : undefined;
  }
  return undefined;
}

export function referenceRangeText(resource: FhirResource): string | undefined {
  const range = ((resource as Json).referenceRange as Json[] | undefined)?.[0];
  if (!range) return undefined;
  if (typeof range.text === 'string') return range.text;
  const low = quantityText(range.low);
  const high = quantityText(range.high);
  return low && high ? `${low} - ${high}` : low ? `>= ${low}` : high ? `<= ${high}` : undefined;
}

export function flagText(resource: FhirResource): string | undefined {
  const codes = ((resource as Json).interpretation as Json[] | undefined)?.flatMap((c) => (c.coding ?? []).map((x: Json) => x.code)) ?? [];
  const code = codes.find((c: unknown) => typeof c === 'string');
  return code ? (INTERPRETATION[code] ?? firstConcept((resource as Json).interpretation) ?? code) : undefined;
}

/** A short line of details for people: status, dose, value, reactions... */
export function itemDetails(resource: FhirResource): string {
  const r = resource as Json;
  const status = conceptText(r.clinicalStatus) ?? (typeof r.status === 'string' ? r.status : undefined) ?? (typeof r.lifecycleStatus === 'string' ? r.lifecycleStatus : undefined);
  const parts: (string | undefined)[] = [];
  switch (r.resourceType) {
    case 'Observation': {
      parts.push(valueText(resource));
      const range = referenceRangeText(resource);
      if (range) parts.push(`range ${range}`);
      parts.push(flagText(resource));
      if (r.status === 'corrected' || r.status === 'amended') parts.push(`(${r.status})`);
      break;
    }
    case 'DiagnosticReport':
      // A corrected or amended report says so in the flag column; "final" goes without saying.
      parts.push(`report of ${Array.isArray(r.result) ? r.result.length : 0} result(s)`, ['final', 'corrected', 'amended'].includes(r.status) ? undefined : status);
      break;
    case 'MedicationRequest':
    case 'MedicationStatement':
      parts.push((r.dosageInstruction ?? r.dosage)?.[0]?.text, status);
      break;
    case 'AllergyIntolerance': {
      const reactions = (r.reaction as Json[] | undefined)?.flatMap((x) => (x.manifestation ?? []).map(conceptText)).filter(Boolean) ?? [];
      if (reactions.length) parts.push(`reaction: ${reactions.join(', ')}`);
      if (r.criticality) parts.push(`criticality ${r.criticality}`);
      parts.push(status);
      break;
    }
    case 'Goal':
      parts.push(conceptText(r.achievementStatus), status);
      break;
    default:
      parts.push(status);
  }
  return parts.filter((p): p is string => !!p && !!p.trim()).join(', ');
}
