/**
 * The synthetic clinical history behind every demo document. The FHIR bundle, the CCD and the PDFs are all
 * renderings of one DemoHistory, which is how they stay clinically identical. All codes come from the small tables
 * below; every name, date and value is synthetic.
 */
import { createHash } from 'node:crypto';
import { addDays, ageOn, createRng, daysBetween, humanDate, nameNumber, nameUuid, nextWeekday, parseDate, round, type Rng } from './random';

export interface DemoPatient {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'female' | 'male' | 'other' | 'unknown';
  mrn: string;
}

export interface DemoPractice {
  name: string;
  phone: string;
  address: { line: string; city: string; state: string; postalCode: string };
  clinician: { givenName: string; familyName: string; npi: string };
}

export interface GenerateOptions {
  /** Same seed and inputs give byte-identical output. */
  seed: string;
  /** Number of office visits (encounters), 1 to 24; default 4. */
  visits?: number;
  /** The generator's "today" (YYYY-MM-DD); default 2026-11-01 so output never depends on the clock. */
  today?: string;
}

export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  icd10: 'http://hl7.org/fhir/sid/icd-10-cm',
  ucum: 'http://unitsofmeasure.org',
  npi: 'http://hl7.org/fhir/sid/us-npi',
} as const;

export interface Coding {
  system: string;
  code: string;
  display: string;
}
const loinc = (code: string, display: string): Coding => ({ system: SYSTEMS.loinc, code, display });
const snomed = (code: string, display: string): Coding => ({ system: SYSTEMS.snomed, code, display });
const rxnorm = (code: string, display: string): Coding => ({ system: SYSTEMS.rxnorm, code, display });
const icd10 = (code: string, display: string): Coding => ({ system: SYSTEMS.icd10, code, display });
const cvx = (code: string, display: string): Coding => ({ system: SYSTEMS.cvx, code, display });

export type LabKey = 'hba1c' | 'glucose' | 'ldl' | 'creatinine' | 'hemoglobin';
export interface ReferenceRange {
  low?: number;
  high?: number;
}
interface LabTest {
  code: Coding;
  name: string;
  unit: string;
  decimals: number;
  female: ReferenceRange;
  male: ReferenceRange;
  /** Where a healthy person's results sit, inside the reference range. */
  typical: { female: [number, number]; male: [number, number] };
}

// Display order in reports; ranges are typical adult US laboratory ranges.
const LAB_TESTS: Record<LabKey, LabTest> = {
  hba1c: { code: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), name: 'Hemoglobin A1c', unit: '%', decimals: 1, female: { low: 4.0, high: 5.6 }, male: { low: 4.0, high: 5.6 }, typical: { female: [4.9, 5.5], male: [4.9, 5.5] } },
  glucose: { code: loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'), name: 'Glucose, fasting', unit: 'mg/dL', decimals: 0, female: { low: 70, high: 99 }, male: { low: 70, high: 99 }, typical: { female: [78, 95], male: [78, 96] } },
  ldl: { code: loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation'), name: 'LDL cholesterol (calc.)', unit: 'mg/dL', decimals: 0, female: { high: 99 }, male: { high: 99 }, typical: { female: [68, 95], male: [72, 96] } },
  creatinine: { code: loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), name: 'Creatinine', unit: 'mg/dL', decimals: 2, female: { low: 0.5, high: 1.1 }, male: { low: 0.7, high: 1.3 }, typical: { female: [0.62, 0.92], male: [0.82, 1.12] } },
  hemoglobin: { code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), name: 'Hemoglobin', unit: 'g/dL', decimals: 1, female: { low: 12.0, high: 15.5 }, male: { low: 13.5, high: 17.5 }, typical: { female: [12.7, 14.6], male: [14.1, 16.4] } },
};

/** The reference range a lab prints for this patient; sex-neutral ranges span both for other/unknown. */
export function referenceRange(key: LabKey, gender: DemoPatient['gender']): ReferenceRange {
  const t = LAB_TESTS[key];
  if (gender === 'female' || gender === 'male') return t[gender];
  return { low: t.female.low, high: t.male.high };
}

