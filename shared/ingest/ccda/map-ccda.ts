/**
 * C-CDA (R2.1, R1.1, and the CCD 1.0 / HITSP C32 templates of older vendor exports) to FHIR R4 resources shaped like
 * US Core, by USCDI data class. Pure: no I/O, no clock; the same bytes and document id give the same resources, so
 * an upload retried or repeated de-duplicates cleanly.
 *
 * Decisions worth knowing (see also each section module):
 * - Statements of absence ("no known allergies", "no known problems", "no medications": negationInd or a
 *   nullFlavor/"no known" code) do not become items. Negated immunizations are the exception: US Core records a
 *   vaccine not given as Immunization.status not-done, so they are kept with that status.
 * - Lab results are the Observations (category laboratory); each result organizer also yields a DiagnosticReport in
 *   the same class that references them. Counting lab results means counting those Observations.
 * - Systolic and diastolic readings taken together become one 85354-9 blood-pressure panel with two components.
 * - A section without mapped entries but with narrative becomes a DocumentReference (clinical-notes, text/plain).
 * - The correction requests a portal export carries (its own section template) are skipped with their subsections.
 * - Subject references are left out: the pipeline adds the patient.
 */
import { RejectedFileError, type DocumentFacts, type ExtractedResource } from '../types';
import type { XmlElement } from '../xml';
import { childrenNamed, path } from '../xml';
import { MapContext } from './context';
import { toFhirDateTime } from './dates';
import { readFacts } from './header';
import { mapAllergies } from './sections/allergies';
import { mapCareTeamSection, mapServiceEventTeam } from './sections/care-team';
import type { SectionInput } from './sections/common';
import { mapEncounters } from './sections/encounters';
import { mapImmunizations } from './sections/immunizations';
import { mapMedications } from './sections/medications';
import { mapNarrativeSection, mapNonXmlBody, type NoteDate } from './sections/notes';
import { mapResults, mapVitalSigns } from './sections/observations';
import { mapAssessment, mapGoals, mapPlan } from './sections/plan';
import { mapConditions } from './sections/problems';
import { mapProcedures } from './sections/procedures';
import { isPortalCorrectionsSection, type SectionKind, sectionKind, sectionLocation } from './sections/registry';

/** What mapping one C-CDA yields. */
export interface CcdaMapping {
  facts: DocumentFacts;
  resources: ExtractedResource[];
  /** Findings for the uploader; they name locations (section code, entry number), never document content. */
  warnings: string[];
}

const MAPPERS: Record<SectionKind, (input: SectionInput, date: NoteDate) => void> = {
  problems: (i) => mapConditions(i, 'problems'),
  'health-concerns': (i) => mapConditions(i, 'health-concerns'),
  medications: mapMedications,
  allergies: mapAllergies,
  results: mapResults,
  'vital-signs': mapVitalSigns,
  immunizations: mapImmunizations,
  procedures: mapProcedures,
  encounters: mapEncounters,
  'plan-of-treatment': mapPlan,
  'assessment-and-plan': mapPlan,
  goals: mapGoals,
  assessment: (i, d) => mapAssessment(i, d.dateTime),
  'care-team': mapCareTeamSection,
};

/** Sections whose narrative is their content, so they are mapped even without entries. */
const NARRATIVE_KINDS = new Set<SectionKind>(['plan-of-treatment', 'assessment-and-plan', 'assessment']);

/** Visits every section, depth first; a visit that answers false keeps the walk out of that section's subsections. */
function walkSections(container: XmlElement | undefined, prefix: string, visit: (section: XmlElement, position: string) => boolean): void {
  childrenNamed(container, 'component').forEach((component, i) => {
    const section = path(component, 'section');
    if (!section) return;
    const position = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
    if (visit(section, position)) walkSections(section, position, visit);
  });
}

/**
 * Maps a parsed C-CDA document. Throws RejectedFileError when the XML is not a ClinicalDocument; anything odd inside
 * a document that is one (an uncoded entry, an invalid date) is skipped with a warning instead.
 */
export function mapCcda(root: XmlElement, options: { documentId: string }): CcdaMapping {
  if (root.name !== 'ClinicalDocument') {
    throw new RejectedFileError('not-a-clinical-document', 'The XML file is not an HL7 CDA ClinicalDocument.', root.name.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64));
  }
  const ctx = new MapContext(root, options.documentId);
  const facts = readFacts(root);
  const dateTime = toFhirDateTime(path(root, 'effectiveTime')?.attrs.value);
  const date: NoteDate = dateTime ? { dateTime } : {};
  if (path(root, 'effectiveTime')?.attrs.value && !dateTime) ctx.warn('header effectiveTime: not a valid date, so the document has no date.');

  let careTeamSection = false;
  const body = path(root, 'component', 'structuredBody');
  walkSections(body, '', (section, position) => {
    // Correction requests a portal export carries are about the record, not part of it: no items, no note.
    if (isPortalCorrectionsSection(section)) return false;
    // A section flagged nullFlavor says "no information"; its placeholder narrative is not a note.
    if (section.attrs.nullFlavor) return true;
    const kind = sectionKind(section);
    const input: SectionInput = { section, ctx, location: sectionLocation(section, position) };
    const hasEntries = childrenNamed(section, 'entry').length > 0;
    if (kind && (hasEntries || NARRATIVE_KINDS.has(kind))) {
      if (kind === 'care-team') careTeamSection = true;
      MAPPERS[kind](input, date);
    } else {
      mapNarrativeSection(input, date);
    }
    return true;
  });
  if (!careTeamSection) mapServiceEventTeam(root, ctx);

  const nonXmlBody = path(root, 'component', 'nonXMLBody');
  if (nonXmlBody) mapNonXmlBody(root, nonXmlBody, ctx, date);
  if (!body && !nonXmlBody) ctx.warn('body: the document has neither a structured nor an unstructured body.');

  return { facts, resources: ctx.resources, warnings: ctx.warnings };
}
