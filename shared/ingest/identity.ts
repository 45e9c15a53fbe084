/**
 * De-duplication keys, in one place for both ingestion paths. The record store keeps one item per (patient, data
 * class, key): the same key arriving again replaces the stored resource with the newer one and adds the document to
 * the item's sources. So the key says which clinical fact a resource is about, never what the fact's value is.
 *
 * Two keys exist for every resource:
 * - the clinical key (clinicalKey), computed from the final FHIR resource alone, so a lab result read from a C-CDA
 *   and the same result read from a FHIR bundle get the same one: kind | primary code | clinical time | what tells
 *   two facts of that kind apart at the same time;
 * - the source key, where there is no clinical key: the FHIR identifier (else a content hash) or the C-CDA entry id
 *   (else a content hash; see ccda/context.ts). It merges re-uploads of the same file, not across formats.
 *
 * Per kind (anything not listed, e.g. DocumentReference, CarePlan, ClinicalImpression, CareTeam, has no clinical key:
 * two notes or plans of one day are two documents, and nothing short of their content says they are the same):
 * - Observation: code + effective instant + component codes (the blood-pressure panel is not its systolic reading)
 *   + body site. A time of day is required: several readings of one test a day are common, and a date alone cannot
 *   tell them apart. The value is not in the key, so a corrected result replaces the preliminary one.
 * - DiagnosticReport: code + effective instant (same rule as Observation).
 * - MedicationAdministration: medication + effective instant (several doses a day).
 * - Encounter: type + period start, time of day required (two visits of one type on one day are two encounters).
 * - Procedure: code + performed start (a UTC instant when it has a time, else the date as given) + body site.
 * - Condition: code + onset date (else recorded date) + body site. A condition is dated by the day.
 * - Immunization: vaccine + occurrence date; a dose not given (not-done) is not the dose given.
 * - MedicationRequest and MedicationStatement: one kind, "Medication", because C-CDA medication activities arrive as
 *   statements and the same list entry in US Core FHIR is a request; medication + start date (authoredOn, else the
 *   effective start). Same medication started on another day is another item.
 * - AllergyIntolerance: substance only. An allergy to one substance is one fact for a patient, whatever the dates
 *   (often absent, or the date it was recorded) each system gives it.
 * - Goal: target measures (else the coded description) + start date.
 * Day-grained times are the date as written, without converting a zone: a date-only source (C-CDA without a zone,
 * FHIR date) can only be matched by its written date, and a UTC conversion of the other side could move it by a day.
 *
 * A clinical key is only used where it is unambiguous in its file: when one file holds two resources with the same
 * clinical key that are neither the same source entry nor the same content (two readings of a test whose times were
 * written as a date only, say), they keep their source keys rather than become one item.
 */
import { createHash } from 'node:crypto';
import { CODE_SYSTEMS } from './ccda/codes';
import type { FhirResource } from './types';

type Json = Record<string, any>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// ---- Source keys (FHIR) ----

/** Elements that say nothing about the clinical fact: they differ between two uploads of the same data. */
const NOT_CLINICAL = new Set(['id', 'meta', 'text']);

function canonical(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (top && NOT_CLINICAL.has(key)) continue;
    // Reference targets are ids, which may be derived from the document; the display text stays in the key.
    if (key === 'reference' && typeof (value as Record<string, unknown>)[key] === 'string') continue;
    out[key] = canonical((value as Record<string, unknown>)[key], false);
  }
  return out;
}

/** SHA-256 of the resource's canonical JSON without id, meta, text and reference targets. */
export function contentHash(resource: FhirResource): string {
  return sha256(JSON.stringify(canonical(resource, true)));
}

/**
 * Source key of a FHIR resource: `Type|system|value` of the first identifier that has both, else `Type|` and its
 * content hash. The same data uploaded again, under any document id, gets the same key.
 */
