/**
 * The patient's record as a C-CDA R2.1 Continuity of Care Document: US Realm Header (recordTarget from the
 * registration, the portal as authoring device and organisation, custodian), then one section per USCDI class with
 * data, each with its LOINC code, templateIds and a narrative table; problems, medications, allergies and lab results
 * also carry coded entries. This is the reverse of shared/ingest/ccda: FHIR code system URIs become OIDs, and what
 * the ingest reads back from these entries is what was exported. UTF-8, no DOCTYPE, every text escaped.
 *
 * Correction requests travel with the record (HIPAA 164.526(d)(4)-(5), (f)) in a last, narrative-only section
 * "Corrections and amendments": a table of the requests, then every step of each in plain language (the denial
 * letter in full). Amended items say so in a Corrections column of their own section's table.
 */
import { el, escapeXml, t, type Attrs } from '../domain/xml-writer';
import { nameUuid } from '../demo/random';
import type { RecordItem } from '../domain/record';
import { CODE_SYSTEMS } from '../ingest/ccda/codes';
import { PORTAL_CORRECTIONS_TEMPLATE } from '../ingest/ccda/sections/registry';
import type { DataClass } from '../ingest/types';
import {
  AMENDED_MARK, amendedItems, CORRECTIONS_HEADING, correctionStatusText, correctionSteps, EXPORT_SECTIONS, type ExportInput, conceptText, flagText,
  itemDetails, itemsOf, itemTitle, practiceNameOf, rangeLabel, referenceRangeText, stepHeading, valueText,
} from './model';

type Json = Record<string, any>;

/** OIDs by FHIR URI: the first OID listed for a URI wins (the ingest's table lists the current OID first). */
const OID_OF = new Map<string, string>();
for (const [oid, uri] of Object.entries(CODE_SYSTEMS)) if (!OID_OF.has(uri)) OID_OF.set(uri, oid);
const LOINC = '2.16.840.1.113883.6.1';
const SNOMED = '2.16.840.1.113883.6.96';



const uuidOf = (name: string) => nameUuid(name).toUpperCase();
const uid = (name: string) => el('id', { root: uuidOf(name) });
const templates = (root: string, extension?: string) => [el('templateId', { root }), extension ? el('templateId', { root, extension }) : ''].filter(Boolean).join('\n');

/** FHIR date or dateTime to a CDA TS: days stay days, instants become UTC with seconds. Undefined when unreadable. */
export function toTs(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return value.replace(/-/g, '');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.toISOString().slice(0, 19).replace(/[-T:]/g, '')}+0000`;
}
const timeEl = (tag: string, value: unknown) => {
  const v = toTs(value);
  return v ? el(tag, { value: v }) : el(tag, { nullFlavor: 'UNK' });
};

/** A CodeableConcept as a CD: the first coding with a known system, the rest as translations, text by reference. */
function cd(tag: string, concept: unknown, textId: string, extra: Attrs = {}): string {
  const codings = ((concept as Json | undefined)?.coding as Json[] | undefined ?? [])
    .map((c) => {
      const system = typeof c.system === 'string' ? (OID_OF.get(c.system) ?? (c.system.startsWith('urn:oid:') ? c.system.slice(8) : undefined)) : undefined;
      return system && typeof c.code === 'string' ? { code: c.code, codeSystem: system, displayName: typeof c.display === 'string' ? c.display : undefined } : undefined;
    })
    .filter((c): c is { code: string; codeSystem: string; displayName: string | undefined } => !!c);
  const [primary, ...rest] = codings;
  const original = el('originalText', {}, el('reference', { value: `#${textId}` }));
  return el(tag, { ...extra, ...(primary ?? { nullFlavor: 'OTH' }) }, original, ...rest.map((c) => el('translation', c)));
}

interface Row { id: string; item: RecordItem; cells: string[] }

function narrative(headers: string[], rows: Row[]): string {
  return el('text', {}, el('table', { border: 1, width: '100%' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, t(h))))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.cells.map((c, i) => el('td', i === 1 ? { ID: r.id } : {}, t(c) || '-'))))),
  ));
}

