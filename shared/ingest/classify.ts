/**
 * Sorts normalised FHIR resources into the USCDI data classes the portal shows. Resources that are not items of a
 * class (Organization, Practitioner, Medication, Provenance, Claim, ...) are not returned; items keep their names
 * through the display text inlined into references during normalisation.
 *
 * Choices where FHIR leaves room:
 * - Condition: health-concern goes to health concerns; problem-list-item, encounter-diagnosis, other categories and
 *   no category go to problems (USCDI counts encounter diagnoses as problems).
 * - Observation: laboratory and vital-signs by category; without a category, an Observation is a lab result when a
 *   laboratory DiagnosticReport lists it as a result, and a vital sign when its LOINC code is one of the FHIR
 *   vital-signs profile codes. Social history, surveys, SDOH, imaging and clinical-test observations have no class
 *   here and are not kept (a warning counts them).
 * - DiagnosticReport: a laboratory category (LAB or a v2-0074 lab section such as HM, CH, MB) goes to lab results;
 *   otherwise one with presentedForm (radiology, cardiology, pathology notes) goes to clinical notes; otherwise one
 *   with results goes to lab results.
 * - MedicationDispense and Media are not classified (a dispense repeats its request; Media has no USCDI class).
 */
import type { NormalizedFile } from './normalize';
import type { DataClass, FhirResource } from './types';

type Json = Record<string, any>;

const LAB_SECTIONS = new Set(['LAB', 'HM', 'CH', 'MB', 'SR', 'VR', 'MYC', 'PAR', 'BLB', 'HLA', 'IMM', 'TX', 'CP', 'OSL', 'LP29693-6']);
/** LOINC codes of the FHIR R4 vital-signs profiles. */
const VITAL_SIGN_CODES = new Set(['85353-1', '9279-1', '8867-4', '2708-6', '59408-5', '8310-5', '8302-2', '9843-4', '29463-7', '39156-5', '85354-9', '8480-6', '8462-4', '8478-0', '3150-0', '3151-8']);
const MEDICATION_TYPES = new Set(['MedicationRequest', 'MedicationStatement', 'MedicationAdministration']);

function categoryCodes(resource: Json): string[] {
  const categories: Json[] = Array.isArray(resource.category) ? resource.category : resource.category ? [resource.category] : [];
  return categories.flatMap((c) => (Array.isArray(c.coding) ? c.coding.map((coding: Json) => coding.code).filter((code: unknown) => typeof code === 'string') : []));
}

function isLabReport(resource: Json): boolean {
  return categoryCodes(resource).some((code) => LAB_SECTIONS.has(code));
}

/** An item of a data class, before de-duplication. */
export interface ClassifiedResource {
  dataClass: DataClass;
  resource: FhirResource;
}

/** Result of classifying a normalised file. */
export interface Classification {
  items: ClassifiedResource[];
  /** Counts of resources that were left out because no data class fits them, by "Type (category)". */
  unclassified: Map<string, number>;
}

/**
 * Medication resources are not listed on their own: their code moves into the request or statement that refers to
 * them, so each medication item reads on its own. A Medication without a code stays referenced.
 */
function inlineMedication(resource: Json, file: NormalizedFile): void {
  const target = resource.medicationReference?.reference;
  if (typeof target !== 'string') return;
  const medication = file.byRef.get(target) as Json | undefined;
  if (medication?.resourceType !== 'Medication' || !medication.code) return;
  resource.medicationCodeableConcept = structuredClone(medication.code);
  delete resource.medicationReference;
}

function classifyOne(resource: Json, labResults: Set<string>): DataClass | undefined {
  switch (resource.resourceType) {
    case 'Condition':
      return categoryCodes(resource).includes('health-concern') && !categoryCodes(resource).includes('problem-list-item') ? 'health-concerns' : 'problems';
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'MedicationAdministration':
      return 'medications';
    case 'AllergyIntolerance':
      return 'allergies';
    case 'Observation': {
      const codes = categoryCodes(resource);
      if (codes.includes('laboratory')) return 'lab-results';
      if (codes.includes('vital-signs')) return 'vital-signs';
      if (codes.length === 0) {
        if (labResults.has(`Observation/${resource.id}`)) return 'lab-results';
        const loinc = (resource.code?.coding as Json[] | undefined)?.some((c) => c.system === 'http://loinc.org' && VITAL_SIGN_CODES.has(c.code));
        if (loinc) return 'vital-signs';
      }
      return undefined;
    }
    case 'DiagnosticReport':
      if (isLabReport(resource)) return 'lab-results';
      if (Array.isArray(resource.presentedForm)) return 'clinical-notes';
      return Array.isArray(resource.result) ? 'lab-results' : undefined;
    case 'Immunization':
      return 'immunizations';
    case 'Procedure':
      return 'procedures';
    case 'Encounter':
      return 'encounters';
    case 'DocumentReference':
      return 'clinical-notes';
    case 'CareTeam':
      return 'care-team';
    case 'Goal':
      return 'goals';
    case 'CarePlan':
    case 'ClinicalImpression':
      return 'assessment-and-plan';
    default:
      return undefined;
  }
}

/** Resource types that are only ever referenced by items; leaving them out is expected and not worth a warning. */
const SUPPORTING_TYPES = new Set([
  'Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Medication', 'Provenance', 'Claim',
  'ExplanationOfBenefit', 'Coverage', 'Device', 'Endpoint', 'RelatedPerson', 'Specimen', 'Composition', 'Binary',
  'HealthcareService', 'Person', 'Group', 'MedicationDispense', 'Media',
]);

/** Classifies every resource of a normalised file into USCDI data classes (see the module comment for the rules). */
export function classifyResources(file: NormalizedFile): Classification {
  const labResults = new Set<string>();
  for (const { resource } of file.entries) {
    if (resource.resourceType === 'DiagnosticReport' && isLabReport(resource)) {
      for (const result of (resource.result as Json[] | undefined) ?? []) if (typeof result.reference === 'string') labResults.add(result.reference);
    }
  }
  const items: ClassifiedResource[] = [];
  const unclassified = new Map<string, number>();
  for (const { resource } of file.entries) {
    const dataClass = classifyOne(resource, labResults);
    if (dataClass) {
      if (MEDICATION_TYPES.has(resource.resourceType)) inlineMedication(resource, file);
      items.push({ dataClass, resource });
    } else if (!SUPPORTING_TYPES.has(resource.resourceType)) {
      const category = categoryCodes(resource)[0];
      const label = category ? `${resource.resourceType} (${category})` : resource.resourceType;
      unclassified.set(label, (unclassified.get(label) ?? 0) + 1);
    }
  }
  return { items, unclassified };
}