export function fhirSourceKey(resource: FhirResource): string {
  const identifier = (resource.identifier as { system?: unknown; value?: unknown }[] | undefined)?.find(
    (id) => typeof id.system === 'string' && id.system && typeof id.value === 'string' && id.value,
  );
  if (identifier) return `${resource.resourceType}|${identifier.system as string}|${identifier.value as string}`;
  return `${resource.resourceType}|${contentHash(resource)}`;
}

// ---- Codes ----

/** Standard code systems by their FHIR URI (lower case, http, no trailing slash). */
const STANDARD_SYSTEMS: Readonly<Record<string, string>> = {
  'http://loinc.org': 'loinc',
  'http://snomed.info/sct': 'snomed',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'rxnorm',
  'http://hl7.org/fhir/sid/cvx': 'cvx',
  'http://hl7.org/fhir/sid/icd-10-cm': 'icd10cm',
  'http://www.ama-assn.org/go/cpt': 'cpt',
  'http://www.cms.gov/medicare/coding/hcpcsreleasecodesets': 'hcpcs',
  'http://hl7.org/fhir/sid/icd-9-cm': 'icd9cm',
  'http://hl7.org/fhir/sid/ndc': 'ndc',
  'http://fdasis.nlm.nih.gov': 'unii',
};

/** Which system's code is the primary one when a concept has several; the first present wins. */
const DEFAULT_ORDER = ['loinc', 'snomed', 'rxnorm', 'cvx', 'icd10cm', 'cpt', 'hcpcs', 'icd9cm', 'ndc', 'unii'];
const MEDICATION_ORDER = ['rxnorm', 'ndc', 'snomed', 'unii', 'loinc', 'cvx', 'icd10cm', 'cpt', 'hcpcs', 'icd9cm'];
const VACCINE_ORDER = ['cvx', 'ndc', 'rxnorm', 'snomed', 'loinc', 'icd10cm', 'cpt', 'hcpcs', 'icd9cm', 'unii'];
const SUBSTANCE_ORDER = ['rxnorm', 'snomed', 'unii', 'ndc', 'loinc', 'cvx', 'icd10cm', 'cpt', 'hcpcs', 'icd9cm'];

/**
 * Short name of a standard code system, whether it is written as its FHIR URI (any case, http or https, trailing
 * slash) or as an OID (urn:oid:, or bare as some exports do): the OIDs resolve through the same table the C-CDA
 * mapper uses, so a C-CDA code and a FHIR code of one system compare equal.
 */
export function standardSystem(system: unknown): string | undefined {
  if (typeof system !== 'string') return undefined;
  let uri = system.trim();
  const oid = uri.replace(/^urn:oid:/i, '');
  if (/^[0-2](\.\d+)+$/.test(oid)) uri = CODE_SYSTEMS[oid] ?? uri;
  return STANDARD_SYSTEMS[uri.toLowerCase().replace(/^https:/, 'http:').replace(/\/+$/, '')];
}

/** A code as one system writes it everywhere: ICD without its dot, CVX without leading zeros ("08" is 8). */
function normalCode(system: string, code: string): string {
  const trimmed = code.trim().toUpperCase();
  if (system === 'icd10cm' || system === 'icd9cm') return trimmed.replace(/\./g, '');
  if (system === 'cvx' && /^\d+$/.test(trimmed)) return String(Number(trimmed));
  return trimmed;
}

