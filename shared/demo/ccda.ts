/**
 * Renders a DemoHistory as a C-CDA R2.1 Continuity of Care Document. Each section carries a narrative table for
 * people and coded entries for machines, and the entries are the same items as in the FHIR bundle.
 */
import {
  type Coding, type DemoCondition, type DemoHistory, SYSTEMS, fullName, labValue, rangeText, stripTag,
} from './history';
import { humanDate, nameUuid } from './random';
import { el, escapeXml, t, type Attrs, type Child } from '../domain/xml-writer';

const OIDS: Record<string, { oid: string; name: string }> = {
  [SYSTEMS.loinc]: { oid: '2.16.840.1.113883.6.1', name: 'LOINC' },
  [SYSTEMS.snomed]: { oid: '2.16.840.1.113883.6.96', name: 'SNOMED CT' },
  [SYSTEMS.rxnorm]: { oid: '2.16.840.1.113883.6.88', name: 'RxNorm' },
  [SYSTEMS.cvx]: { oid: '2.16.840.1.113883.12.292', name: 'CVX' },
  [SYSTEMS.icd10]: { oid: '2.16.840.1.113883.6.90', name: 'ICD-10-CM' },
};
const LOINC = OIDS[SYSTEMS.loinc]!;
const SNOMED = OIDS[SYSTEMS.snomed]!;
const ACT_CODE = '2.16.840.1.113883.5.4';
const NCI = '2.16.840.1.113883.3.26.1.1';
const NPI = '2.16.840.1.113883.4.6';

export { escapeXml };
/** CDA timestamps: YYYYMMDD for days, YYYYMMDDHHMMSS+0000 for instants. */
const ts = (iso: string) => (iso.length === 10 ? iso.replace(/-/g, '') : `${iso.slice(0, 19).replace(/[-T:]/g, '')}+0000`);
const uid = (uuid: string) => el('id', { root: uuid.toUpperCase() });
const templates = (root: string, extension?: string) => [el('templateId', { root }), extension ? el('templateId', { root, extension }) : ''].filter(Boolean).join('\n');
const cd = (tag: string, c: Coding, extra: Attrs = {}, ...children: Child[]) => {
  const sys = OIDS[c.system];
  if (!sys) throw new Error(`No OID for code system ${c.system}`);
  return el(tag, { ...extra, code: c.code, codeSystem: sys.oid, codeSystemName: sys.name, displayName: c.display }, ...children);
};
const loincCode = (code: string, display: string) => el('code', { code, codeSystem: LOINC.oid, codeSystemName: 'LOINC', displayName: display });
const snomedCoding = (code: string, display: string): Coding => ({ system: SYSTEMS.snomed, code, display });
const ref = (id: string) => el('reference', { value: `#${id}` });
const textRef = (id: string) => el('text', {}, ref(id));
const assertion = () => el('code', { code: 'ASSERTION', codeSystem: ACT_CODE });
const completed = () => el('statusCode', { code: 'completed' });
const interval = (low?: string, high?: string) => el('effectiveTime', {}, low ? el('low', { value: ts(low) }) : el('low', { nullFlavor: 'UNK' }), high && el('high', { value: ts(high) }));
const pq = (value: number, decimals: number, unit: string) => el('value', { 'xsi:type': 'PQ', value: value.toFixed(decimals), unit });

function table(headers: string[], rows: { id: string; cells: string[] }[]): string {
  return el('text', {}, el('table', { border: 1, width: '100%' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, t(h))))),
    el('tbody', {}, ...rows.map((r) => el('tr', { ID: r.id }, ...r.cells.map((c) => el('td', {}, t(c) || ' '))))),
  ));
}

function section(spec: { root: string; extension: string; code: string; display: string; title: string; headers: string[]; rows: { id: string; cells: string[] }[]; entries: string[] }): string {
  // An empty entries-required section says "no information" rather than omitting the section.
  if (!spec.rows.length) {
    return el('component', {}, el('section', { nullFlavor: 'NI' }, templates(spec.root, spec.extension), loincCode(spec.code, spec.display), el('title', {}, t(spec.title)), el('text', {}, 'No information')));
  }
  return el('component', {}, el('section', {}, templates(spec.root, spec.extension), loincCode(spec.code, spec.display), el('title', {}, t(spec.title)), table(spec.headers, spec.rows),
    ...spec.entries.map((e) => el('entry', { typeCode: 'DRIV' }, e))));
}