interface MedTemplate {
  code: Coding;
  dosage: string;
  dose: number;
  doseUnit: string;
  perDay: number;
  asNeeded?: boolean;
  courseDays?: number;
}
type ChronicKey = 'hypertension' | 'diabetes' | 'hyperlipidemia' | 'asthma' | 'anemia';
interface ChronicTemplate {
  key: ChronicKey;
  code: Coding;
  icd10: Coding;
  minAge: number;
  med: MedTemplate;
  /** Lab results this condition moves: from `start` at diagnosis towards `goal` on treatment (offsets from the range's low end where `fromLow`). */
  drives?: { lab: LabKey; start: [number, number]; goal: [number, number]; fromLow?: boolean };
  goal?: Omit<DemoGoal, 'id' | 'start' | 'conditionId' | 'achieved'>;
  recheck?: LabKey;
  procedure?: Coding;
}

const CHRONIC: ChronicTemplate[] = [
  {
    key: 'hypertension', code: snomed('59621000', 'Essential hypertension (disorder)'), icd10: icd10('I10', 'Essential (primary) hypertension'), minAge: 25,
    med: { code: rxnorm('314076', 'lisinopril 10 MG Oral Tablet'), dosage: 'Take 1 tablet (10 mg) by mouth once daily.', dose: 1, doseUnit: 'tablet', perDay: 1 },
    goal: { description: 'Blood pressure below 130/80 mm Hg', measure: loinc('8480-6', 'Systolic blood pressure'), high: 130, unit: 'mm[Hg]' },
    recheck: 'creatinine', procedure: snomed('29303009', 'Electrocardiographic procedure (procedure)'),
  },
  {
    key: 'diabetes', code: snomed('44054006', 'Diabetes mellitus type 2 (disorder)'), icd10: icd10('E11.9', 'Type 2 diabetes mellitus without complications'), minAge: 30,
    med: { code: rxnorm('861007', 'metformin hydrochloride 500 MG Oral Tablet'), dosage: 'Take 1 tablet (500 mg) by mouth twice daily with meals.', dose: 1, doseUnit: 'tablet', perDay: 2 },
    drives: { lab: 'hba1c', start: [7.9, 8.8], goal: [6.6, 7.1] },
    goal: { description: 'Hemoglobin A1c below 7.0 %', measure: LAB_TESTS.hba1c.code, high: 7, unit: '%' },
    recheck: 'hba1c', procedure: snomed('401191002', 'Diabetic foot examination (regime/therapy)'),
  },
  {
    key: 'hyperlipidemia', code: snomed('55822004', 'Hyperlipidemia (disorder)'), icd10: icd10('E78.5', 'Hyperlipidemia, unspecified'), minAge: 25,
    med: { code: rxnorm('617310', 'atorvastatin 20 MG Oral Tablet'), dosage: 'Take 1 tablet (20 mg) by mouth once daily at bedtime.', dose: 1, doseUnit: 'tablet', perDay: 1 },
    drives: { lab: 'ldl', start: [152, 186], goal: [78, 97] },
    goal: { description: 'LDL cholesterol below 100 mg/dL', measure: LAB_TESTS.ldl.code, high: 100, unit: 'mg/dL' },
    recheck: 'ldl',
  },
  {
    key: 'asthma', code: snomed('195967001', 'Asthma (disorder)'), icd10: icd10('J45.909', 'Unspecified asthma, uncomplicated'), minAge: 5,
    med: { code: rxnorm('745679', '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'), dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing or shortness of breath.', dose: 2, doseUnit: 'puff', perDay: 4, asNeeded: true },
    procedure: snomed('127783003', 'Spirometry (procedure)'),
  },
  {
    key: 'anemia', code: snomed('87522002', 'Iron deficiency anemia (disorder)'), icd10: icd10('D50.9', 'Iron deficiency anemia, unspecified'), minAge: 14,
    med: { code: rxnorm('310325', 'ferrous sulfate 325 MG Oral Tablet'), dosage: 'Take 1 tablet (325 mg) by mouth once daily with food.', dose: 1, doseUnit: 'tablet', perDay: 1 },
    drives: { lab: 'hemoglobin', start: [-2.3, -1.3], goal: [0.4, 1.3], fromLow: true },
    goal: { description: 'Hemoglobin back in the normal range', measure: LAB_TESTS.hemoglobin.code, low: 12, unit: 'g/dL' },
    recheck: 'hemoglobin',
  },
];

// The acute episode is sinusitis because its first-line antibiotic depends on the penicillin allergy, which keeps the record coherent.
const SINUSITIS = { code: snomed('75498004', 'Acute bacterial sinusitis (disorder)'), icd10: icd10('J01.90', 'Acute sinusitis, unspecified'), reason: 'Facial pain and nasal congestion for 10 days' };
const AMOX_CLAV: MedTemplate = { code: rxnorm('562251', 'amoxicillin 875 MG / clavulanate 125 MG Oral Tablet'), dosage: 'Take 1 tablet by mouth twice daily for 7 days.', dose: 1, doseUnit: 'tablet', perDay: 2, courseDays: 7 };
const DOXYCYCLINE: MedTemplate = { code: rxnorm('1650143', 'doxycycline hyclate 100 MG Oral Tablet'), dosage: 'Take 1 tablet by mouth twice daily for 7 days.', dose: 1, doseUnit: 'tablet', perDay: 2, courseDays: 7 };

const REACTIONS = {
  hives: { code: snomed('247472004', 'Hives'), severity: 'moderate' },
  anaphylaxis: { code: snomed('39579001', 'Anaphylaxis (disorder)'), severity: 'severe' },
  nausea: { code: snomed('422587007', 'Nausea (finding)'), severity: 'mild' },
  rash: { code: snomed('271807003', 'Eruption of skin (disorder)'), severity: 'mild' },
} as const;
const ALLERGENS: { code: Coding; category: DemoAllergy['category']; type: DemoAllergy['type']; reactions: (keyof typeof REACTIONS)[] }[] = [
  { code: rxnorm('70618', 'penicillin'), category: 'medication', type: 'allergy', reactions: ['hives', 'anaphylaxis', 'rash'] },
  { code: rxnorm('2670', 'codeine'), category: 'medication', type: 'intolerance', reactions: ['nausea'] },
  { code: snomed('762952008', 'Peanut (substance)'), category: 'food', type: 'allergy', reactions: ['anaphylaxis', 'hives'] },
  { code: snomed('111088007', 'Latex (substance)'), category: 'environment', type: 'allergy', reactions: ['rash', 'hives'] },
];

export const ENCOUNTER_TYPES = {
  checkup: snomed('185349003', 'Encounter for check up (procedure)'),
  followUp: snomed('390906007', 'Follow-up encounter (procedure)'),
  symptom: snomed('185345009', 'Encounter for symptom (procedure)'),
};
const DEPRESSION_SCREENING = snomed('171207006', 'Depression screening (procedure)');
const MED_RECONCILIATION = snomed('430193006', 'Medication reconciliation (procedure)');

export interface DemoEncounter { id: string; date: string; /** ISO instants (UTC) */ start: string; end: string; type: Coding; reason: string; conditionIds: string[] }
export interface DemoCondition { id: string; code: Coding; icd10: Coding; onset: string; abatement?: string; status: 'active' | 'resolved'; recorded: string; encounterId?: string }
export interface DemoMedication { id: string; code: Coding; dosage: string; dose: number; doseUnit: string; perDay: number; asNeeded: boolean; status: 'active' | 'completed'; start: string; end?: string; conditionId: string; encounterId: string }
export interface DemoAllergy { id: string; code: Coding; category: 'medication' | 'food' | 'environment'; type: 'allergy' | 'intolerance'; criticality: 'low' | 'high'; reaction: Coding; severity: 'mild' | 'moderate' | 'severe'; onset: string; recorded: string }
export interface DemoLabResult { id: string; key: LabKey; code: Coding; name: string; value: number; unit: string; decimals: number; range: ReferenceRange; interpretation: 'H' | 'L' | 'N'; status: 'final' | 'corrected'; /** What the lab first reported, for a corrected result. */ previousValue?: number; date: string; encounterId: string; reportId: string }
export interface DemoLabReport { id: string; date: string; issued: string; encounterId: string; status: 'final' | 'corrected'; resultIds: string[] }
export interface DemoVitals { encounterId: string; date: string; systolic: number; diastolic: number; heartRate: number; weightKg: number; heightCm: number; bmi: number; ids: { bp: string; heartRate: string; weight: string; height: string; bmi: string } }
export interface DemoImmunization { id: string; code: Coding; date: string; lot: string; encounterId?: string }
export interface DemoProcedure { id: string; code: Coding; date: string; encounterId: string }
export interface DemoGoal { id: string; description: string; measure: Coding; low?: number; high?: number; unit: string; start: string; conditionId?: string; achieved: boolean }
export interface DemoPlannedItem { id: string; kind: 'lab' | 'visit'; code: Coding; description: string; date: string }
export interface DemoNote { id: string; date: string; encounterId: string; title: string; text: string }

export interface DemoHistory {
  today: string;
  patient: DemoPatient;
  practice: DemoPractice;
  /** OID of the practice, the assigning authority of the MRN. Under HL7's example arc 2.16.840.1.113883.19. */
  practiceOid: string;
  ids: { patient: string; practitioner: string; organization: string; carePlan: string; bundle: string; document: string };
  encounters: DemoEncounter[];
  conditions: DemoCondition[];
  medications: DemoMedication[];
  allergies: DemoAllergy[];
  labReports: DemoLabReport[];
  labs: DemoLabResult[];
  vitals: DemoVitals[];
  immunizations: DemoImmunization[];
  procedures: DemoProcedure[];
  goals: DemoGoal[];
  plan: DemoPlannedItem[];
  note: DemoNote;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const jitter = (rng: Rng, value: number, fraction: number) => value * (1 + (rng.next() * 2 - 1) * fraction);
export const fullName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;
export const clinicianName = (practice: DemoPractice) => fullName(practice.clinician);

function interpret(value: number, range: ReferenceRange): 'H' | 'L' | 'N' {
  if (range.high !== undefined && value > range.high) return 'H';
  if (range.low !== undefined && value < range.low) return 'L';
  return 'N';
}

/**
 * Builds the synthetic clinical history of one patient at one practice. Pure function of its arguments: the seed,
 * the patient, the practice and the options all feed the PRNG, so two patients seeded alike still differ.
 */
export function buildDemoHistory(patient: DemoPatient, practice: DemoPractice, options: GenerateOptions): DemoHistory {
  const today = options.today ?? '2026-11-01';
  parseDate(today, 'today');
  parseDate(patient.birthDate, 'birthDate');
  if (ageOn(patient.birthDate, today) < 4) throw new Error('The demo generator models patients aged 4 or older.');
  const visits = Math.max(1, Math.min(24, Math.floor(options.visits ?? 4)));
  const key = createHash('sha256')
    .update(JSON.stringify([options.seed, visits, today, patient.givenName, patient.familyName, patient.birthDate, patient.gender, patient.mrn, practice.name, practice.clinician.npi]))
    .digest('hex');
  const id = (label: string) => nameUuid(`${key}/${label}`);
  const root = createRng(key);
  const age = ageOn(patient.birthDate, today);
  const gender = patient.gender;

  // Office visits spread over the last two years, the latest a few weeks ago.
  const r = root.fork('encounters');
  const first = addDays(today, -r.int(680, 720));
  const last = addDays(today, -r.int(14, 45));
  const span = daysBetween(first, last);
  const dates = Array.from({ length: visits }, (_, i) =>
    visits === 1 ? nextWeekday(last) : nextWeekday(addDays(first, Math.round((span * i) / (visits - 1)) + (i > 0 && i < visits - 1 ? r.int(-8, 8) : 0))),
  );

  // Problem list: chronic conditions fitting the patient's age, some known before the window and some found at the first visit.
  const c = root.fork('conditions');
  const eligible = CHRONIC.filter((t) => age >= t.minAge + 2);
  const chronic = c.sample(eligible, age >= 40 ? c.int(2, 3) : c.int(1, 2)).sort((a, b) => CHRONIC.indexOf(a) - CHRONIC.indexOf(b));
  const firstDate = dates[0] as string;
  const enc0 = id('encounter/0');
  const conditions: DemoCondition[] = [];
  const medications: DemoMedication[] = [];
  const active = chronic.map((t) => {
    const newlyFound = visits >= 2 && c.chance(0.5);
    const earliest = addDays(patient.birthDate, t.minAge * 366);
    let onset = newlyFound ? firstDate : addDays(firstDate, -c.int(2 * 365, 8 * 365));
    if (onset < earliest) onset = earliest > firstDate ? firstDate : earliest;
    const condition: DemoCondition = { id: id(`condition/${t.key}`), code: t.code, icd10: t.icd10, onset, status: 'active', recorded: newlyFound ? firstDate : onset };
    if (newlyFound) condition.encounterId = enc0;
    conditions.push(condition);
    medications.push({ id: id(`medication/${t.key}`), code: t.med.code, dosage: t.med.dosage, dose: t.med.dose, doseUnit: t.med.doseUnit, perDay: t.med.perDay, asNeeded: !!t.med.asNeeded, status: 'active', start: firstDate, conditionId: condition.id, encounterId: enc0 });
    return { template: t, condition, newlyFound };
  });

  // Allergies first: the acute episode's antibiotic depends on them.
  const a = root.fork('allergies');
  const allergies: DemoAllergy[] = a.sample(ALLERGENS, a.int(1, 2)).map((t, i) => {
    const reaction = REACTIONS[a.pick(t.reactions)];
    const onsetAge = a.int(1, Math.max(1, Math.min(age - 1, 30)));
    return {
      id: id(`allergy/${i}`), code: t.code, category: t.category, type: t.type, reaction: reaction.code, severity: reaction.severity,
      criticality: reaction.severity === 'severe' ? 'high' : 'low', onset: [addDays(patient.birthDate, onsetAge * 365 + a.int(0, 300)), firstDate].sort()[0] as string, recorded: firstDate,
    };
  });
  const penicillinAllergy = allergies.some((x) => x.code.code === '70618');

  const acuteIndex = visits >= 3 ? Math.floor(visits / 2) : -1;
  const encounters: DemoEncounter[] = [];
  let lastCheckup = '';
  dates.forEach((date, i) => {
    const encId = id(`encounter/${i}`);
    const existing = active.filter((x) => x.condition.onset <= date).map((x) => x.condition);
    let type = ENCOUNTER_TYPES.followUp;
    let reason = existing.length ? `Follow-up of ${existing.map((x) => x.code.display.replace(/ \(.*\)$/, '').toLowerCase()).join(', ')}` : 'Follow-up visit';
    const conditionIds = existing.map((x) => x.id);
    if (i !== acuteIndex && (i === 0 || daysBetween(lastCheckup, date) >= 330)) {
      type = ENCOUNTER_TYPES.checkup;
      reason = 'Annual wellness visit';
      lastCheckup = date;
    } else if (i === acuteIndex) {
      type = ENCOUNTER_TYPES.symptom;
      reason = SINUSITIS.reason;
      const sinusitis: DemoCondition = { id: id('condition/acute'), code: SINUSITIS.code, icd10: SINUSITIS.icd10, onset: addDays(date, -10), abatement: addDays(date, 14), status: 'resolved', recorded: date, encounterId: encId };
      conditions.push(sinusitis);
      const m = penicillinAllergy ? DOXYCYCLINE : AMOX_CLAV;
      medications.push({ id: id('medication/acute'), code: m.code, dosage: m.dosage, dose: m.dose, doseUnit: m.doseUnit, perDay: m.perDay, asNeeded: false, status: 'completed', start: date, end: addDays(date, (m.courseDays ?? 7) - 1), conditionId: sinusitis.id, encounterId: encId });
      conditionIds.push(sinusitis.id);
    }
    const startMinutes = r.int(13, 20) * 60 + r.pick([0, 15, 30, 45]);
    const time = (m: number) => `${date}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00Z`;
    encounters.push({ id: encId, date, start: time(startMinutes), end: time(startMinutes + r.pick([20, 30, 40])), type, reason, conditionIds });
  });
  const has = (k: ChronicKey) => active.find((x) => x.template.key === k);

  // Vitals: hypertension found in the window starts high and comes down on lisinopril.
  const v = root.fork('vitals');
  const heightCm = age < 18 ? round(80 + age * 5.5 + v.int(-4, 4), 1) : v.float(gender === 'male' ? 166 : 153, gender === 'male' ? 188 : 174, 1);
  const baseBmi = age < 18 ? v.float(15, 20, 1) : has('diabetes') ? v.float(28, 33.5, 1) : v.float(21, 29, 1);
  const trend = has('diabetes') || has('hyperlipidemia') ? -0.7 : 0.25;
  const htn = has('hypertension');
  const sysStart = htn?.newlyFound ? v.int(144, 154) : htn ? v.int(128, 136) : v.int(108, 122);
  const sysGoal = htn?.newlyFound ? v.int(122, 130) : sysStart;
  const hr = v.int(62, 80);
  const vitals: DemoVitals[] = encounters.map((e, i) => {
    const progress = visits === 1 ? 0 : Math.min(1, i / Math.max(1, visits - 2));
    const systolic = Math.round(sysStart + (sysGoal - sysStart) * progress + v.int(-3, 3));
    const weightKg = round(baseBmi * (heightCm / 100) ** 2 + trend * i + v.float(-0.6, 0.6, 1), 1);
    return {
      encounterId: e.id, date: e.date, systolic, diastolic: Math.round(systolic * 0.62 + v.int(-3, 4)), heartRate: hr + v.int(-5, 5), weightKg, heightCm,
      bmi: round(weightKg / (heightCm / 100) ** 2, 1),
      ids: { bp: id(`vitals/${i}/bp`), heartRate: id(`vitals/${i}/hr`), weight: id(`vitals/${i}/weight`), height: id(`vitals/${i}/height`), bmi: id(`vitals/${i}/bmi`) },
    };
  });

  // Labs at every visit; the screening tests depend on age, the monitored ones on the problem list.
  const l = root.fork('labs');
  const panel: LabKey[] = (['hba1c', 'glucose', 'ldl', 'creatinine', 'hemoglobin'] as const).filter(
    (k) => (k === 'hba1c' ? !!has('diabetes') || age >= 35 : k === 'ldl' ? !!has('hyperlipidemia') || age >= 20 : true),
  );
  const trajectories = new Map(
    panel.map((k): [LabKey, { start: number; goal: number }] => {
      const range = referenceRange(k, gender);
      const driver = active.find((x) => x.template.drives?.lab === k || (k === 'glucose' && x.template.key === 'diabetes'));
      const typical = LAB_TESTS[k].typical[gender === 'male' ? 'male' : 'female'];
      const steady = l.float(typical[0], typical[1], 3);
      if (!driver) return [k, { start: steady, goal: steady }];
      const d = k === 'glucose' ? { start: [150, 182] as [number, number], goal: [106, 126] as [number, number], fromLow: false } : driver.template.drives!;
      const offset = d.fromLow ? (range.low ?? 0) : 0;
      const goal = offset + l.float(d.goal[0], d.goal[1], 3);
      return [k, { start: driver.newlyFound ? offset + l.float(d.start[0], d.start[1], 3) : goal, goal }];
    }),
  );
  const labs: DemoLabResult[] = [];
  const labReports: DemoLabReport[] = encounters.map((e, i) => {
    const reportId = id(`lab-report/${i}`);
    const progress = visits === 1 ? 0 : Math.min(1, i / Math.max(1, visits - 2));
    const resultIds = panel.map((k) => {
      const t = LAB_TESTS[k];
      const tr = trajectories.get(k)!;
      const range = referenceRange(k, gender);
      const value = round(jitter(l, tr.start + (tr.goal - tr.start) * progress, 0.03), t.decimals);
      const result: DemoLabResult = { id: id(`lab/${i}/${k}`), key: k, code: t.code, name: t.name, value, unit: t.unit, decimals: t.decimals, range, interpretation: interpret(value, range), status: 'final', date: e.date, encounterId: e.id, reportId };
      labs.push(result);
      return result.id;
    });
    return { id: reportId, date: e.date, issued: addDays(e.date, 1), encounterId: e.id, status: 'final', resultIds };
  });
  // One result was re-run after a specimen problem and corrected: the upload pipeline must cope with amended results.
  const corrected = l.pick(labs);
  corrected.status = 'corrected';
  corrected.previousValue = round(corrected.value * l.float(1.35, 1.6, 2), corrected.decimals);
  const correctedReport = labReports.find((x) => x.id === corrected.reportId)!;
  correctedReport.status = 'corrected';
  correctedReport.issued = addDays(correctedReport.date, 3);

  // Immunizations: a historic COVID-19 series and Tdap, a flu shot each season, shingles vaccine from 50.
  const im = root.fork('immunizations');
  const lot = () => `${im.pick(['EL', 'FK', 'HT', 'AB', 'UJ'])}${im.int(1000, 9999)}`;
  const immunizations: DemoImmunization[] = [];
  if (ageOn(patient.birthDate, '2021-04-01') >= 16 && today > '2021-06-01') {
    const d1 = nextWeekday(`2021-04-${pad2(im.int(5, 28))}`);
    const covid = cvx('208', 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose');
    immunizations.push({ id: id('imm/covid1'), code: covid, date: d1, lot: lot() }, { id: id('imm/covid2'), code: covid, date: nextWeekday(addDays(d1, 21)), lot: lot() });
  }
  const tdap = nextWeekday(addDays(today, -im.int(3 * 365, 8 * 365)));
  if (ageOn(patient.birthDate, tdap) >= 11) immunizations.push({ id: id('imm/tdap'), code: cvx('115', 'Tdap'), date: tdap, lot: lot() });
  for (let year = Number(first.slice(0, 4)); year <= Number(today.slice(0, 4)); year++) {
    const atVisit = encounters.find((e) => e.date >= `${year}-09-01` && e.date <= `${year}-12-31`);
    const date = atVisit?.date ?? nextWeekday(`${year}-10-${pad2(im.int(1, 26))}`);
    if (date < first || date > today) continue;
    const flu = year >= 2024 ? cvx('140', 'Influenza, split virus, trivalent, PF') : cvx('150', 'Influenza, injectable, quadrivalent, preservative free');
    immunizations.push({ id: id(`imm/flu${year}`), code: flu, date, lot: lot(), ...(atVisit ? { encounterId: atVisit.id } : {}) });
  }
  if (age >= 50) {
    const zoster = cvx('187', 'Zoster vaccine recombinant');
    immunizations.push({ id: id('imm/zoster1'), code: zoster, date: firstDate, lot: lot(), encounterId: enc0 });
    const second = nextWeekday(addDays(firstDate, im.int(70, 170)));
    if (second <= today) immunizations.push({ id: id('imm/zoster2'), code: zoster, date: second, lot: lot() });
  }
  immunizations.sort((x, y) => x.date.localeCompare(y.date) || x.id.localeCompare(y.id));

  const procedures: DemoProcedure[] = [];
  encounters.forEach((e, i) => {
    const add = (code: Coding) => procedures.push({ id: id(`procedure/${i}/${code.code}`), code, date: e.date, encounterId: e.id });
    if (e.type === ENCOUNTER_TYPES.checkup) {
      add(DEPRESSION_SCREENING);
      const diabetes = has('diabetes');
      if (diabetes?.template.procedure) add(diabetes.template.procedure);
    }
    if (i === 0) for (const x of active) if (x.template.key !== 'diabetes' && x.template.procedure && (x.newlyFound || x.template.key === 'asthma')) add(x.template.procedure);
    if (i === visits - 1 && visits > 1) add(MED_RECONCILIATION);
  });

  // Goals measure against the latest result, so a patient who reached one sees it achieved.
  const latestVitals = vitals[vitals.length - 1] as DemoVitals;
  const latestLab = (k: LabKey) => [...labs].reverse().find((x) => x.key === k)?.value;
  const goals: DemoGoal[] = active
    .filter((x) => x.template.goal)
    .map((x) => {
      const g = x.template.goal!;
      const current = x.template.key === 'hypertension' ? latestVitals.systolic : latestLab(x.template.drives!.lab);
      const achieved = current !== undefined && (g.high === undefined || current < g.high) && (g.low === undefined || current >= g.low);
      return { ...g, ...(g.low !== undefined ? { low: referenceRange('hemoglobin', gender).low } : {}), id: id(`goal/${x.template.key}`), start: x.condition.recorded > firstDate ? x.condition.recorded : firstDate, conditionId: x.condition.id, achieved };
    });
  goals.push({
    id: id('goal/bmi'), description: latestVitals.bmi >= 25 ? 'Bring body mass index below 25 kg/m2' : 'Keep body mass index below 25 kg/m2',
    measure: loinc('39156-5', 'Body mass index (BMI) [Ratio]'), high: 25, unit: 'kg/m2', start: firstDate, achieved: latestVitals.bmi < 25,
  });

  const lastEnc = encounters[encounters.length - 1] as DemoEncounter;
  const recheck = [...new Set(active.map((x) => x.template.recheck).filter((k): k is LabKey => !!k && panel.includes(k)))];
  const plan: DemoPlannedItem[] = recheck.map((k) => ({ id: id(`plan/${k}`), kind: 'lab', code: LAB_TESTS[k].code, description: `Repeat lab test: ${LAB_TESTS[k].name}`, date: nextWeekday(addDays(lastEnc.date, 90)) }));
  plan.push({ id: id('plan/visit'), kind: 'visit', code: ENCOUNTER_TYPES.followUp, description: active.length ? 'Follow-up office visit' : 'Annual wellness visit', date: nextWeekday(addDays(lastEnc.date, active.length ? 90 : 365)) });

  const history: DemoHistory = {
    today, patient, practice,
    practiceOid: `2.16.840.1.113883.19.5.${nameNumber(`${practice.name}|${practice.address.postalCode}`, 999_999)}`,
    ids: {
      patient: id('patient'), practitioner: nameUuid(`practitioner/${practice.clinician.npi}`), organization: nameUuid(`organization/${practice.name}|${practice.address.postalCode}`),
      carePlan: id('care-plan'), bundle: id('bundle'), document: id('ccd'),
    },
    encounters, conditions, medications, allergies, labReports, labs, vitals, immunizations, procedures, goals, plan,
    note: { id: id('note'), date: lastEnc.date, encounterId: lastEnc.id, title: 'Progress note', text: '' },
  };
  history.note.text = progressNote(history);
  return history;
}

const fmt = (value: number, decimals: number) => value.toFixed(decimals);
/** Human label of a lab value with its unit, e.g. "7.2 %" or "98 mg/dL". */
export const labValue = (x: DemoLabResult) => `${fmt(x.value, x.decimals)} ${x.unit}`;
/** Reference range as a lab prints it: "4.0-5.6", "<100" or ">=12.0". */
export function rangeText(range: ReferenceRange, decimals: number): string {
  if (range.low !== undefined && range.high !== undefined) return `${fmt(range.low, decimals)}-${fmt(range.high, decimals)}`;
  if (range.high !== undefined) return `<=${fmt(range.high, decimals)}`;
  return range.low !== undefined ? `>=${fmt(range.low, decimals)}` : '';
}
export const stripTag = (display: string) => display.replace(/ \((disorder|finding|procedure|substance|regime\/therapy|qualifier value)\)$/, '');

/** Plain-text SOAP progress note of the latest visit, the body of the DocumentReference. */
export function progressNote(h: DemoHistory): string {
  const enc = h.encounters[h.encounters.length - 1] as DemoEncounter;
  const vit = h.vitals[h.vitals.length - 1] as DemoVitals;
  const problems = h.conditions.filter((x) => x.status === 'active');
  const meds = h.medications.filter((x) => x.status === 'active');
  const labs = h.labs.filter((x) => x.encounterId === enc.id);
  return [
    'PROGRESS NOTE',
    `Patient: ${fullName(h.patient)}   DOB: ${h.patient.birthDate}   MRN: ${h.patient.mrn}`,
    `Date of service: ${humanDate(enc.date)}   Clinician: ${clinicianName(h.practice)}, ${h.practice.name}`,
    '',
    `SUBJECTIVE: ${enc.reason}. Reports taking medications as prescribed; no side effects. No chest pain, shortness of breath or new symptoms.`,
    `OBJECTIVE: BP ${vit.systolic}/${vit.diastolic} mm Hg, HR ${vit.heartRate}/min, weight ${vit.weightKg} kg, height ${vit.heightCm} cm, BMI ${vit.bmi} kg/m2.`,
    labs.length ? `Labs: ${labs.map((x) => `${x.name} ${labValue(x)}${x.interpretation !== 'N' ? ` (${x.interpretation})` : ''}`).join('; ')}.` : 'Labs: none drawn.',
    `ASSESSMENT: ${problems.length ? problems.map((x) => stripTag(x.code.display)).join('; ') : 'Healthy adult, no active problems'}.`,
    `PLAN: Continue ${meds.length ? meds.map((x) => x.code.display).join('; ') : 'current self-care'}. ${h.plan.map((x) => `${x.description} on or after ${humanDate(x.date)}`).join('. ')}.`,
    h.allergies.length ? `Allergies reviewed: ${h.allergies.map((x) => stripTag(x.code.display)).join(', ')}.` : 'No known allergies.',
    '',
    'Synthetic demo record: not real patient data.',
  ].join('\n');
}