/** `system|code` of the primary standard coding across the concepts (first present system in order), if any. */
export function primaryCode(concepts: unknown[], order: readonly string[] = DEFAULT_ORDER): string | undefined {
  const found = new Map<string, string>();
  for (const concept of concepts) {
    for (const coding of ((concept as Json | undefined)?.coding as Json[] | undefined) ?? []) {
      const system = standardSystem(coding?.system);
      if (!system || found.has(system) || typeof coding.code !== 'string' || !coding.code.trim()) continue;
      found.set(system, normalCode(system, coding.code));
    }
  }
  const system = order.find((s) => found.has(s));
  return system ? `${system}|${found.get(system)}` : undefined;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** A body site as a key part: its standard code, else its text (more discrimination never merges wrongly). */
function siteOf(sites: unknown): string | undefined {
  const parts = asArray(sites)
    .map((site) => primaryCode([site]) ?? (typeof (site as Json)?.text === 'string' ? `text:${((site as Json).text as string).trim().toLowerCase()}` : '?'))
    .sort();
  return parts.length ? `site=${parts.join(',')}` : undefined;
}

// ---- Times ----

const DATE_TIME = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** `YYYY-MM-DDTHH:MM:SSZ` for a FHIR dateTime with a time and a zone; undefined for a date or a time without zone. */
export function utcInstant(value: unknown): string | undefined {
  const m = typeof value === 'string' ? value.trim().match(DATE_TIME) : null;
  if (!m || !m[2] || !m[5] || m[1]!.length !== 10) return undefined;
  const [, date, hh, mi, ss = '00', zone] = m;
  const ms = Date.parse(`${date}T${hh}:${mi}:${ss}${zone}`);
  // Sub-second digits are dropped: C-CDA rarely carries them, so they would only split what is one reading.
  return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The date part as written (YYYY, YYYY-MM or YYYY-MM-DD), no zone conversion. */
export function writtenDate(value: unknown): string | undefined {
  const m = typeof value === 'string' ? value.trim().match(DATE_TIME) : null;
  return m?.[1];
}

type Grain = 'instant' | 'instant-or-date' | 'date';

function timeKey(value: unknown, grain: Grain): string | undefined {
  if (grain === 'date') return writtenDate(value);
  if (grain === 'instant') return utcInstant(value);
  return utcInstant(value) ?? writtenDate(value);
}

const firstString = (...values: unknown[]): string | undefined => values.find((v): v is string => typeof v === 'string' && v.trim() !== '');

// ---- Clinical keys ----

interface Rule {
  /** Key prefix: the resource type, or a kind several types share. */
  kind: string;
  /** The primary code as `system|code`; undefined when there is no standard code to key by. */
  code: (r: Json) => string | undefined;
  /** The clinical time; absent for a kind whose key has no time. */
  time?: (r: Json) => unknown;
  grain?: Grain;
  /** Parts that tell two facts with the same code and time apart; undefined makes the key unusable. */
  extra?: (r: Json) => (string | undefined)[] | undefined;
}

/** Component codes of a panel (sorted), or undefined when a component has no standard code to key by. */
function componentCodes(r: Json): (string | undefined)[] | undefined {
  const components = asArray(r.component);
  if (!components.length) return [];
  const codes = components.map((c) => primaryCode([(c as Json)?.code]));
  if (codes.some((c) => !c)) return undefined;
  return [`components=${[...new Set(codes as string[])].sort().join(',')}`];
}

/** A goal's target measures as a set (a goal with two targets keys by both), else its coded description. */
function goalCode(r: Json): string | undefined {
  const measures = asArray(r.target).map((t) => (t as Json)?.measure).filter(Boolean);
  if (!measures.length) return primaryCode([r.description]);
  const codes = measures.map((m) => primaryCode([m]));
  return codes.every(Boolean) ? [...new Set(codes as string[])].sort().join('+') : undefined;
}

const notDone = (r: Json) => [r.status === 'not-done' ? 'not-done' : undefined];

const RULES: Readonly<Record<string, Rule>> = {
  Observation: {
    kind: 'Observation', code: (r) => primaryCode([r.code]), grain: 'instant',
    time: (r) => firstString(r.effectiveDateTime, r.effectiveInstant, r.effectivePeriod?.start),
    extra: (r) => {
      const components = componentCodes(r);
      return components && [...components, siteOf(r.bodySite)];
    },
  },
  DiagnosticReport: { kind: 'DiagnosticReport', code: (r) => primaryCode([r.code]), grain: 'instant', time: (r) => firstString(r.effectiveDateTime, r.effectivePeriod?.start) },
  MedicationAdministration: {
    kind: 'MedicationAdministration', code: (r) => primaryCode([r.medicationCodeableConcept], MEDICATION_ORDER), grain: 'instant',
    time: (r) => firstString(r.effectiveDateTime, r.effectivePeriod?.start),
  },
  Encounter: { kind: 'Encounter', code: (r) => primaryCode(asArray(r.type)), grain: 'instant', time: (r) => r.period?.start },
  Procedure: {
    kind: 'Procedure', code: (r) => primaryCode([r.code]), grain: 'instant-or-date',
    time: (r) => firstString(r.performedDateTime, r.performedPeriod?.start),
    extra: (r) => [siteOf(r.bodySite), ...notDone(r)],
  },
  Condition: {
    kind: 'Condition', code: (r) => primaryCode([r.code]), grain: 'date',
    time: (r) => firstString(r.onsetDateTime, r.onsetPeriod?.start, r.recordedDate),
    extra: (r) => [siteOf(r.bodySite)],
  },
  Immunization: { kind: 'Immunization', code: (r) => primaryCode([r.vaccineCode], VACCINE_ORDER), grain: 'date', time: (r) => r.occurrenceDateTime, extra: notDone },
  MedicationRequest: { kind: 'Medication', code: (r) => primaryCode([r.medicationCodeableConcept], MEDICATION_ORDER), grain: 'date', time: (r) => r.authoredOn },
  MedicationStatement: {
    kind: 'Medication', code: (r) => primaryCode([r.medicationCodeableConcept], MEDICATION_ORDER), grain: 'date',
    time: (r) => firstString(r.effectivePeriod?.start, r.effectiveDateTime),
  },
  AllergyIntolerance: { kind: 'AllergyIntolerance', code: (r) => primaryCode([r.code], SUBSTANCE_ORDER) },
  Goal: { kind: 'Goal', code: goalCode, grain: 'date', time: (r) => r.startDate },
};

/**
 * The clinical key of a resource (see the module comment for each kind), or undefined where it has none: no rule for
 * its type, no standard code, no time (or only a date where a time of day is required), or a panel component
 * without a standard code.
 */
export function clinicalKey(resource: FhirResource): string | undefined {
  const rule = RULES[resource.resourceType];
  if (!rule) return undefined;
  const r = resource as Json;
  const code = rule.code(r);
  if (!code) return undefined;
  const parts = [rule.kind, code];
  if (rule.time) {
    const time = timeKey(rule.time(r), rule.grain ?? 'instant');
    if (!time) return undefined;
    parts.push(time);
  }
  if (rule.extra) {
    const extra = rule.extra(r);
    if (!extra) return undefined;
    parts.push(...extra.filter((p): p is string => !!p));
  }
  return parts.join('|');
}

/**
 * Final de-duplication keys for one file's items, whatever format it came in: the clinical key where the file does
 * not contradict it, else the source key the item came with. A clinical key shared inside the file by items that are
 * neither one source entry (same source key) nor the same content is ambiguous, and none of them uses it.
 */
export function withIdentityKeys<T extends { dedupeKey: string; resource: FhirResource }>(items: T[]): T[] {
  const keys = items.map((item) => clinicalKey(item.resource));
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => {
    if (key) groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const ambiguous = new Set<string>();
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const sameSource = new Set(members.map((i) => items[i]!.dedupeKey)).size === 1;
    const sameContent = sameSource || new Set(members.map((i) => contentHash(items[i]!.resource))).size === 1;
    if (!sameContent) ambiguous.add(key);
  }
  return items.map((item, i) => {
    const key = keys[i];
    return key && !ambiguous.has(key) ? { ...item, dedupeKey: key } : item;
  });
}
