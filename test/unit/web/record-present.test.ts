import { describe, expect, it } from 'vitest';
import { chartSeries } from '../../../web/src/record/charts';
import { filterQuery, isValidFilter } from '../../../web/src/record/filter';
import { conceptText, formatFhirDate, formatReferenceRange, interpretation, presentResource } from '../../../web/src/record/present';
import type { RecordItemView } from '../../../web/src/domain';

const loinc = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }] });
const hl7 = (system: string, code: string, display?: string) => ({ coding: [{ system: `http://terminology.hl7.org/CodeSystem/${system}`, code, ...(display ? { display } : {}) }] });

function observation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [hl7('observation-category', 'laboratory')],
    code: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
    effectiveDateTime: '2026-03-02T09:30:00-05:00',
    valueQuantity: { value: 6.1, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' }, text: '4.0-5.6 %' }],
    ...overrides,
  };
}

function item(resource: Record<string, unknown>, overrides: Partial<RecordItemView> = {}): RecordItemView {
  return { practiceId: 'prac-1', practiceName: 'Riverside Family Medicine', dataClass: 'lab-results', itemKey: String(Math.random()), resource, sources: [], ...overrides };
}

describe('presenting record items', () => {
  it('shows an out-of-range lab value with its unit, reference range and a High flag', () => {
    // Prepare
    const resource = observation({ interpretation: [hl7('v3-ObservationInterpretation', 'H', 'High')] });

    // Act
    const presented = presentResource(resource);

    // Assess
    expect(presented.title).toBe('Hemoglobin A1c/Hemoglobin.total in Blood');
    expect(presented.subtitle).toBe('6.1%');
    expect(presented.date).toBe('2026-03-02T09:30:00-05:00');
    expect(presented.status).toBe('Final result');
    expect(presented.badges).toEqual([{ label: 'High', tone: 'alert' }]);
    expect(presented.details).toContainEqual({ label: 'Normal range', value: '4–5.6%' });
  });

  it('flags a value outside its range as Low even without an interpretation, and names L, H and A in words', () => {
    const low = observation({ valueQuantity: { value: 3.2, unit: '%' } });
    expect(interpretation(low)).toBe('Low');
    expect(interpretation(observation({ valueQuantity: { value: 5, unit: '%' } }))).toBeUndefined();
    expect(interpretation(observation({ interpretation: [hl7('v3-ObservationInterpretation', 'L')] }))).toBe('Low');
    expect(interpretation(observation({ interpretation: [hl7('v3-ObservationInterpretation', 'A')] }))).toBe('Abnormal');
    // "N" wins over an arithmetic guess: the lab said normal.
    expect(interpretation(observation({ valueQuantity: { value: 9, unit: '%' }, interpretation: [hl7('v3-ObservationInterpretation', 'N')] }))).toBeUndefined();
  });

  it('marks a corrected result as such, in its status and with a badge', () => {
    const presented = presentResource(
      observation({ status: 'corrected', note: [{ text: 'Corrected result: originally reported as 7.1 %; specimen re-analyzed.' }] }),
    );
    expect(presented.status).toBe('Corrected result');
    expect(presented.badges).toContainEqual({ label: 'Corrected result', tone: 'info' });
    expect(presented.details).toContainEqual({ label: 'Note', value: 'Corrected result: originally reported as 7.1 %; specimen re-analyzed.' });
  });

  it('reads a blood pressure panel from its components as systolic/diastolic', () => {
    const presented = presentResource({
      resourceType: 'Observation',
      status: 'final',
      code: loinc('85354-9', 'Blood pressure panel with all children optional'),
      effectiveDateTime: '2026-03-02',
      component: [
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: { value: 120, unit: 'mm[Hg]' } },
        { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: { value: 80, unit: 'mm[Hg]' } },
      ],
    });
    expect(presented.subtitle).toBe('120/80 mmHg');
  });

  it('shows a coded or text value and a range given only as text', () => {
    expect(presentResource(observation({ valueQuantity: undefined, valueCodeableConcept: { coding: [{ display: 'Negative' }] }, referenceRange: [{ text: 'Negative' }] }))).toMatchObject({
      subtitle: 'Negative',
      details: [{ label: 'Normal range', value: 'Negative' }],
    });
    expect(presentResource(observation({ valueQuantity: undefined, valueString: 'Trace' })).subtitle).toBe('Trace');
    expect(formatReferenceRange({ low: { value: 60, unit: 'mL/min' } })).toBe('≥ 60 mL/min');
  });

  it('names a problem by its text, else by a coding display, with its clinical status and onset', () => {
    const presented = presentResource({
      resourceType: 'Condition',
      clinicalStatus: hl7('condition-clinical', 'active', 'Active'),
      category: [hl7('condition-category', 'problem-list-item')],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] },
      onsetDateTime: '2019-06-01',
    });
    expect(presented).toMatchObject({ title: 'Diabetes mellitus type 2', status: 'Active', date: '2019-06-01' });
    expect(presented.details).toContainEqual({ label: 'Since', value: 'Jun 1, 2019' });
    expect(conceptText({ text: 'Sugar diabetes', coding: [{ display: 'Diabetes mellitus type 2' }] })).toBe('Sugar diabetes');
  });

  it('shows a medication with its dosage text and status', () => {
    const presented = presentResource({
      resourceType: 'MedicationRequest',
      status: 'active',
      medicationCodeableConcept: { text: 'Metformin 500 mg oral tablet' },
      authoredOn: '2024-01-10',
      dosageInstruction: [{ text: 'Take 1 tablet twice a day with meals' }],
      requester: { display: 'Dr. Priya Raman' },
    });
    expect(presented).toMatchObject({ title: 'Metformin 500 mg oral tablet', subtitle: 'Take 1 tablet twice a day with meals', status: 'Active', date: '2024-01-10' });
    expect(presented.details).toContainEqual({ label: 'Prescribed by', value: 'Dr. Priya Raman' });
  });

  it('shows an allergy with its reaction and a high criticality as a badge', () => {
    const presented = presentResource({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: hl7('allergyintolerance-clinical', 'active', 'Active'),
      criticality: 'high',
      code: { coding: [{ display: 'Penicillin' }] },
      reaction: [{ manifestation: [{ text: 'Hives' }, { coding: [{ display: 'Wheezing' }] }], severity: 'severe' }],
    });
    expect(presented).toMatchObject({ title: 'Penicillin', subtitle: 'Reaction: Hives, Wheezing', status: 'Active' });
    expect(presented.badges).toEqual([{ label: 'High risk', tone: 'alert' }]);
    expect(presented.details).toContainEqual({ label: 'Risk', value: 'High risk' });
  });

  it('shows immunizations, procedures, visits, care teams, goals and plans in plain words', () => {
    expect(presentResource({ resourceType: 'Immunization', status: 'completed', vaccineCode: { text: 'Influenza, seasonal' }, occurrenceDateTime: '2025-10-01' })).toMatchObject({
      title: 'Influenza, seasonal',
      status: 'Given',
      date: '2025-10-01',
    });
    expect(presentResource({ resourceType: 'Procedure', status: 'completed', code: { text: 'Colonoscopy' }, performedPeriod: { start: '2024-05-05' } })).toMatchObject({
      title: 'Colonoscopy',
      date: '2024-05-05',
      status: 'Completed',
    });
    expect(
      presentResource({
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB', display: 'ambulatory' },
        period: { start: '2026-03-02T09:00:00Z', end: '2026-03-02T09:30:00Z' },
        reasonCode: [{ text: 'Diabetes follow-up' }],
      }),
    ).toMatchObject({ title: 'Office visit', subtitle: 'Reason: Diabetes follow-up', status: 'Completed', date: '2026-03-02T09:00:00Z' });
    expect(
      presentResource({ resourceType: 'CareTeam', status: 'active', participant: [{ role: [{ text: 'Primary care physician' }], member: { display: 'Dr. Priya Raman' } }] }).details,
    ).toEqual([{ label: 'Primary care physician', value: 'Dr. Priya Raman' }]);
    expect(
      presentResource({
        resourceType: 'Goal',
        lifecycleStatus: 'active',
        achievementStatus: { coding: [{ code: 'in-progress', display: 'In Progress' }] },
        description: { text: 'Bring HbA1c below 7%' },
        target: [{ measure: { text: 'Hemoglobin A1c' }, detailQuantity: { value: 7, unit: '%', comparator: '<' } }],
      }),
    ).toMatchObject({ title: 'Bring HbA1c below 7%', status: 'In Progress', details: [{ label: 'Target', value: 'Hemoglobin A1c: < 7%' }] });
    expect(presentResource({ resourceType: 'CarePlan', status: 'active', text: { div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Walk &amp; rest.</p></div>' } })).toMatchObject({
      title: 'Care plan',
      subtitle: 'Walk & rest.',
    });
    expect(presentResource({ resourceType: 'DocumentReference', type: { text: 'Progress note' }, date: '2026-03-02T10:00:00Z', description: 'Visit note' })).toMatchObject({
      title: 'Progress note',
      subtitle: 'Visit note',
      date: '2026-03-02T10:00:00Z',
    });
  });

  it('formats FHIR dates at the precision recorded, on the day written', () => {
    expect(formatFhirDate('2026')).toBe('2026');
    expect(formatFhirDate('2026-03')).toBe('Mar 2026');
    expect(formatFhirDate('2026-03-02T23:30:00-05:00')).toBe('Mar 2, 2026');
  });
});

