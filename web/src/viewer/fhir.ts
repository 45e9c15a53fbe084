/**
 * A FHIR file (a Bundle, NDJSON, or a single resource) grouped into plain-language sections for reading.
 */
import { presentResource, type PresentedItem } from '../record/present';

type Json = Record<string, unknown>;

/** Items shown per section; the rest are counted. */
export const MAX_ITEMS_PER_SECTION = 200;
/** Resources read from one file at most. */
const MAX_RESOURCES = 20_000;

export interface FhirSection {
  key: string;
  title: string;
  items: PresentedItem[];
  /** How many resources the section holds (more than items when capped). */
  total: number;
}

export interface FhirContents {
  /** "Alex Rivera, born Mar 12, 1984" per Patient resource. */
  patients: Array<{ name: string; birthDate?: string }>;
  sections: FhirSection[];
  /** Resource types shown only as a count, e.g. Practitioner × 2. */
  others: Array<{ resourceType: string; count: number }>;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The resources in a FHIR JSON or NDJSON text. Throws when it is neither. */
export function readFhirResources(text: string): Json[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length < 2) throw error;
    return lines.slice(0, MAX_RESOURCES).map((line) => JSON.parse(line) as unknown).filter(isObject);
  }
  if (!isObject(parsed)) throw new Error('Not a FHIR resource');
  return flatten(parsed).slice(0, MAX_RESOURCES);
}

function flatten(resource: Json): Json[] {
  if (resource.resourceType !== 'Bundle') return [resource];
  const entries = Array.isArray(resource.entry) ? resource.entry : [];
  return entries.map((entry) => (isObject(entry) ? entry.resource : undefined)).filter(isObject).flatMap(flatten);
}

interface Group {
  key: string;
  title: string;
}

const GROUPS: Record<string, Group> = {
  Condition: { key: 'problems', title: 'Health problems' },
  MedicationRequest: { key: 'medications', title: 'Medications' },
  MedicationStatement: { key: 'medications', title: 'Medications' },
  MedicationAdministration: { key: 'medications', title: 'Medications' },
  AllergyIntolerance: { key: 'allergies', title: 'Allergies' },
  Immunization: { key: 'immunizations', title: 'Immunizations' },
  Procedure: { key: 'procedures', title: 'Procedures' },
  Encounter: { key: 'visits', title: 'Visits' },
  DiagnosticReport: { key: 'reports', title: 'Reports' },
  DocumentReference: { key: 'notes', title: 'Clinical notes' },
  CareTeam: { key: 'care-team', title: 'Care team' },
  Goal: { key: 'goals', title: 'Goals' },
  CarePlan: { key: 'care-plans', title: 'Care plans' },
  ClinicalImpression: { key: 'assessments', title: 'Assessments' },
};

/** The order sections are shown in. */
const ORDER = [
  'problems',
  'medications',
  'allergies',
  'lab-results',
  'vital-signs',
  'observations',
  'immunizations',
  'procedures',
  'visits',
  'reports',
  'notes',
  'care-team',
  'goals',
  'care-plans',
  'assessments',
];

function observationGroup(resource: Json): Group {
  const categories = (Array.isArray(resource.category) ? resource.category : [])
    .flatMap((c) => (isObject(c) && Array.isArray(c.coding) ? c.coding : []))
    .map((coding) => (isObject(coding) ? coding.code : undefined));
  if (categories.includes('laboratory')) return { key: 'lab-results', title: 'Lab results' };
  if (categories.includes('vital-signs')) return { key: 'vital-signs', title: 'Vital signs' };
  return { key: 'observations', title: 'Other observations' };
}

function patientName(resource: Json): string {
  const names = Array.isArray(resource.name) ? resource.name.filter(isObject) : [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return 'Patient';
  if (typeof name.text === 'string' && name.text.trim()) return name.text.trim();
  const given = Array.isArray(name.given) ? name.given.filter((g): g is string => typeof g === 'string') : [];
  const family = typeof name.family === 'string' ? [name.family] : [];
  return [...given, ...family].join(' ') || 'Patient';
}

/** Groups the resources by kind, in plain language. */
export function groupFhirResources(resources: readonly Json[]): FhirContents {
  const patients: FhirContents['patients'] = [];
  const sections = new Map<string, FhirSection>();
  const others = new Map<string, number>();
  for (const resource of resources) {
    const type = typeof resource.resourceType === 'string' ? resource.resourceType : 'Unknown';
    if (type === 'Patient') {
      const birthDate = typeof resource.birthDate === 'string' ? resource.birthDate : undefined;
      patients.push({ name: patientName(resource), ...(birthDate ? { birthDate } : {}) });
      continue;
    }
    const group = type === 'Observation' ? observationGroup(resource) : GROUPS[type];
    if (!group) {
      others.set(type, (others.get(type) ?? 0) + 1);
      continue;
    }
    const section = sections.get(group.key) ?? { key: group.key, title: group.title, items: [], total: 0 };
    sections.set(group.key, section);
    section.total += 1;
    if (section.items.length < MAX_ITEMS_PER_SECTION) section.items.push(presentResource(resource));
  }
  return {
    patients,
    sections: [...sections.values()].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key)),
    others: [...others.entries()].map(([resourceType, count]) => ({ resourceType, count })).sort((a, b) => a.resourceType.localeCompare(b.resourceType)),
  };
}
