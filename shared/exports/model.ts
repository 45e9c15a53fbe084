/**
 * What the three export builders (FHIR, PDF, C-CDA) share: their input, the order and plain-language headings of
 * the USCDI classes, how one stored FHIR resource reads to a person (title, details, date), and the correction
 * requests that travel with the record (which ones, and how each reads). Pure: no AWS, no clock.
 */
import { DENIAL_GROUND_TEXT, type CorrectionRequest, type CorrectionStatus, type CorrectionTarget, type DenialGround } from '../domain/corrections';
import { withinWindow, type RecordItem } from '../domain/record';
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
  /**
   * The correction requests that go with this copy of the record (HIPAA 164.526(d)(4)-(5), (f)): chosen by
   * correctionsForExport, oldest first. Required, so that no builder's caller can leave them out by accident.
   */
  corrections: readonly ExportCorrection[];
}

/**
 * A correction request as it travels with the record: every step the patient and the practice took, the practice by
 * name. Staff account ids, the patient's contact address and the people they asked to be told stay behind.
 */
export interface ExportCorrection {
  requestId: string;
  /** The registration the request is about (one of the export's registrations). */
  patientId: string;
  practiceId: string;
  practiceName: string;
  target: CorrectionTarget;
  /** What the request is about, as the patient saw it when they asked. */
  targetLabel: string;
  whatIsWrong: string;
  shouldSay: string;
  reason: string;
  status: Exclude<CorrectionStatus, 'withdrawn'>;
  receivedAt: string;
  dueAt: string;
  extension?: { at: string; reason: string; previousDueAt: string };
  decision?:
    | { outcome: 'accepted'; at: string; amendment: string; amendmentDocumentId?: string }
    | { outcome: 'denied'; at: string; ground: DenialGround; groundText: string; explanation: string; letter: string[] };
  disagreement?: { at: string; statement: string };
  rebuttal?: { at: string; text: string };
}

/** The one mapping from a stored request to what an export carries; undefined for a withdrawn request. */
export function toExportCorrection(r: CorrectionRequest, practiceName: string): ExportCorrection | undefined {
  if (r.status === 'withdrawn') return undefined;
  const d = r.decision;
  return {
    requestId: r.requestId,
    patientId: r.patientId,
    practiceId: r.practiceId,
    practiceName,
    target: r.target,
    targetLabel: r.targetLabel,
    whatIsWrong: r.whatIsWrong,
    shouldSay: r.shouldSay,
    reason: r.reason,
    status: r.status,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    ...(r.extension ? { extension: { at: r.extension.at, reason: r.extension.reason, previousDueAt: r.extension.previousDueAt } } : {}),
    ...(d
      ? {
          decision:
            d.outcome === 'accepted'
              ? { outcome: 'accepted' as const, at: d.at, amendment: d.amendment, ...(d.amendmentDocumentId ? { amendmentDocumentId: d.amendmentDocumentId } : {}) }
              : { outcome: 'denied' as const, at: d.at, ground: d.ground, groundText: DENIAL_GROUND_TEXT[d.ground], explanation: d.explanation, letter: [...d.letter] },
        }
      : {}),
    ...(r.disagreement ? { disagreement: { at: r.disagreement.at, statement: r.disagreement.statement } } : {}),
    ...(r.rebuttal ? { rebuttal: { at: r.rebuttal.at, text: r.rebuttal.text } } : {}),
  };
}

/** An item's identity across the record: its registration, class and key. */
export const itemIdentity = (i: { patientId: string; dataClass: string; itemKey: string }) => `${i.patientId}|${i.dataClass}|${i.itemKey}`;

/**
 * Which correction requests go with a copy of the record, so that the request, the denial, the statement of
 * disagreement and the rebuttal (or the accepted amendment) accompany every disclosure of what they concern:
 * - only requests of the registrations in the copy, and never withdrawn ones (the patient took them back and
 *   nothing was decided);
 * - the whole record: every other request, whatever it is about;
 * - a date range: a request about a record item goes when that item is in the copy (the item is dated within the
 *   range); a request about a document, or a general one, always goes, because it may concern anything in it.
 * Oldest first.
 */
export function correctionsForExport(
  requests: readonly CorrectionRequest[],
  copy: Pick<ExportInput, 'registrations' | 'items' | 'from' | 'to'>,
): ExportCorrection[] {
  const practiceNames = new Map(copy.registrations.map((r) => [r.patientId, r.practiceName]));
  const ranged = !!(copy.from || copy.to);
  const included = new Set(copy.items.filter((i) => withinWindow(i.date, { from: copy.from, to: copy.to })).map(itemIdentity));
  return requests
    .filter((r) => practiceNames.has(r.patientId))
    .filter((r) => !ranged || r.target.kind !== 'item' || included.has(itemIdentity({ patientId: r.patientId, ...r.target })))
    .map((r) => toExportCorrection(r, practiceNames.get(r.patientId)!))
    .filter((c): c is ExportCorrection => !!c)
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.requestId.localeCompare(b.requestId));
}

