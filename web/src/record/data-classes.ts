import { DATA_CLASSES, type DataClass } from '../domain';

export interface DataClassLabel {
  /** Page title and heading, in plain language. */
  title: string;
  /** How to count the items: "3 lab results". */
  noun: { one: string; many: string };
}

/** Plain-language names of the USCDI data classes, in the order the portal shows them. */
export const DATA_CLASS_LABELS: Record<DataClass, DataClassLabel> = {
  problems: { title: 'Health problems', noun: { one: 'health problem', many: 'health problems' } },
  medications: { title: 'Medications', noun: { one: 'medication', many: 'medications' } },
  allergies: { title: 'Allergies', noun: { one: 'allergy', many: 'allergies' } },
  'lab-results': { title: 'Lab results', noun: { one: 'lab result', many: 'lab results' } },
  'vital-signs': { title: 'Vital signs', noun: { one: 'vital sign', many: 'vital signs' } },
  immunizations: { title: 'Immunizations', noun: { one: 'immunization', many: 'immunizations' } },
  procedures: { title: 'Procedures', noun: { one: 'procedure', many: 'procedures' } },
  encounters: { title: 'Visits', noun: { one: 'visit', many: 'visits' } },
  'clinical-notes': { title: 'Clinical notes', noun: { one: 'clinical note', many: 'clinical notes' } },
  'care-team': { title: 'Care team', noun: { one: 'care team', many: 'care teams' } },
  goals: { title: 'Goals', noun: { one: 'goal', many: 'goals' } },
  'health-concerns': { title: 'Health concerns', noun: { one: 'health concern', many: 'health concerns' } },
  'assessment-and-plan': { title: 'Assessment and plan', noun: { one: 'assessment and plan entry', many: 'assessment and plan entries' } },
};

export const RECORD_CLASSES: readonly DataClass[] = DATA_CLASSES;

export function isDataClass(value: string | undefined): value is DataClass {
  return value !== undefined && (DATA_CLASSES as readonly string[]).includes(value);
}

/** "No lab results yet". */
export function emptyMessage(dataClass: DataClass): string {
  return `No ${DATA_CLASS_LABELS[dataClass].noun.many} yet`;
}

/** Classes whose numbers are worth a chart. */
export const CHARTED_CLASSES: ReadonlySet<DataClass> = new Set<DataClass>(['lab-results', 'vital-signs']);
