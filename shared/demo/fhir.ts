/**
 * Renders a DemoHistory as a FHIR R4 collection Bundle with US Core-shaped codings. Every reference is a
 * `urn:uuid:` fullUrl of another entry, so the bundle stands alone.
 */
import { type Coding, type DemoHistory, type DemoLabResult, type DemoMedication, type ReferenceRange, SYSTEMS, clinicianName, fullName, rangeText, stripTag } from './history';
import { humanDate } from './random';

export interface FhirResource {
  resourceType: string;
  id: string;
  [element: string]: unknown;
}
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  identifier: { system: string; value: string };
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem';
const ref = (id: string, display?: string) => ({ reference: `urn:uuid:${id}`, ...(display ? { display } : {}) });
const concept = (coding: Coding | Coding[], text?: string) => {
  const codings = Array.isArray(coding) ? coding : [coding];
  return { coding: codings.map((c) => ({ system: c.system, code: c.code, display: c.display })), text: text ?? stripTag(codings[0]?.display ?? '') };
};
const hl7 = (codeSystem: string, code: string, display: string) => ({ coding: [{ system: `${TERMINOLOGY}/${codeSystem}`, code, display }] });
const quantity = (value: number, unit: string) => ({ value, unit, system: SYSTEMS.ucum, code: unit });
const escapeXhtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const INTERPRETATION = { H: 'High', L: 'Low', N: 'Normal' } as const;
const UCUM_DOSE_UNITS: Record<string, string> = { tablet: '{tbl}', puff: '{puff}' };

function range(r: ReferenceRange, unit: string, text: string) {
  return [{ ...(r.low !== undefined ? { low: quantity(r.low, unit) } : {}), ...(r.high !== undefined ? { high: quantity(r.high, unit) } : {}), text }];
}

/**
 * Builds the patient's whole history as a FHIR R4 Bundle of type "collection": Patient, Organization,
 * Practitioner, Encounters, Conditions, AllergyIntolerances, MedicationRequests, vital-sign and laboratory
 * Observations, DiagnosticReports, Immunizations, Procedures, Goals, a CarePlan and a progress-note DocumentReference.
 */
