/**
 * Code systems and coded values: C-CDA names a code system by OID, FHIR by URI. Codes are read from CD/CE elements
 * into CodeableConcepts, with the narrative behind an originalText reference as the concept's text.
 */
import type { XmlElement } from '../xml';
import { childrenNamed, path } from '../xml';
import type { Narrative } from './narrative';

/** FHIR URIs of the code systems C-CDA documents use, by OID. */
export const CODE_SYSTEMS: Readonly<Record<string, string>> = {
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  '2.16.840.1.113883.6.1': 'http://loinc.org',
  '2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  '2.16.840.1.113883.12.292': 'http://hl7.org/fhir/sid/cvx',
  // Older exports (HITSP C32 era) name CVX by this OID.
  '2.16.840.1.113883.6.59': 'http://hl7.org/fhir/sid/cvx',
  '2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  '2.16.840.1.113883.6.3': 'http://hl7.org/fhir/sid/icd-10',
  '2.16.840.1.113883.6.103': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.104': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.4': 'http://www.cms.gov/Medicare/Coding/ICD10',
  '2.16.840.1.113883.6.12': 'http://www.ama-assn.org/go/cpt',
  '2.16.840.1.113883.6.285': 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  '2.16.840.1.113883.6.13': 'http://www.ada.org/cdt',
  '2.16.840.1.113883.6.8': 'http://unitsofmeasure.org',
  '2.16.840.1.113883.6.69': 'http://hl7.org/fhir/sid/ndc',
  '2.16.840.1.113883.4.9': 'http://fdasis.nlm.nih.gov',
  '2.16.840.1.113883.3.26.1.1': 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl',
  '2.16.840.1.113883.6.101': 'http://nucc.org/provider-taxonomy',
  '2.16.840.1.113883.4.6': 'http://hl7.org/fhir/sid/us-npi',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  '2.16.840.1.113883.5.6': 'http://terminology.hl7.org/CodeSystem/v3-ActClass',
  '2.16.840.1.113883.5.8': 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  '2.16.840.1.113883.5.14': 'http://terminology.hl7.org/CodeSystem/v3-ActStatus',
  '2.16.840.1.113883.5.83': 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  '2.16.840.1.113883.5.1063': 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  '2.16.840.1.113883.5.1': 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender',
  '2.16.840.1.113883.5.88': 'http://terminology.hl7.org/CodeSystem/v3-ParticipationFunction',
  '2.16.840.1.113883.5.90': 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  '2.16.840.1.113883.5.110': 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
  '2.16.840.1.113883.5.111': 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  '2.16.840.1.113883.5.112': 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration',
  '2.16.840.1.113883.5.85': 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm',
  '2.16.840.1.113883.5.25': 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  '2.16.840.1.113883.6.238': 'urn:oid:2.16.840.1.113883.6.238',
};

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  cpt: 'http://www.ama-assn.org/go/cpt',
} as const;

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/** FHIR URI for a code system OID; unknown OIDs stay resolvable as urn:oid. Not an OID at all: undefined. */
export function systemUri(oid: string | undefined): string | undefined {
  if (!oid) return undefined;
  const known = CODE_SYSTEMS[oid];
  if (known) return known;
  return OID.test(oid) ? `urn:oid:${oid}` : undefined;
}

export interface Coding { system: string; code: string; display?: string }
export interface CodeableConcept { coding?: Coding[]; text?: string }

/** Vendors write "null" or blanks where they mean nothing. */
export function clean(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed && trimmed.toLowerCase() !== 'null' ? trimmed : undefined;
}

/** One coding from a code-bearing element, if it names both a code and a usable system. */
export function coding(element: XmlElement | undefined): Coding | undefined {
  if (!element || element.attrs.nullFlavor) return undefined;
  const code = clean(element.attrs.code);
  const system = systemUri(clean(element.attrs.codeSystem));
  if (!code || !system) return undefined;
  const display = clean(element.attrs.displayName);
  return display ? { system, code, display } : { system, code };
}

/** The text a coded element carries for people: originalText (inline or by reference), else the displayName. */
export function originalText(element: XmlElement | undefined, narrative: Narrative): string | undefined {
  const original = path(element, 'originalText');
  if (original) {
    const referenced = narrative.resolve(path(original, 'reference'));
    const inline = clean(original.text);
    if (referenced ?? inline) return referenced ?? inline;
  }
  return undefined;
}

/**
 * A CD/CE element as a CodeableConcept: the code and its translations as codings, the original text as text.
 * Undefined when the element carries neither a code nor any text (e.g. a bare nullFlavor).
 */
export function concept(element: XmlElement | undefined, narrative: Narrative): CodeableConcept | undefined {
  if (!element) return undefined;
  const codings: Coding[] = [];
  const primary = coding(element);
  if (primary) codings.push(primary);
  for (const translation of childrenNamed(element, 'translation')) {
    const c = coding(translation);
    if (c && !codings.some((x) => x.system === c.system && x.code === c.code)) codings.push(c);
  }
  const text = originalText(element, narrative) ?? clean(element.attrs.displayName);
  if (!codings.length && !text) return undefined;
  const out: CodeableConcept = {};
  if (codings.length) out.coding = codings;
  if (text) out.text = text;
  return out;
}

/** The code of the first coding in a system, e.g. the SNOMED code of a status value. */
export function codeIn(element: XmlElement | undefined, system: string): string | undefined {
  const c = coding(element);
  if (c?.system === system) return c.code;
  for (const translation of childrenNamed(element, 'translation')) {
    const t = coding(translation);
    if (t?.system === system) return t.code;
  }
  return undefined;
}

/** True when the element is present and explicitly says "no value" (nullFlavor) with no code and no text. */
export function isNullConcept(element: XmlElement | undefined, narrative: Narrative): boolean {
  return !concept(element, narrative);
}