/**
 * Builds the patient's history as a C-CDA R2.1 CCD (UTF-8 XML, no DOCTYPE): US Realm Header, then Problems,
 * Medications, Allergies, Results, Vital Signs, Immunizations, Procedures, Encounters and Plan of Treatment.
 */
export function buildCcd(h: DemoHistory): string {
  const { patient, practice } = h;
  const phone = `tel:${/^\D*(\d\D*){10}$/.test(practice.phone) ? `+1-${practice.phone.replace(/\D/g, '').replace(/^(\d{3})(\d{3})(\d{4})$/, '$1-$2-$3')}` : practice.phone.replace(/\s+/g, '')}`;
  const addr = () => el('addr', { use: 'WP' }, el('streetAddressLine', {}, t(practice.address.line)), el('city', {}, t(practice.address.city)), el('state', {}, t(practice.address.state)), el('postalCode', {}, t(practice.address.postalCode)), el('country', {}, 'US'));
  const telecom = () => el('telecom', { use: 'WP', value: phone });
  const org = (tag: string) => el(tag, {}, el('id', { root: h.practiceOid }), el('name', {}, t(practice.name)), telecom(), addr());
  const clinician = () => el('assignedPerson', {}, el('name', {}, el('given', {}, t(practice.clinician.givenName)), el('family', {}, t(practice.clinician.familyName))));
  const assignedEntity = () => el('assignedEntity', {}, el('id', { root: NPI, extension: practice.clinician.npi }), addr(), telecom(), clinician(), org('representedOrganization'));
  const gender = patient.gender === 'female' ? el('administrativeGenderCode', { code: 'F', codeSystem: '2.16.840.1.113883.5.1', displayName: 'Female' })
    : patient.gender === 'male' ? el('administrativeGenderCode', { code: 'M', codeSystem: '2.16.840.1.113883.5.1', displayName: 'Male' })
      : patient.gender === 'other' ? el('administrativeGenderCode', { code: 'UN', codeSystem: '2.16.840.1.113883.5.1', displayName: 'Undifferentiated' })
        : el('administrativeGenderCode', { nullFlavor: 'UNK' });
  const byId = new Map(h.conditions.map((c) => [c.id, c]));
  const latestDate = h.encounters[h.encounters.length - 1]!.date;

  const problemObservation = (c: DemoCondition, textId?: string) => el('observation', { classCode: 'OBS', moodCode: 'EVN' },
    templates('2.16.840.1.113883.10.20.22.4.4', '2015-08-01'), uid(c.id),
    el('code', { code: '55607006', codeSystem: SNOMED.oid, codeSystemName: SNOMED.name, displayName: 'Problem' }, el('translation', { code: '75326-9', codeSystem: LOINC.oid, codeSystemName: 'LOINC', displayName: 'Problem' })),
    textId && textRef(textId), completed(), interval(c.onset, c.abatement),
    cd('value', c.code, { 'xsi:type': 'CD' }, textId && el('originalText', {}, ref(textId)), cd('translation', c.icd10)));

  const problems = h.conditions.map((c, i) => ({ c, id: `problem-${i + 1}` }));
  const meds = h.medications.map((m, i) => ({ m, id: `medication-${i + 1}` }));
  const allergies = h.allergies.map((a, i) => ({ a, id: `allergy-${i + 1}` }));
  const results = [...h.labs].sort((x, y) => y.date.localeCompare(x.date)).map((x, i) => ({ x, id: `result-${i + 1}` }));
  const resultRow = new Map(results.map((r) => [r.x.id, r.id]));
  const immunizations = h.immunizations.map((x, i) => ({ x, id: `immunization-${i + 1}` }));
  const procedures = h.procedures.map((p, i) => ({ p, id: `procedure-${i + 1}` }));
  const encounters = h.encounters.map((e, i) => ({ e, id: `encounter-${i + 1}` }));
  const goals = h.goals.map((g, i) => ({ g, id: `goal-${i + 1}` }));
  const planned = h.plan.map((p, i) => ({ p, id: `plan-${i + 1}` }));
  const start = (encounterId: string) => h.encounters.find((e) => e.id === encounterId)?.start;

  const sections = [
    section({
      root: '2.16.840.1.113883.10.20.22.2.5.1', extension: '2015-08-01', code: '11450-4', display: 'Problem list - Reported', title: 'Problems',
      headers: ['Problem', 'SNOMED CT', 'ICD-10-CM', 'Onset', 'Status'],
      rows: problems.map(({ c, id }) => ({ id, cells: [stripTag(c.code.display), c.code.code, c.icd10.code, c.onset, c.status === 'active' ? 'Active' : `Resolved ${c.abatement ?? ''}`.trim()] })),
      entries: problems.map(({ c, id }) => el('act', { classCode: 'ACT', moodCode: 'EVN' },
        templates('2.16.840.1.113883.10.20.22.4.3', '2015-08-01'), uid(nameUuid(`${c.id}/concern`)),
        el('code', { code: 'CONC', codeSystem: '2.16.840.1.113883.5.6', displayName: 'Concern' }),
        el('statusCode', { code: c.status === 'active' ? 'active' : 'completed' }), interval(c.recorded, c.abatement),
        el('entryRelationship', { typeCode: 'SUBJ' }, problemObservation(c, id)))),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.1.1', extension: '2014-06-09', code: '10160-0', display: 'History of Medication use Narrative', title: 'Medications',
      headers: ['Medication', 'RxNorm', 'Instructions', 'Start', 'Status'],
      rows: meds.map(({ m, id }) => ({ id, cells: [m.code.display, m.code.code, m.dosage, m.start, m.status === 'active' ? 'Active' : `Completed ${m.end ?? ''}`.trim()] })),
      entries: meds.map(({ m, id }) => {
        const inhaled = m.doseUnit === 'puff';
        const reason = byId.get(m.conditionId);
        return el('substanceAdministration', { classCode: 'SBADM', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.16', '2014-06-09'), uid(m.id), textRef(id),
          el('statusCode', { code: m.status }), el('effectiveTime', { 'xsi:type': 'IVL_TS' }, el('low', { value: ts(m.start) }), m.end ? el('high', { value: ts(m.end) }) : el('high', { nullFlavor: 'UNK' })),
          el('effectiveTime', { 'xsi:type': 'PIVL_TS', institutionSpecified: 'true', operator: 'A' }, el('period', { value: m.asNeeded ? 4 : 24 / m.perDay, unit: 'h' })),
          el('routeCode', inhaled ? { code: 'C38216', codeSystem: NCI, codeSystemName: 'NCI Thesaurus', displayName: 'RESPIRATORY (INHALATION)' } : { code: 'C38288', codeSystem: NCI, codeSystemName: 'NCI Thesaurus', displayName: 'ORAL' }),
          el('doseQuantity', { value: m.dose }),
          el('consumable', {}, el('manufacturedProduct', { classCode: 'MANU' }, templates('2.16.840.1.113883.10.20.22.4.23', '2014-06-09'),
            el('manufacturedMaterial', {}, cd('code', m.code, {}, el('originalText', {}, ref(id)))))),
          reason && el('entryRelationship', { typeCode: 'RSON' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
            templates('2.16.840.1.113883.10.20.22.4.19', '2014-06-09'), uid(nameUuid(`${m.id}/indication`)),
            el('code', { code: '404684003', codeSystem: SNOMED.oid, codeSystemName: SNOMED.name, displayName: 'Clinical finding' }),
            completed(), cd('value', reason.code, { 'xsi:type': 'CD' }))),
          el('entryRelationship', { typeCode: 'COMP' }, el('substanceAdministration', { classCode: 'SBADM', moodCode: 'EVN' },
            el('templateId', { root: '2.16.840.1.113883.10.20.22.4.147' }), loincCode('76662-6', 'Instructions Medication'), el('text', {}, t(m.dosage)),
            el('consumable', {}, el('manufacturedProduct', {}, el('manufacturedLabeledDrug', { nullFlavor: 'NA' }))))),
          // CDA orders precondition after every entryRelationship.
          m.asNeeded && el('precondition', { typeCode: 'PRCN' }, templates('2.16.840.1.113883.10.20.22.4.25', '2014-06-09'),
            el('criterion', {}, assertion(), cd('value', snomedCoding('56018004', 'Wheezing (finding)'), { 'xsi:type': 'CD' }))));
      }),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.6.1', extension: '2015-08-01', code: '48765-2', display: 'Allergies and adverse reactions Document', title: 'Allergies and Intolerances',
      headers: ['Substance', 'Type', 'Reaction', 'Severity', 'Criticality', 'Onset'],
      rows: allergies.map(({ a, id }) => ({ id, cells: [stripTag(a.code.display), `${a.category} ${a.type}`, stripTag(a.reaction.display), a.severity, a.criticality, a.onset] })),
      entries: allergies.map(({ a, id }) => {
        const kind = a.category === 'food' ? snomedCoding('414285001', 'Allergy to food (finding)')
          : a.category === 'medication' ? (a.type === 'allergy' ? snomedCoding('416098002', 'Allergy to drug (finding)') : snomedCoding('59037007', 'Drug intolerance (finding)'))
            : snomedCoding('419199007', 'Allergy to substance (finding)');
        const severity = { mild: snomedCoding('255604002', 'Mild (qualifier value)'), moderate: snomedCoding('6736007', 'Moderate (severity modifier) (qualifier value)'), severe: snomedCoding('24484000', 'Severe (severity modifier) (qualifier value)') }[a.severity];
        return el('act', { classCode: 'ACT', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.30', '2015-08-01'), uid(nameUuid(`${a.id}/concern`)),
          el('code', { code: 'CONC', codeSystem: '2.16.840.1.113883.5.6', displayName: 'Concern' }), el('statusCode', { code: 'active' }), interval(a.recorded),
          el('entryRelationship', { typeCode: 'SUBJ' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
            templates('2.16.840.1.113883.10.20.22.4.7', '2014-06-09'), uid(a.id), assertion(), textRef(id), completed(), interval(a.onset),
            cd('value', kind, { 'xsi:type': 'CD' }),
            el('participant', { typeCode: 'CSM' }, el('participantRole', { classCode: 'MANU' }, el('playingEntity', { classCode: 'MMAT' }, cd('code', a.code, {}, el('originalText', {}, ref(id)))))),
            el('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
              el('templateId', { root: '2.16.840.1.113883.10.20.22.4.145' }), loincCode('82606-5', 'Criticality'), completed(),
              el('value', { 'xsi:type': 'CD', code: a.criticality === 'high' ? 'CRITH' : 'CRITL', codeSystem: '2.16.840.1.113883.5.1063', codeSystemName: 'HL7ObservationValue', displayName: `${a.criticality} criticality` }))),
            el('entryRelationship', { typeCode: 'MFST', inversionInd: 'true' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
              templates('2.16.840.1.113883.10.20.22.4.9', '2014-06-09'), uid(nameUuid(`${a.id}/reaction`)), assertion(), completed(), interval(a.onset),
              cd('value', a.reaction, { 'xsi:type': 'CD' }),
              el('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' }, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
                templates('2.16.840.1.113883.10.20.22.4.8', '2014-06-09'), el('code', { code: 'SEV', codeSystem: ACT_CODE, displayName: 'Severity Observation' }), completed(),
                cd('value', severity, { 'xsi:type': 'CD' }))))))));
      }),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.3.1', extension: '2015-08-01', code: '30954-2', display: 'Relevant diagnostic tests/laboratory data Narrative', title: 'Results',
      headers: ['Date', 'Test', 'LOINC', 'Result', 'Reference range', 'Flag', 'Status'],
      rows: results.map(({ x, id }) => ({ id, cells: [x.date, x.name, x.code.code, labValue(x), `${rangeText(x.range, x.decimals)} ${x.unit}`, x.interpretation === 'N' ? '' : x.interpretation, x.status === 'corrected' ? `Corrected (was ${x.previousValue?.toFixed(x.decimals)} ${x.unit})` : 'Final'] })),
      entries: h.labReports.map((r) => el('organizer', { classCode: 'BATTERY', moodCode: 'EVN' },
        templates('2.16.840.1.113883.10.20.22.4.1', '2015-08-01'), uid(r.id), loincCode('11502-2', 'Laboratory report'), completed(),
        el('effectiveTime', {}, el('low', { value: ts(start(r.encounterId) ?? r.date) }), el('high', { value: ts(start(r.encounterId) ?? r.date) })),
        ...h.labs.filter((x) => x.reportId === r.id).map((x) => el('component', {}, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.2', '2015-08-01'), uid(x.id), cd('code', x.code), textRef(resultRow.get(x.id)!), completed(),
          el('effectiveTime', { value: ts(start(x.encounterId) ?? x.date) }), pq(x.value, x.decimals, x.unit),
          el('interpretationCode', { code: x.interpretation, codeSystem: '2.16.840.1.113883.5.83', codeSystemName: 'ObservationInterpretation', displayName: { H: 'High', L: 'Low', N: 'Normal' }[x.interpretation] }),
          x.previousValue !== undefined && el('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' }, el('act', { classCode: 'ACT', moodCode: 'EVN' },
            el('templateId', { root: '2.16.840.1.113883.10.20.22.4.64' }), loincCode('48767-8', 'Annotation comment'),
            el('text', {}, t(`Corrected result: originally reported as ${x.previousValue.toFixed(x.decimals)} ${x.unit}; specimen re-analyzed.`)))),
          el('referenceRange', {}, el('observationRange', {}, el('value', { 'xsi:type': 'IVL_PQ' },
            x.range.low !== undefined && el('low', { value: x.range.low.toFixed(x.decimals), unit: x.unit }),
            x.range.high !== undefined && el('high', { value: x.range.high.toFixed(x.decimals), unit: x.unit }))))))))),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.4.1', extension: '2015-08-01', code: '8716-3', display: 'Vital signs', title: 'Vital Signs',
      headers: ['Date', 'Blood pressure', 'Heart rate', 'Weight', 'Height', 'BMI'],
      rows: [...h.vitals].reverse().map((v) => ({ id: `vitals-${h.vitals.indexOf(v) + 1}`, cells: [v.date, `${v.systolic}/${v.diastolic} mm[Hg]`, `${v.heartRate} /min`, `${v.weightKg} kg`, `${v.heightCm} cm`, `${v.bmi} kg/m2`] })),
      entries: h.vitals.map((v, i) => {
        const when = start(v.encounterId) ?? v.date;
        const obs = (id: string, code: string, display: string, value: number, decimals: number, unit: string) => el('component', {}, el('observation', { classCode: 'OBS', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.27', '2014-06-09'), uid(id), loincCode(code, display), textRef(`vitals-${i + 1}`), completed(), el('effectiveTime', { value: ts(when) }), pq(value, decimals, unit)));
        return el('organizer', { classCode: 'CLUSTER', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.26', '2015-08-01'), uid(nameUuid(`${v.encounterId}/vitals`)),
          el('code', { code: '46680005', codeSystem: SNOMED.oid, codeSystemName: SNOMED.name, displayName: 'Vital signs' },
            el('translation', { code: '74728-7', codeSystem: LOINC.oid, codeSystemName: 'LOINC', displayName: 'Vital signs, weight, height, head circumference, oximetry, BMI, and BSA panel - HL7.CCDAr1.1' })),
          completed(), el('effectiveTime', { value: ts(when) }),
          obs(nameUuid(`${v.ids.bp}/systolic`), '8480-6', 'Systolic blood pressure', v.systolic, 0, 'mm[Hg]'),
          obs(nameUuid(`${v.ids.bp}/diastolic`), '8462-4', 'Diastolic blood pressure', v.diastolic, 0, 'mm[Hg]'),
          obs(v.ids.heartRate, '8867-4', 'Heart rate', v.heartRate, 0, '/min'),
          obs(v.ids.weight, '29463-7', 'Body weight', v.weightKg, 1, 'kg'),
          obs(v.ids.height, '8302-2', 'Body height', v.heightCm, 1, 'cm'),
          obs(v.ids.bmi, '39156-5', 'Body mass index (BMI) [Ratio]', v.bmi, 1, 'kg/m2'));
      }),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.2.1', extension: '2015-08-01', code: '11369-6', display: 'History of Immunization Narrative', title: 'Immunizations',
      headers: ['Vaccine', 'CVX', 'Date', 'Lot', 'Source'],
      rows: immunizations.map(({ x, id }) => ({ id, cells: [x.code.display, x.code.code, x.date, x.lot, x.encounterId ? 'Given at this practice' : 'Reported (outside record)'] })),
      entries: immunizations.map(({ x, id }) => el('substanceAdministration', { classCode: 'SBADM', moodCode: 'EVN', negationInd: 'false' },
        templates('2.16.840.1.113883.10.20.22.4.52', '2015-08-01'), uid(x.id), textRef(id), completed(), el('effectiveTime', { value: ts(x.date) }),
        el('routeCode', { code: 'C28161', codeSystem: NCI, codeSystemName: 'NCI Thesaurus', displayName: 'INTRAMUSCULAR' }),
        el('doseQuantity', { value: '0.5', unit: 'mL' }),
        el('consumable', {}, el('manufacturedProduct', { classCode: 'MANU' }, templates('2.16.840.1.113883.10.20.22.4.54', '2014-06-09'),
          el('manufacturedMaterial', {}, cd('code', x.code, {}, el('originalText', {}, ref(id))), el('lotNumberText', {}, t(x.lot))))),
        x.encounterId && el('performer', {}, assignedEntity()))),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.7.1', extension: '2014-06-09', code: '47519-4', display: 'History of Procedures Document', title: 'Procedures',
      headers: ['Procedure', 'SNOMED CT', 'Date'],
      rows: procedures.map(({ p, id }) => ({ id, cells: [stripTag(p.code.display), p.code.code, p.date] })),
      entries: procedures.map(({ p, id }) => el('procedure', { classCode: 'PROC', moodCode: 'EVN' },
        templates('2.16.840.1.113883.10.20.22.4.14', '2014-06-09'), uid(p.id), cd('code', p.code, {}, el('originalText', {}, ref(id))), completed(),
        el('effectiveTime', { value: ts(start(p.encounterId) ?? p.date) }), el('performer', {}, assignedEntity()))),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.22.1', extension: '2015-08-01', code: '46240-8', display: 'History of Hospitalizations+Outpatient visits Narrative', title: 'Encounters',
      headers: ['Date', 'Type', 'Reason', 'Clinician', 'Location'],
      rows: [...encounters].reverse().map(({ e, id }) => ({ id, cells: [e.date, stripTag(e.type.display), e.reason, fullName(practice.clinician), practice.name] })),
      entries: encounters.map(({ e, id }) => el('encounter', { classCode: 'ENC', moodCode: 'EVN' },
        templates('2.16.840.1.113883.10.20.22.4.49', '2015-08-01'), uid(e.id),
        cd('code', e.type, {}, el('originalText', {}, ref(id)), el('translation', { code: 'AMB', codeSystem: '2.16.840.1.113883.5.4', codeSystemName: 'HL7 ActCode', displayName: 'ambulatory' })),
        el('effectiveTime', {}, el('low', { value: ts(e.start) }), el('high', { value: ts(e.end) })),
        el('performer', {}, assignedEntity()),
        ...e.conditionIds.map((cid) => el('entryRelationship', { typeCode: 'RSON' }, el('act', { classCode: 'ACT', moodCode: 'EVN' },
          templates('2.16.840.1.113883.10.20.22.4.80', '2015-08-01'), loincCode('29308-4', 'Diagnosis'),
          el('entryRelationship', { typeCode: 'SUBJ' }, problemObservation(byId.get(cid)!))))))),
    }),
    section({
      root: '2.16.840.1.113883.10.20.22.2.10', extension: '2014-06-09', code: '18776-5', display: 'Plan of care note', title: 'Plan of Treatment',
      headers: ['Item', 'Detail', 'Date'],
      rows: [
        ...goals.map(({ g, id }) => ({ id, cells: [`Goal: ${g.description}`, g.achieved ? 'Achieved' : 'In progress', `since ${g.start}`] })),
        ...planned.map(({ p, id }) => ({ id, cells: [p.description, p.kind === 'lab' ? 'Laboratory test' : 'Office visit', p.date] })),
      ],
      entries: [
        ...goals.map(({ g, id }) => el('observation', { classCode: 'OBS', moodCode: 'GOL' },
          el('templateId', { root: '2.16.840.1.113883.10.20.22.4.121' }), uid(g.id), cd('code', g.measure), textRef(id), el('statusCode', { code: 'active' }),
          el('effectiveTime', { value: ts(g.start) }),
          el('value', { 'xsi:type': 'IVL_PQ' }, g.low !== undefined && el('low', { value: g.low, unit: g.unit }), g.high !== undefined && el('high', { value: g.high, unit: g.unit })))),
        ...planned.map(({ p, id }) => p.kind === 'lab'
          ? el('observation', { classCode: 'OBS', moodCode: 'RQO' }, templates('2.16.840.1.113883.10.20.22.4.44', '2014-06-09'), uid(p.id), cd('code', p.code), textRef(id), el('statusCode', { code: 'active' }), el('effectiveTime', { value: ts(p.date) }))
          : el('encounter', { classCode: 'ENC', moodCode: 'INT' }, templates('2.16.840.1.113883.10.20.22.4.40', '2014-06-09'), uid(p.id), cd('code', p.code), textRef(id), el('statusCode', { code: 'active' }), el('effectiveTime', { value: ts(p.date) }))),
      ],
    }),
  ];

  const doc = el('ClinicalDocument', { xmlns: 'urn:hl7-org:v3', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xmlns:sdtc': 'urn:hl7-org:sdtc' },
    el('realmCode', { code: 'US' }),
    el('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' }),
    templates('2.16.840.1.113883.10.20.22.1.1', '2015-08-01'),
    templates('2.16.840.1.113883.10.20.22.1.2', '2015-08-01'),
    uid(h.ids.document),
    loincCode('34133-9', 'Summarization of Episode Note'),
    el('title', {}, t(`Continuity of Care Document: ${practice.name}`)),
    el('effectiveTime', { value: ts(`${h.today}T12:00:00Z`) }),
    el('confidentialityCode', { code: 'N', codeSystem: '2.16.840.1.113883.5.25', displayName: 'normal' }),
    el('languageCode', { code: 'en-US' }),
    el('setId', { root: nameUuid(`${h.ids.document}/set`).toUpperCase() }),
    el('versionNumber', { value: 1 }),
    el('recordTarget', {}, el('patientRole', {},
      el('id', { root: h.practiceOid, extension: patient.mrn, assigningAuthorityName: practice.name }),
      el('addr', { nullFlavor: 'UNK' }), el('telecom', { nullFlavor: 'UNK' }),
      el('patient', {},
        el('name', { use: 'L' }, el('given', {}, t(patient.givenName)), el('family', {}, t(patient.familyName))),
        gender, el('birthTime', { value: ts(patient.birthDate) }),
        el('raceCode', { nullFlavor: 'UNK' }), el('ethnicGroupCode', { nullFlavor: 'UNK' }),
        el('languageCommunication', {}, el('languageCode', { code: 'en' }), el('preferenceInd', { value: 'true' }))),
      org('providerOrganization'))),
    el('author', {}, el('time', { value: ts(`${h.today}T12:00:00Z`) }), el('assignedAuthor', {}, el('id', { root: NPI, extension: practice.clinician.npi }), addr(), telecom(), clinician(), org('representedOrganization'))),
    el('custodian', {}, el('assignedCustodian', {}, org('representedCustodianOrganization'))),
    el('documentationOf', {}, el('serviceEvent', { classCode: 'PCPR' },
      el('effectiveTime', {}, el('low', { value: ts(h.encounters[0]!.date) }), el('high', { value: ts(latestDate) })),
      el('performer', { typeCode: 'PRF' }, el('functionCode', { code: 'PCP', codeSystem: '2.16.840.1.113883.5.88', codeSystemName: 'ParticipationFunction', displayName: 'primary care physician' }), assignedEntity()))),
    el('component', {}, el('structuredBody', {}, ...sections)));
  // A comment, not a DOCTYPE or entity, marks the file as synthetic for anyone who opens it.
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Synthetic demo record generated ${humanDate(h.today)}: not real patient data. -->\n${doc}\n`;
}