export function buildFhirBundle(h: DemoHistory): FhirBundle {
  const { patient, practice, ids } = h;
  const subject = ref(ids.patient, fullName(patient));
  const practitioner = ref(ids.practitioner, clinicianName(practice));
  const organization = ref(ids.organization, practice.name);
  const encounterRef = (id: string) => ref(id);
  const address = { use: 'work', line: [practice.address.line], city: practice.address.city, state: practice.address.state, postalCode: practice.address.postalCode, country: 'US' };
  const phone = { system: 'phone', value: practice.phone, use: 'work' };
  const startOf = (encounterId: string) => h.encounters.find((e) => e.id === encounterId)?.start;
  const resources: FhirResource[] = [];
  const add = (resource: FhirResource) => resources.push(resource);

  add({
    resourceType: 'Patient', id: ids.patient,
    identifier: [{ use: 'usual', type: { ...hl7('v2-0203', 'MR', 'Medical Record Number'), text: 'MRN' }, system: `urn:oid:${h.practiceOid}`, value: patient.mrn, assigner: organization }],
    active: true,
    name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
    gender: patient.gender, birthDate: patient.birthDate,
    generalPractitioner: [practitioner], managingOrganization: organization,
  });
  add({
    resourceType: 'Organization', id: ids.organization,
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:${h.practiceOid}` }],
    active: true, type: [hl7('organization-type', 'prov', 'Healthcare Provider')], name: practice.name, telecom: [phone], address: [address],
  });
  add({
    resourceType: 'Practitioner', id: ids.practitioner,
    identifier: [{ system: SYSTEMS.npi, value: practice.clinician.npi }],
    active: true, name: [{ use: 'official', family: practice.clinician.familyName, given: [practice.clinician.givenName] }], telecom: [phone], address: [address],
  });

  for (const e of h.encounters) {
    add({
      resourceType: 'Encounter', id: e.id, status: 'finished',
      class: { system: `${TERMINOLOGY}/v3-ActCode`, code: 'AMB', display: 'ambulatory' },
      type: [concept(e.type)], subject,
      participant: [{ type: [hl7('v3-ParticipationType', 'PPRF', 'primary performer')], individual: practitioner, period: { start: e.start, end: e.end } }],
      period: { start: e.start, end: e.end },
      reasonCode: [{ text: e.reason }],
      ...(e.conditionIds.length ? { reasonReference: e.conditionIds.map((id) => ref(id)) } : {}),
      serviceProvider: organization,
    });
  }
  for (const c of h.conditions) {
    add({
      resourceType: 'Condition', id: c.id,
      clinicalStatus: hl7('condition-clinical', c.status, c.status === 'active' ? 'Active' : 'Resolved'),
      verificationStatus: hl7('condition-ver-status', 'confirmed', 'Confirmed'),
      category: [c.status === 'active' ? hl7('condition-category', 'problem-list-item', 'Problem List Item') : hl7('condition-category', 'encounter-diagnosis', 'Encounter Diagnosis')],
      code: concept([c.code, c.icd10]), subject,
      ...(c.encounterId ? { encounter: encounterRef(c.encounterId) } : {}),
      onsetDateTime: c.onset, ...(c.abatement ? { abatementDateTime: c.abatement } : {}),
      recordedDate: c.recorded, recorder: practitioner,
    });
  }
  for (const a of h.allergies) {
    add({
      resourceType: 'AllergyIntolerance', id: a.id,
      clinicalStatus: hl7('allergyintolerance-clinical', 'active', 'Active'),
      verificationStatus: hl7('allergyintolerance-verification', 'confirmed', 'Confirmed'),
      type: a.type, category: [a.category], criticality: a.criticality,
      code: concept(a.code), patient: subject, onsetDateTime: a.onset, recordedDate: a.recorded, recorder: practitioner,
      reaction: [{ manifestation: [concept(a.reaction)], severity: a.severity }],
    });
  }
  for (const m of h.medications) add(medicationRequest(m));

  for (const v of h.vitals) {
    const vital = (id: string, code: Coding, value: Record<string, unknown>) =>
      add({ resourceType: 'Observation', id, status: 'final', category: [{ ...hl7('observation-category', 'vital-signs', 'Vital Signs'), text: 'Vital Signs' }], code: concept(code), subject, encounter: encounterRef(v.encounterId), effectiveDateTime: startOf(v.encounterId) ?? v.date, performer: [practitioner], ...value });
    vital(v.ids.bp, { system: SYSTEMS.loinc, code: '85354-9', display: 'Blood pressure panel with all children optional' }, {
      component: [
        { code: concept({ system: SYSTEMS.loinc, code: '8480-6', display: 'Systolic blood pressure' }), valueQuantity: quantity(v.systolic, 'mm[Hg]') },
        { code: concept({ system: SYSTEMS.loinc, code: '8462-4', display: 'Diastolic blood pressure' }), valueQuantity: quantity(v.diastolic, 'mm[Hg]') },
      ],
    });
    vital(v.ids.heartRate, { system: SYSTEMS.loinc, code: '8867-4', display: 'Heart rate' }, { valueQuantity: quantity(v.heartRate, '/min') });
    vital(v.ids.weight, { system: SYSTEMS.loinc, code: '29463-7', display: 'Body weight' }, { valueQuantity: quantity(v.weightKg, 'kg') });
    vital(v.ids.height, { system: SYSTEMS.loinc, code: '8302-2', display: 'Body height' }, { valueQuantity: quantity(v.heightCm, 'cm') });
    vital(v.ids.bmi, { system: SYSTEMS.loinc, code: '39156-5', display: 'Body mass index (BMI) [Ratio]' }, { valueQuantity: quantity(v.bmi, 'kg/m2') });
  }
  for (const x of h.labs) add(labObservation(x));
  for (const r of h.labReports) {
    add({
      resourceType: 'DiagnosticReport', id: r.id, status: r.status,
      category: [hl7('v2-0074', 'LAB', 'Laboratory')], code: concept({ system: SYSTEMS.loinc, code: '11502-2', display: 'Laboratory report' }),
      subject, encounter: encounterRef(r.encounterId), effectiveDateTime: startOf(r.encounterId) ?? r.date, issued: `${r.issued}T15:00:00Z`,
      performer: [organization], resultsInterpreter: [practitioner], result: r.resultIds.map((id) => ref(id)),
    });
  }
  for (const i of h.immunizations) {
    add({
      resourceType: 'Immunization', id: i.id, status: 'completed', vaccineCode: concept(i.code, i.code.display), patient: subject,
      ...(i.encounterId ? { encounter: encounterRef(i.encounterId) } : {}),
      occurrenceDateTime: i.date,
      // Shots given elsewhere (pharmacy, mass clinics) are transcribed from the patient's card, not witnessed.
      primarySource: !!i.encounterId,
      ...(i.encounterId ? { performer: [{ function: hl7('v2-0443', 'AP', 'Administering Provider'), actor: practitioner }] } : { reportOrigin: hl7('immunization-origin', 'record', 'Written Record') }),
      lotNumber: i.lot, site: hl7('v3-ActSite', 'LA', 'left arm'), route: hl7('v3-RouteOfAdministration', 'IM', 'Injection, intramuscular'), doseQuantity: quantity(0.5, 'mL'),
    });
  }
  for (const p of h.procedures) {
    add({ resourceType: 'Procedure', id: p.id, status: 'completed', code: concept(p.code), subject, encounter: encounterRef(p.encounterId), performedDateTime: startOf(p.encounterId) ?? p.date, performer: [{ actor: practitioner }] });
  }
  for (const g of h.goals) {
    add({
      resourceType: 'Goal', id: g.id, lifecycleStatus: 'active',
      achievementStatus: g.achieved ? hl7('goal-achievement', 'achieved', 'Achieved') : hl7('goal-achievement', 'in-progress', 'In Progress'),
      description: { text: g.description }, subject, startDate: g.start,
      target: [{ measure: concept(g.measure, g.measure.display), detailRange: { ...(g.low !== undefined ? { low: quantity(g.low, g.unit) } : {}), ...(g.high !== undefined ? { high: quantity(g.high, g.unit) } : {}) } }],
      expressedBy: practitioner, ...(g.conditionId ? { addresses: [ref(g.conditionId)] } : {}),
    });
  }
  const last = h.encounters[h.encounters.length - 1]!;
  const activeProblems = h.conditions.filter((c) => c.status === 'active');
  const planText = [
    `<p>Care plan of ${escapeXhtml(fullName(patient))}, ${escapeXhtml(humanDate(last.date))}.</p>`,
    `<p>Goals:</p><ul>${h.goals.map((g) => `<li>${escapeXhtml(g.description)}</li>`).join('')}</ul>`,
    `<p>Planned:</p><ul>${h.plan.map((p) => `<li>${escapeXhtml(`${p.description}: ${humanDate(p.date)}`)}</li>`).join('')}</ul>`,
  ].join('');
  add({
    resourceType: 'CarePlan', id: ids.carePlan,
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${planText}</div>` },
    status: 'active', intent: 'plan',
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan', display: 'Assessment and Plan of Treatment' }] }],
    title: 'Plan of treatment', subject, encounter: encounterRef(last.id), period: { start: last.date }, created: last.date, author: practitioner,
    ...(activeProblems.length ? { addresses: activeProblems.map((c) => ref(c.id)) } : {}),
    goal: h.goals.map((g) => ref(g.id)),
    activity: h.plan.map((p) => ({
      detail: { kind: p.kind === 'lab' ? 'ServiceRequest' : 'Appointment', code: concept(p.code, p.description), status: 'scheduled', scheduledPeriod: { start: p.date }, performer: [p.kind === 'lab' ? organization : practitioner], description: p.description },
    })),
  });
  add({
    resourceType: 'DocumentReference', id: h.note.id, status: 'current', docStatus: 'final',
    type: concept({ system: SYSTEMS.loinc, code: '11506-3', display: 'Progress note' }, 'Progress note'),
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' }] }],
    subject, date: last.end, author: [practitioner], custodian: organization, description: `${h.note.title}, ${humanDate(h.note.date)}`,
    content: [{ attachment: { contentType: 'text/plain', language: 'en-US', data: Buffer.from(h.note.text, 'utf8').toString('base64'), title: h.note.title, creation: last.end } }],
    context: { encounter: [encounterRef(h.note.encounterId)], period: { start: last.start, end: last.end } },
  });

  return {
    resourceType: 'Bundle', id: ids.bundle,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${ids.bundle}` },
    type: 'collection', timestamp: `${h.today}T12:00:00Z`,
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };

  function medicationRequest(m: DemoMedication): FhirResource {
    const inhaled = m.doseUnit === 'puff';
    return {
      resourceType: 'MedicationRequest', id: m.id, status: m.status, intent: 'order',
      category: [hl7('medicationrequest-category', 'community', 'Community')],
      medicationCodeableConcept: concept(m.code, m.code.display), subject, encounter: encounterRef(m.encounterId),
      authoredOn: m.start, requester: practitioner, reasonReference: [ref(m.conditionId)],
      dosageInstruction: [{
        text: m.dosage,
        timing: { repeat: { ...(m.end ? { boundsPeriod: { start: m.start, end: m.end } } : {}), ...(m.asNeeded ? { frequency: 1, period: 4, periodMax: 6, periodUnit: 'h' } : { frequency: m.perDay, period: 1, periodUnit: 'd' }) } },
        ...(m.asNeeded ? { asNeededBoolean: true } : {}),
        route: concept(inhaled ? { system: SYSTEMS.snomed, code: '447694001', display: 'Respiratory tract route (qualifier value)' } : { system: SYSTEMS.snomed, code: '26643006', display: 'Oral route (qualifier value)' }),
        doseAndRate: [{ doseQuantity: { value: m.dose, unit: m.doseUnit, system: SYSTEMS.ucum, code: UCUM_DOSE_UNITS[m.doseUnit] ?? '1' } }],
      }],
    };
  }

  function labObservation(x: DemoLabResult): FhirResource {
    const report = h.labReports.find((r) => r.id === x.reportId)!;
    return {
      resourceType: 'Observation', id: x.id, status: x.status,
      category: [{ ...hl7('observation-category', 'laboratory', 'Laboratory'), text: 'Laboratory' }],
      code: concept(x.code, x.name), subject, encounter: encounterRef(x.encounterId),
      effectiveDateTime: startOf(x.encounterId) ?? x.date, issued: `${report.issued}T15:00:00Z`, performer: [organization],
      valueQuantity: quantity(x.value, x.unit),
      interpretation: [hl7('v3-ObservationInterpretation', x.interpretation, INTERPRETATION[x.interpretation])],
      referenceRange: range(x.range, x.unit, `${rangeText(x.range, x.decimals)} ${x.unit}`),
      ...(x.previousValue !== undefined ? { note: [{ text: `Corrected result: originally reported as ${x.previousValue.toFixed(x.decimals)} ${x.unit}; specimen re-analyzed.` }] } : {}),
    };
  }
}