const SECTION: Record<DataClass, { root: string; extension?: string; code: string; display: string; required?: boolean }> = {
  problems: { root: '2.16.840.1.113883.10.20.22.2.5.1', extension: '2015-08-01', code: '11450-4', display: 'Problem list - Reported', required: true },
  medications: { root: '2.16.840.1.113883.10.20.22.2.1.1', extension: '2014-06-09', code: '10160-0', display: 'History of Medication use Narrative', required: true },
  allergies: { root: '2.16.840.1.113883.10.20.22.2.6.1', extension: '2015-08-01', code: '48765-2', display: 'Allergies and adverse reactions Document', required: true },
  'lab-results': { root: '2.16.840.1.113883.10.20.22.2.3.1', extension: '2015-08-01', code: '30954-2', display: 'Relevant diagnostic tests/laboratory data Narrative', required: true },
  'vital-signs': { root: '2.16.840.1.113883.10.20.22.2.4.1', extension: '2015-08-01', code: '8716-3', display: 'Vital signs' },
  immunizations: { root: '2.16.840.1.113883.10.20.22.2.2.1', extension: '2015-08-01', code: '11369-6', display: 'History of Immunization Narrative' },
  procedures: { root: '2.16.840.1.113883.10.20.22.2.7.1', extension: '2014-06-09', code: '47519-4', display: 'History of Procedures Document' },
  encounters: { root: '2.16.840.1.113883.10.20.22.2.22.1', extension: '2015-08-01', code: '46240-8', display: 'History of Hospitalizations+Outpatient visits Narrative' },
  'clinical-notes': { root: '2.16.840.1.113883.10.20.22.2.65', extension: '2016-11-01', code: '34109-9', display: 'Note' },
  'care-team': { root: '2.16.840.1.113883.10.20.22.2.500', extension: '2019-07-01', code: '85847-2', display: 'Patient Care team information' },
  goals: { root: '2.16.840.1.113883.10.20.22.2.60', code: '61146-7', display: 'Goals' },
  'health-concerns': { root: '2.16.840.1.113883.10.20.22.2.58', extension: '2015-08-01', code: '75310-3', display: 'Health concerns document' },
  'assessment-and-plan': { root: '2.16.840.1.113883.10.20.22.2.9', extension: '2014-06-09', code: '51847-2', display: 'Evaluation + Plan note' },
};

const entry = (xml: string) => el('entry', { typeCode: 'DRIV' }, xml);
const interval = (low: unknown, high?: unknown) => el('effectiveTime', {}, timeEl('low', low), high !== undefined && toTs(high) ? el('high', { value: toTs(high) }) : '');

