/**
 * The patient's record as a FHIR R4 Bundle of type collection: one Patient per registration (the name and birth date
 * the practice registered) and every exported item. Each entry has a urn:uuid fullUrl; a reference to another item of
 * the export is pointed at that item's fullUrl, a reference to the patient at the registration's Patient, and a
 * reference to anything not in the file keeps only its display text, so that no reference dangles.
 *
 * Correction requests travel with the record (HIPAA 164.526(d)(4)-(5), (f)): each is a DocumentReference typed
 * urn:portal:correction|amendment-request whose text/plain attachment tells every step (request, extension, decision
 * with the amendment or the full denial letter, disagreement, rebuttal), related to the item it is about when that
 * item is in the file, or to the document by identifier. An item amended by an accepted request carries the
 * urn:portal:tag|amended tag and is otherwise exactly as it arrived.
 */
import { nameUuid as uuidOf } from '../demo/random';
import type { RecordItem } from '../domain/record';
import type { FhirResource } from '../ingest/types';
import { amendedItems, CORRECTION_TYPE_TEXT, correctionStatusText, correctionText, itemIdentity, type ExportCorrection, type ExportInput, type ExportRegistration } from './model';

type Json = Record<string, any>;

/** The portal's own tags on exported resources. */
export const PORTAL_TAG_SYSTEM = 'urn:portal:tag';
export const AMENDED_TAG = { system: PORTAL_TAG_SYSTEM, code: 'amended', display: 'Amended' } as const;
/** The portal's code system for what its DocumentReferences are. */
export const CORRECTION_CODE_SYSTEM = 'urn:portal:correction';
export const CORRECTION_TYPE = { system: CORRECTION_CODE_SYSTEM, code: 'amendment-request', display: CORRECTION_TYPE_TEXT } as const;
/** Identifier systems for the portal's own ids. */
export const CORRECTION_ID_SYSTEM = 'urn:portal:correction-request';
export const DOCUMENT_ID_SYSTEM = 'urn:portal:document';

/** Types whose patient is `patient` rather than `subject`. */
const PATIENT_FIELD: Record<string, 'patient' | 'subject'> = { AllergyIntolerance: 'patient', Immunization: 'patient' };
const SUBJECT_TYPES = new Set([
  'Condition', 'Observation', 'MedicationRequest', 'MedicationStatement', 'MedicationAdministration', 'Procedure', 'Encounter',
  'DiagnosticReport', 'DocumentReference', 'CareTeam', 'Goal', 'CarePlan', 'ClinicalImpression', 'AllergyIntolerance', 'Immunization',
]);

export function patientResource(r: ExportRegistration, id: string): FhirResource {
  const name = r.givenName || r.familyName ? [{ use: 'official', ...(r.familyName ? { family: r.familyName } : {}), ...(r.givenName ? { given: [r.givenName] } : {}) }] : undefined;
  return { resourceType: 'Patient', id, ...(name ? { name } : {}), ...(r.birthDate ? { birthDate: r.birthDate } : {}) };
}

export interface BuiltBundle {
  bundle: FhirResource;
  /** Record items in the file (Patients and correction requests not counted). */
  itemCount: number;
}

