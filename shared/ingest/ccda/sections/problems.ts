/**
 * Problems (11450-4) and Health Concerns (75310-3) to US Core Conditions. The problem list nests problem observations
 * in concern acts; each observation is one Condition, the concern supplying status and recorded date when the
 * observation does not.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { type CodeableConcept, codeIn, concept, SYSTEM } from '../codes';
import { effective, effectiveTimeOf, toFhirDateTime } from '../dates';
import { type SectionInput, entryLocation, entryStatements, hasTemplate, isNegated, related, statusOf } from './common';

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/condition-category';

/** SNOMED values that state the absence of problems, recorded as an entry so that the list is known to be empty. */
const NO_PROBLEM_CODES = new Set(['160245001', '160244002', '396782006']);
/** Problem Status observation (33999-4) values. */
const STATUS_VALUES: Record<string, string> = { '55561003': 'active', '73425007': 'inactive', '413322009': 'resolved', '277022003': 'remission', '246455001': 'recurrence' };
const PROBLEM_STATUS_TEMPLATES = ['2.16.840.1.113883.10.20.22.4.6', '2.16.840.1.113883.10.20.1.50'];

function problemStatus(observation: XmlElement): string | undefined {
  for (const related_ of related(observation)) {
    const isStatus = hasTemplate(related_, ...PROBLEM_STATUS_TEMPLATES) || path(related_, 'code')?.attrs.code === '33999-4';
    if (!isStatus) continue;
    const code = codeIn(path(related_, 'value'), SYSTEM.snomed);
    if (code && STATUS_VALUES[code]) return STATUS_VALUES[code];
  }
  return undefined;
}

/** The problem observations an entry carries: those under a concern act, or the entry itself. */
function problemObservations(statement: XmlElement, kind: 'problems' | 'health-concerns'): XmlElement[] {
  if (statement.name === 'observation') return [statement];
  if (statement.name !== 'act') return [];
  // A health concern act refers to its observations (REFR); a problem concern act has them as its subject.
  return related(statement, kind === 'problems' ? 'SUBJ' : undefined).filter((s) => s.name === 'observation' && !hasTemplate(s, ...PROBLEM_STATUS_TEMPLATES));
}

/** Maps the Problem or Health Concerns section's entries to Conditions. */
export function mapConditions(input: SectionInput, kind: 'problems' | 'health-concerns'): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const concernStatus = statement.name === 'act' ? statusOf(statement) : undefined;
    const concernTime = statement.name === 'act' ? effective(effectiveTimeOf(statement)) : {};
    const observations = problemObservations(statement, kind);
    observations.forEach((observation, n) => {
      const where = `${entryLocation(location, index)}${observations.length > 1 ? `, observation ${n + 1}` : ''}`;
      // A negated problem ("no known problems", or "not diabetic") is a statement of absence, not a list item.
      if (isNegated(observation) || isNegated(statement)) return;
      const value = path(observation, 'value');
      const code = concept(value, ctx.narrative) ?? (kind === 'health-concerns' ? textConcept(ctx.narrative.textOf(observation)) : undefined);
      if (!code) {
        if (!value?.attrs.nullFlavor) ctx.warn(`${where}: a problem without a code or text was skipped.`);
        return;
      }
      if (code.coding?.some((c) => c.system === SYSTEM.snomed && NO_PROBLEM_CODES.has(c.code))) return;
      code.text ??= ctx.narrative.textOf(observation);
      const time = effective(effectiveTimeOf(observation));
      const onset = time.period?.start ?? time.dateTime;
      const abatement = time.period?.end;
      let clinical = problemStatus(observation)
        ?? (abatement ? 'resolved' : concernStatus === 'active' ? 'active' : concernStatus === 'completed' ? 'resolved' : concernStatus === 'suspended' ? 'inactive' : 'active');
      // FHIR forbids an abatement on an active condition (con-4); the dated resolution is the stronger statement.
      if (abatement && (clinical === 'active' || clinical === 'recurrence')) clinical = 'resolved';
      const recorded = concernTime.period?.start ?? concernTime.dateTime ?? toFhirDateTime(path(observation, 'author', 'time')?.attrs.value);
      const category = kind === 'problems'
        ? { coding: [{ system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] }
        : { coding: [{ system: US_CORE_CATEGORY, code: 'health-concern', display: 'Health Concern' }] };
      ctx.emit({
        dataClass: kind,
        source: observation,
        location: where,
        content: [code.coding ?? code.text, onset, abatement],
        resource: {
          resourceType: 'Condition',
          clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: clinical }] },
          verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
          category: [category],
          code,
          ...(onset ? { onsetDateTime: onset } : {}),
          ...(abatement ? { abatementDateTime: abatement } : {}),
          ...(recorded ? { recordedDate: recorded } : {}),
        },
      });
    });
  }
}

function textConcept(text: string | undefined): CodeableConcept | undefined {
  return text ? { text } : undefined;
}