function problemEntry(row: Row): string {
  const r = row.item.resource as Json;
  const status = conceptText(r.clinicalStatus)?.toLowerCase();
  const active = !status || ['active', 'recurrence', 'relapse'].includes(status);
  const onset = r.onsetDateTime ?? r.onsetPeriod?.start ?? row.item.date;
  const abatement = r.abatementDateTime ?? r.abatementPeriod?.end;
  return entry(el('act', { classCode: 'ACT', moodCode: 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.3', '2015-08-01'), uid(`${row.id}/concern`),
    el('code', { code: 'CONC', codeSystem: '2.16.840.1.113883.5.6', displayName: 'Concern' }),
    el('statusCode', { code: active ? 'active' : 'completed' }), interval(r.recordedDate ?? onset),
    el('entryRelationship', { typeCode: 'SUBJ' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
      templates('2.16.840.1.113883.10.20.22.4.4', '2015-08-01'), uid(row.id),
      el('code', { code: '55607006', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Problem' }),
      el('text', {}, el('reference', { value: `#${row.id}` })), el('statusCode', { code: 'completed' }),
      interval(onset, active ? undefined : abatement),
      cd('value', r.code, row.id, { 'xsi:type': 'CD' })))));
}

function medicationEntry(row: Row): string {
  const r = row.item.resource as Json;
  const intended = r.resourceType === 'MedicationRequest';
  const status = ['active', 'completed', 'aborted', 'suspended', 'cancelled'].includes(r.status) ? r.status : r.status === 'stopped' ? 'aborted' : r.status === 'on-hold' ? 'suspended' : 'completed';
  const start = r.effectivePeriod?.start ?? r.effectiveDateTime ?? r.dispenseRequest?.validityPeriod?.start ?? r.authoredOn ?? row.item.date;
  const end = r.effectivePeriod?.end ?? r.dispenseRequest?.validityPeriod?.end;
  const medication = r.medicationCodeableConcept ?? { text: r.medicationReference?.display };
  return entry(el('substanceAdministration', { classCode: 'SBADM', moodCode: intended ? 'INT' : 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.16', '2014-06-09'), uid(row.id), el('text', {}, el('reference', { value: `#${row.id}` })),
    el('statusCode', { code: status }),
    el('effectiveTime', { 'xsi:type': 'IVL_TS' }, timeEl('low', start), toTs(end) ? el('high', { value: toTs(end) }) : el('high', { nullFlavor: 'UNK' })),
    el('consumable', {}, el('manufacturedProduct', { classCode: 'MANU' }, templates('2.16.840.1.113883.10.20.22.4.23', '2014-06-09'),
      el('manufacturedMaterial', {}, cd('code', medication, row.id))))));
}

function allergyEntry(row: Row): string {
  const r = row.item.resource as Json;
  const category = Array.isArray(r.category) ? r.category[0] : undefined;
  const kind = category === 'food' ? ['414285001', 'Allergy to food (finding)'] : category === 'medication' ? (r.type === 'intolerance' ? ['59037007', 'Drug intolerance (finding)'] : ['416098002', 'Allergy to drug (finding)']) : category === 'environment' ? ['426232007', 'Environmental allergy (finding)'] : ['419199007', 'Allergy to substance (finding)'];
  const onset = r.onsetDateTime ?? r.onsetPeriod?.start;
  return entry(el('act', { classCode: 'ACT', moodCode: 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.30', '2015-08-01'), uid(`${row.id}/concern`),
    el('code', { code: 'CONC', codeSystem: '2.16.840.1.113883.5.6', displayName: 'Concern' }), el('statusCode', { code: 'active' }), interval(r.recordedDate ?? onset ?? row.item.date),
    el('entryRelationship', { typeCode: 'SUBJ' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
      templates('2.16.840.1.113883.10.20.22.4.7', '2014-06-09'), uid(row.id), el('code', { code: 'ASSERTION', codeSystem: '2.16.840.1.113883.5.4' }),
      el('text', {}, el('reference', { value: `#${row.id}` })), el('statusCode', { code: 'completed' }), interval(onset),
      el('value', { 'xsi:type': 'CD', code: kind[0], codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: kind[1] }),
      el('participant', { typeCode: 'CSM' }, el('participantRole', { classCode: 'MANU' }, el('playingEntity', { classCode: 'MMAT' }, cd('code', r.code, row.id))))))));
}

function resultObservation(row: Row): string {
  const r = row.item.resource as Json;
  const q = r.valueQuantity as Json | undefined;
  const value = q && typeof q.value === 'number'
    ? el('value', { 'xsi:type': 'PQ', value: q.value, unit: typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : '1' })
    : r.valueCodeableConcept ? cd('value', r.valueCodeableConcept, row.id, { 'xsi:type': 'CD' })
      : valueText(row.item.resource) ? el('value', { 'xsi:type': 'ST' }, t(valueText(row.item.resource)!)) : '';
  const range = (r.referenceRange as Json[] | undefined)?.[0];
  const bound = (tag: string, b: Json | undefined) => (b && typeof b.value === 'number' ? el(tag, { value: b.value, unit: typeof b.code === 'string' ? b.code : typeof b.unit === 'string' ? b.unit : '1' }) : '');
  const rangeXml = range
    ? el('referenceRange', {}, el('observationRange', {}, typeof range.text === 'string' ? el('text', {}, t(range.text)) : '',
      range.low || range.high ? el('value', { 'xsi:type': 'IVL_PQ' }, bound('low', range.low), bound('high', range.high)) : '',
      el('interpretationCode', { code: 'N', codeSystem: '2.16.840.1.113883.5.83' })))
    : '';
  const interpretation = ((r.interpretation as Json[] | undefined)?.[0]?.coding as Json[] | undefined)?.find((c) => typeof c.code === 'string');
  return el('observation', { classCode: 'OBS', moodCode: 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.2', '2015-08-01'), uid(row.id), cd('code', r.code, row.id),
    el('text', {}, el('reference', { value: `#${row.id}` })),
    el('statusCode', { code: ['preliminary', 'registered'].includes(r.status) ? 'active' : r.status === 'cancelled' ? 'cancelled' : 'completed' }),
    timeEl('effectiveTime', r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued ?? row.item.date),
    value,
    interpretation ? el('interpretationCode', { code: interpretation.code, codeSystem: '2.16.840.1.113883.5.83' }) : '',
    // C-CDA has no "corrected" status; as labs do, an annotation comment says so (the ingest reads it back).
    ['corrected', 'amended'].includes(r.status) ? el('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' }, el('act', { classCode: 'ACT', moodCode: 'EVN' },
      templates('2.16.840.1.113883.10.20.22.4.64'), el('code', { code: '48767-8', codeSystem: LOINC, displayName: 'Annotation comment' }), el('text', {}, t(`${r.status === 'corrected' ? 'Corrected' : 'Amended'} result`)))) : '',
    rangeXml);
}

/** Lab Observations grouped as their DiagnosticReport grouped them; the rest each in an organizer of their own. */
function resultEntries(rows: Row[]): string[] {
  const observations = rows.filter((r) => r.item.resource.resourceType === 'Observation');
  const byRef = new Map(observations.filter((r) => r.item.resource.id).map((r) => [`${r.item.patientId}|Observation/${r.item.resource.id}`, r]));
  const used = new Set<Row>();
  const organizer = (id: string, code: unknown, textId: string, when: unknown, members: Row[]) => entry(el('organizer', { classCode: 'BATTERY', moodCode: 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.1', '2015-08-01'), uid(`${id}/organizer`), cd('code', code, textId), el('statusCode', { code: 'completed' }),
    el('effectiveTime', {}, timeEl('low', when), timeEl('high', when)),
    ...members.map((m) => el('component', {}, resultObservation(m)))));
  const out: string[] = [];
  for (const report of rows.filter((r) => r.item.resource.resourceType === 'DiagnosticReport')) {
    const members = ((report.item.resource as Json).result as Json[] | undefined ?? [])
      .map((ref) => byRef.get(`${report.item.patientId}|${ref.reference}`))
      .filter((m): m is Row => !!m && !used.has(m));
    if (!members.length) continue;
    members.forEach((m) => used.add(m));
    const r = report.item.resource as Json;
    out.push(organizer(report.id, r.code, report.id, r.effectiveDateTime ?? r.effectivePeriod?.start ?? report.item.date, members));
  }
  for (const o of observations.filter((r) => !used.has(r))) out.push(organizer(o.id, (o.item.resource as Json).code, o.id, o.item.date, [o]));
  return out;
}

const ENTRIES: Partial<Record<DataClass, (rows: Row[]) => string[]>> = {
  problems: (rows) => rows.map(problemEntry),
  medications: (rows) => rows.filter((r) => ['MedicationRequest', 'MedicationStatement'].includes(r.item.resource.resourceType)).map(medicationEntry),
  allergies: (rows) => rows.map(allergyEntry),
  'lab-results': resultEntries,
};

function headersFor(dataClass: DataClass): string[] {
  if (dataClass === 'lab-results' || dataClass === 'vital-signs') return ['Date', 'Test', 'Value', 'Reference range', 'Flag', 'Source practice'];
  if (dataClass === 'clinical-notes') return ['Date', 'Title', 'Source practice'];
  return ['Date', 'Item', 'Details', 'Source practice'];
}

function cellsFor(dataClass: DataClass, item: RecordItem, input: ExportInput): string[] {
  const date = item.date ?? 'No date';
  const practice = practiceNameOf(input, item);
  const r = item.resource;
  if (dataClass === 'lab-results' || dataClass === 'vital-signs') {
    const isObservation = r.resourceType === 'Observation';
    return [date, itemTitle(r), isObservation ? (valueText(r) ?? '') : itemDetails(r), referenceRangeText(r) ?? '', [flagText(r), ['corrected', 'amended'].includes(String(r.status)) ? String(r.status) : ''].filter(Boolean).join(', '), practice];
  }
  if (dataClass === 'clinical-notes') return [date, itemTitle(r), practice];
  return [date, itemTitle(r), itemDetails(r), practice];
}

/**
 * The correction requests as a narrative-only section. No LOINC section code fits an account of amendment requests
 * (51848-0 is the Assessment section, which readers map as clinical content), so the section is uncoded: a title,
 * and the portal's own templateId (a UUID root) by which our reader knows to skip it. Open CCD templates allow
 * additional sections; a receiving system shows it as narrative.
 */
function correctionsSection(input: ExportInput): string {
  const rows = input.corrections.map((c, i) => ({ c, id: `correction-${i + 1}` }));
  const table = el('table', { border: 1, width: '100%' },
    el('thead', {}, el('tr', {}, ...['Received', 'About', 'Practice', 'Status'].map((h) => el('th', {}, t(h))))),
    el('tbody', {}, ...rows.map(({ c, id }) => el('tr', { ID: id },
      el('td', {}, t(c.receivedAt.slice(0, 10))), el('td', {}, t(c.targetLabel) || '-'), el('td', {}, t(c.practiceName) || '-'), el('td', {}, t(correctionStatusText(c)))))),
  );
  const accounts = rows.flatMap(({ c, id }) => [
    el('paragraph', { ID: `${id}-account` }, el('content', { styleCode: 'Bold' }, t(`${c.targetLabel} (${c.practiceName}, received ${c.receivedAt.slice(0, 10)})`))),
    el('list', { listType: 'ordered' }, ...correctionSteps(c).map((step) => el('item', {},
      el('paragraph', {}, el('content', { styleCode: 'Bold' }, t(stepHeading(step)))),
      ...step.lines.map((line) => el('paragraph', {}, t(line))),
      step.letter?.length ? el('list', { listType: 'unordered' }, ...step.letter.map((line) => el('item', {}, t(line)))) : ''))),
  ]);
  return el('component', {}, el('section', {}, templates(PORTAL_CORRECTIONS_TEMPLATE), el('title', {}, t(CORRECTIONS_HEADING)), el('text', {}, table, ...accounts)));
}

export interface BuiltCcd {
  xml: string;
  itemCount: number;
}

/** Builds the CCD. Pure: the same input gives the same bytes. */
export function buildRecordCcd(input: ExportInput): BuiltCcd {
  const registration = input.registrations.find((r) => r.givenName || r.familyName) ?? input.registrations[0];
  const now = toTs(input.generatedAt)!;
  const docKey = `export/ccd/${input.generatedAt}/${input.registrations.map((r) => r.patientId).join(',')}`;
  const portalOrg = (tag: string) => el(tag, {}, uid('export/portal-organization'), el('name', {}, 'Patient portal'), el('telecom', { nullFlavor: 'UNK' }), el('addr', { nullFlavor: 'UNK' }));

  const isAmended = amendedItems(input);
  const sections: string[] = [];
  for (const { dataClass, heading } of EXPORT_SECTIONS) {
    const spec = SECTION[dataClass];
    const items = itemsOf(input, dataClass);
    const head = [templates(spec.root, spec.extension), el('code', { code: spec.code, codeSystem: LOINC, codeSystemName: 'LOINC', displayName: spec.display }), el('title', {}, t(heading))];
    if (!items.length) {
      // An entries-required section with nothing in range says "no information" rather than going missing.
      if (spec.required) sections.push(el('component', {}, el('section', { nullFlavor: 'NI' }, ...head, el('text', {}, 'No information'))));
      continue;
    }
    const rows: Row[] = items.map((item, i) => ({ id: `${dataClass}-${i + 1}`, item, cells: cellsFor(dataClass, item, input) }));
    // Entry ids from the item's identity, so that the same item exported twice is recognised as the same fact.
    for (const row of rows) row.id = `${dataClass}-${uuidOf(`${row.item.patientId}/${row.item.dataClass}/${row.item.itemKey}`).slice(0, 8).toLowerCase()}-${rows.indexOf(row) + 1}`;
    const entries = ENTRIES[dataClass]?.(rows) ?? [];
    // Amended items say so in a column of their own: the named cell is the entries' originalText and stays as it arrived.
    const headers = headersFor(dataClass);
    if (rows.some((r) => isAmended(r.item))) {
      headers.push('Corrections');
      for (const row of rows) row.cells.push(isAmended(row.item) ? AMENDED_MARK : '');
    }
    sections.push(el('component', {}, el('section', {}, ...head, narrative(headers, rows), ...entries)));
  }
  if (input.corrections.length) sections.push(correctionsSection(input));

  const dates = input.items.map((i) => i.date).filter((d): d is string => !!d).sort();
  const low = input.from ?? dates[0];
  const high = input.to ?? dates.at(-1);
  const doc = el('ClinicalDocument', { xmlns: 'urn:hl7-org:v3', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xmlns:sdtc': 'urn:hl7-org:sdtc' },
    el('realmCode', { code: 'US' }),
    el('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' }),
    templates('2.16.840.1.113883.10.20.22.1.1', '2015-08-01'),
    templates('2.16.840.1.113883.10.20.22.1.2', '2015-08-01'),
    uid(docKey),
    el('code', { code: '34133-9', codeSystem: LOINC, codeSystemName: 'LOINC', displayName: 'Summarization of Episode Note' }),
    el('title', {}, t(`Health record: ${rangeLabel(input)}`)),
    el('effectiveTime', { value: now }),
    el('confidentialityCode', { code: 'N', codeSystem: '2.16.840.1.113883.5.25', displayName: 'normal' }),
    el('languageCode', { code: 'en-US' }),
    el('recordTarget', {}, el('patientRole', {},
      ...input.registrations.map((r) => uid(`export/registration/${r.patientId}`)),
      input.registrations.length ? '' : el('id', { nullFlavor: 'NI' }),
      el('addr', { nullFlavor: 'UNK' }), el('telecom', { nullFlavor: 'UNK' }),
      el('patient', {},
        registration?.givenName || registration?.familyName
          ? el('name', { use: 'L' }, registration.givenName ? el('given', {}, t(registration.givenName)) : '', registration.familyName ? el('family', {}, t(registration.familyName)) : '')
          : el('name', { nullFlavor: 'UNK' }),
        el('administrativeGenderCode', { nullFlavor: 'UNK' }),
        registration?.birthDate ? el('birthTime', { value: toTs(registration.birthDate) }) : el('birthTime', { nullFlavor: 'UNK' })))),
    el('author', {}, el('time', { value: now }), el('assignedAuthor', {}, uid('export/portal-device'), el('addr', { nullFlavor: 'UNK' }), el('telecom', { nullFlavor: 'UNK' }),
      el('assignedAuthoringDevice', {}, el('manufacturerModelName', {}, 'Patient portal'), el('softwareName', {}, 'Patient portal record export')),
      portalOrg('representedOrganization'))),
    el('custodian', {}, el('assignedCustodian', {}, portalOrg('representedCustodianOrganization'))),
    el('documentationOf', {}, el('serviceEvent', { classCode: 'PCPR' }, el('effectiveTime', {}, timeEl('low', low), timeEl('high', high)))),
    el('component', {}, el('structuredBody', {}, ...sections)));
  return { xml: `<?xml version="1.0" encoding="UTF-8"?>\n${doc}\n`, itemCount: input.items.length };
}