/** Builds the collection Bundle. Pure: the same input gives the same Bundle. */
export function buildFhirBundle(input: ExportInput): BuiltBundle {
  const patients = input.registrations.map((r) => ({ r, id: uuidOf(`export/patient/${r.patientId}`) }));
  const patientById = new Map(patients.map((p) => [p.r.patientId, p]));
  const itemId = (i: RecordItem) => uuidOf(`export/item/${i.patientId}/${i.dataClass}/${i.itemKey}`);
  // A resource's own "Type/id" as its source wrote it, per registration: what other resources of that source refer to.
  const targets = new Map<string, string>();
  for (const item of input.items) {
    const own = item.resource.id;
    if (typeof own === 'string') {
      targets.set(`${item.patientId}|${item.resource.resourceType}/${own}`, itemId(item));
      targets.set(`${item.patientId}|urn:uuid:${own}`, itemId(item));
    }
  }

  const rewrite = (value: unknown, item: RecordItem, patientUrl: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((v) => rewrite(v, item, patientUrl));
    if (!value || typeof value !== 'object') return value;
    const obj = value as Json;
    const out: Json = {};
    for (const [k, v] of Object.entries(obj)) out[k] = k === 'reference' ? v : rewrite(v, item, patientUrl);
    if (typeof obj.reference === 'string' && !obj.reference.startsWith('#')) {
      const ref = obj.reference;
      const target = targets.get(`${item.patientId}|${ref}`);
      if (target) out.reference = `urn:uuid:${target}`;
      else if (/^Patient\//.test(ref) && patientUrl) out.reference = patientUrl;
      else {
        // Not in this file: keep what a person can read, drop the pointer.
        delete out.reference;
        out.display ??= `${ref.split('/')[0] ?? 'Item'} (not included in this export)`;
      }
    }
    return out;
  };

  const isAmended = amendedItems(input);
  const entries: Json[] = patients.map(({ r, id }) => ({ fullUrl: `urn:uuid:${id}`, resource: patientResource(r, id) }));
  const items = [...input.items].sort((a, b) => a.dataClass.localeCompare(b.dataClass) || (a.date ?? '').localeCompare(b.date ?? '') || a.itemKey.localeCompare(b.itemKey));
  for (const item of items) {
    const id = itemId(item);
    const patient = patientById.get(item.patientId);
    const patientUrl = patient ? `urn:uuid:${patient.id}` : undefined;
    const { id: _old, meta: _meta, resourceType: _type, ...rest } = item.resource as Json;
    const resource = rewrite(rest, item, patientUrl) as Json;
    const type = item.resource.resourceType;
    if (patientUrl && SUBJECT_TYPES.has(type)) {
      const field = PATIENT_FIELD[type] ?? 'subject';
      resource[field] = { reference: patientUrl, ...(typeof resource[field]?.display === 'string' ? { display: resource[field].display } : {}) };
    }
    const source = typeof (item.resource.meta as Json | undefined)?.source === 'string' ? { source: (item.resource.meta as Json).source } : {};
    const tag = [{ system: 'urn:portal:practice', code: item.practiceId }, ...(isAmended(item) ? [{ ...AMENDED_TAG }] : [])];
    entries.push({
      fullUrl: `urn:uuid:${id}`,
      resource: { resourceType: type, id, meta: { ...source, tag }, ...resource },
    });
  }
  const itemUrls = new Map(input.items.map((i) => [itemIdentity(i), `urn:uuid:${itemId(i)}`]));
  for (const c of input.corrections) {
    const id = uuidOf(`export/correction/${c.patientId}/${c.requestId}`);
    const patient = patientById.get(c.patientId);
    entries.push({ fullUrl: `urn:uuid:${id}`, resource: correctionResource(c, id, patient ? `urn:uuid:${patient.id}` : undefined, itemUrls) });
  }
  const bundle: FhirResource = {
    resourceType: 'Bundle',
    id: uuidOf(`export/bundle/${input.generatedAt}/${input.registrations.map((r) => r.patientId).join(',')}`),
    meta: { lastUpdated: input.generatedAt },
    type: 'collection',
    timestamp: input.generatedAt,
    entry: entries,
  };
  return { bundle, itemCount: input.items.length };
}

/**
 * One correction request as a DocumentReference. The practice is named, not referenced: the Bundle holds no
 * Organization resources, so author and custodian are display-only references (no reference dangles).
 */
function correctionResource(c: ExportCorrection, id: string, patientUrl: string | undefined, itemUrls: ReadonlyMap<string, string>): Json {
  const related: Json[] = [];
  if (c.target.kind === 'item') {
    const url = itemUrls.get(itemIdentity({ patientId: c.patientId, ...c.target }));
    related.push(url ? { reference: url, display: c.targetLabel } : { display: `${c.targetLabel} (not included in this export)` });
  } else if (c.target.kind === 'document') {
    related.push({ identifier: { system: DOCUMENT_ID_SYSTEM, value: c.target.documentId }, display: c.targetLabel });
  }
  if (c.decision?.outcome === 'accepted' && c.decision.amendmentDocumentId) {
    related.push({ identifier: { system: DOCUMENT_ID_SYSTEM, value: c.decision.amendmentDocumentId }, display: 'Amendment document' });
  }
  const text = correctionText(c);
  const lastStep = [c.receivedAt, c.extension?.at, c.decision?.at, c.disagreement?.at, c.rebuttal?.at].filter((x): x is string => !!x).sort().at(-1)!;
  return {
    resourceType: 'DocumentReference',
    id,
    meta: { tag: [{ system: 'urn:portal:practice', code: c.practiceId }] },
    identifier: [{ system: CORRECTION_ID_SYSTEM, value: c.requestId }],
    status: 'current',
    type: { coding: [{ ...CORRECTION_TYPE }], text: CORRECTION_TYPE_TEXT },
    ...(patientUrl ? { subject: { reference: patientUrl } } : {}),
    date: c.receivedAt,
    author: [{ display: c.practiceName }],
    custodian: { display: c.practiceName },
    description: `${CORRECTION_TYPE_TEXT} to ${c.practiceName} about ${c.targetLabel}. ${correctionStatusText(c)}.`,
    ...(related.length ? { context: { related } } : {}),
    content: [{
      attachment: {
        contentType: 'text/plain; charset=utf-8',
        language: 'en-US',
        data: Buffer.from(text, 'utf8').toString('base64'),
        title: `${CORRECTION_TYPE_TEXT}: ${c.targetLabel}`,
        creation: lastStep,
      },
    }],
  };
}