/**
 * Whether an item of the copy was amended by an accepted request: it says so itself (amendedBy, set when the
 * request was accepted) or an accepted request in the copy is about it. The item is kept as it arrived either way.
 */
export function amendedItems(input: Pick<ExportInput, 'corrections'>): (item: RecordItem) => boolean {
  const amended = new Set(
    input.corrections
      .filter((c) => c.decision?.outcome === 'accepted' && c.target.kind === 'item')
      .map((c) => itemIdentity({ patientId: c.patientId, ...(c.target as Extract<CorrectionTarget, { kind: 'item' }>) })),
  );
  return (item) => !!item.amendedBy?.length || amended.has(itemIdentity(item));
}

export const CORRECTIONS_HEADING = 'Corrections and amendments';
/** What an amended item says beside its name in the human-readable formats. */
export const AMENDED_MARK = `(amended \u2014 see ${CORRECTIONS_HEADING})`;
export const CORRECTION_TYPE_TEXT = 'Request for amendment of health information';

/** One step of a request, in plain language: the letter of a denial is kept apart so that it can be set as a quote. */
export interface CorrectionStep {
  title: string;
  /** When it happened (ISO instant); absent for "waiting for an answer". */
  at?: string;
  lines: string[];
  letter?: string[];
}

const day = (iso: string) => iso.slice(0, 10);

/** Where the request stands, in a few words. */
export function correctionStatusText(c: ExportCorrection): string {
  if (c.decision?.outcome === 'accepted') return 'Accepted: the record was amended';
  if (c.decision?.outcome === 'denied') {
    return ['Denied', c.disagreement ? 'the patient filed a statement of disagreement' : '', c.rebuttal ? 'the practice answered it with a rebuttal' : ''].filter(Boolean).join('; ');
  }
  return `Waiting for the practice's answer (due ${day(c.dueAt)})`;
}

/** Every step of a request, in the order it happened. */
export function correctionSteps(c: ExportCorrection): CorrectionStep[] {
  const steps: CorrectionStep[] = [
    {
      title: 'Request for amendment',
      at: c.receivedAt,
      lines: [`The patient asked ${c.practiceName} to correct: ${c.targetLabel}.`, `What is wrong: ${c.whatIsWrong}`, `What it should say: ${c.shouldSay}`, `Why: ${c.reason}`],
    },
  ];
  if (c.extension) {
    steps.push({
      title: 'Time to answer extended',
      at: c.extension.at,
      lines: [`${c.practiceName} extended the time to answer from ${day(c.extension.previousDueAt)} to ${day(c.dueAt)}.`, `Reason given: ${c.extension.reason}`],
    });
  }
  const d = c.decision;
  if (d?.outcome === 'accepted') {
    steps.push({
      title: 'Request accepted: record amended',
      at: d.at,
      lines: [
        `${c.practiceName} accepted the request and amended the record. The original entry is kept as it was, marked as amended.`,
        `Amendment: ${d.amendment}`,
        ...(d.amendmentDocumentId ? ['The amendment is also recorded in a document of the record.'] : []),
      ],
    });
  } else if (d?.outcome === 'denied') {
    steps.push({
      title: 'Request denied',
      at: d.at,
      lines: [`${c.practiceName} denied the request.`, `Ground: ${d.groundText}`, `Explanation: ${d.explanation}`, 'The written denial sent to the patient:'],
      letter: d.letter,
    });
  } else {
    steps.push({ title: 'Waiting for an answer', lines: [`${c.practiceName} has not answered yet. The answer is due by ${day(c.dueAt)}.`] });
  }
  if (c.disagreement) steps.push({ title: 'Statement of disagreement', at: c.disagreement.at, lines: ['The patient disagrees with the denial:', c.disagreement.statement] });
  if (c.rebuttal) steps.push({ title: `Rebuttal by ${c.practiceName}`, at: c.rebuttal.at, lines: [c.rebuttal.text] });
  return steps;
}

/** A step's heading with its date: "Request denied (2026-02-01)". */
export const stepHeading = (s: CorrectionStep) => (s.at ? `${s.title} (${day(s.at)})` : s.title);

/** The whole request as plain text (the FHIR attachment; the same words as the PDF and the CCD). */
export function correctionText(c: ExportCorrection): string {
  const out = [CORRECTION_TYPE_TEXT, `Practice: ${c.practiceName}`, `About: ${c.targetLabel}`, `Received: ${day(c.receivedAt)}`, `Status: ${correctionStatusText(c)}`];
  for (const step of correctionSteps(c)) {
    out.push('', stepHeading(step), ...step.lines.map((l) => `  ${l}`), ...(step.letter ?? []).map((l) => `    ${l}`));
  }
  return `${out.join('\n')}\n`;
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