describe('filtering and charting record items', () => {
  it('sends only the filters that are set, and holds back a range that ends before it starts', () => {
    expect(filterQuery({ practiceId: '', from: '', to: '' })).toEqual({});
    expect(filterQuery({ practiceId: 'a', from: '', to: '2026-03-05' })).toEqual({ practiceId: 'a', to: '2026-03-05' });
    expect(isValidFilter({ practiceId: '', from: '2026-03-05', to: '2026-03-05' })).toBe(true);
    expect(isValidFilter({ practiceId: '', from: '2026-03-06', to: '2026-03-05' })).toBe(false);
  });

  it('makes one series per code with two or more numeric values, with the latest range and flags', () => {
    const items = [
      item(observation({ effectiveDateTime: '2026-01-01', valueQuantity: { value: 5.2, unit: '%' } })),
      item(observation({ effectiveDateTime: '2026-03-01', valueQuantity: { value: 6.4, unit: '%' } })),
      item(observation({ code: loinc('2345-7', 'Glucose'), valueQuantity: { value: 90, unit: 'mg/dL' } })),
    ];
    const series = chartSeries(items);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ key: '4548-4', unit: '%', range: { low: 4, high: 5.6 } });
    expect(series[0]!.lines[0]!.points.map((p) => [p.value, p.flag])).toEqual([
      [5.2, undefined],
      [6.4, 'High'],
    ]);
  });
});

describe('concept names', () => {
  it('prefers the coding display when the text is a narrative row with codes or dates', () => {
    const coding = [{ system: 'http://snomed.info/sct', code: '75498004', display: 'Acute bacterial sinusitis' }];
    expect(conceptText({ text: 'Acute bacterial sinusitis 75498004 J01.90 2026-02-09 Resolved 2026-03-05', coding })).toBe('Acute bacterial sinusitis');
    expect(conceptText({ text: 'Peanut food allergy Anaphylaxis severe high 2000-04-19', coding: [{ display: 'Peanut' }] })).toBe('Peanut');
    expect(conceptText({ text: 'Sinus infection', coding })).toBe('Sinus infection');
  });
});
