/**
 * Results (30954-2) and Vital Signs (8716-3) to US Core Observations. Results are grouped by organizer (battery)
 * into a DiagnosticReport that references them; vital-sign systolic and diastolic readings taken together become
 * one blood-pressure panel (85354-9) with two components, which is how US Core expects blood pressure.
 */
import type { XmlElement } from '../../xml';
import { childrenNamed, path } from '../../xml';
import { clean, type CodeableConcept, codeIn, concept, SYSTEM } from '../codes';
import { effective, effectiveTimeOf } from '../dates';
import { type SectionInput, entryLocation, entryStatements, hasTemplate, isNegated, quantity, related, statusOf } from './common';

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const STATUS: Record<string, string> = {
  completed: 'final', final: 'final', active: 'preliminary', aborted: 'cancelled', cancelled: 'cancelled', nullified: 'entered-in-error',
  held: 'registered', new: 'registered', corrected: 'corrected', amended: 'amended', preliminary: 'preliminary',
};
const REPORT_STATUS: Record<string, string> = { ...STATUS, active: 'partial' };
const ANNOTATION = '2.16.840.1.113883.10.20.22.4.64';
/** Section codes that some exports put as an observation's code in a "no results" placeholder. */
const SECTION_PLACEHOLDER_CODES = new Set(['30954-2', '8716-3']);
const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

interface Mapped {
  resource: Record<string, unknown> & { resourceType: 'Observation' };
  source: XmlElement;
  loinc?: string;
  where: string;
  content: unknown[];
}

function valueOf(element: XmlElement | undefined, input: SectionInput): Record<string, unknown> {
  if (!element || element.attrs.nullFlavor) return {};
  const type = (element.attrs.type ?? '').replace(/^.*:/, '');
  const { narrative } = input.ctx;
  switch (type) {
    case 'PQ': {
      const q = quantity(element);
      return q ? { valueQuantity: q } : {};
    }
    case 'INT': {
      const n = Number(element.attrs.value);
      return Number.isInteger(n) ? { valueInteger: n } : {};
    }
    case 'REAL': {
      const q = quantity(element);
      return q ? { valueQuantity: { value: q.value } } : {};
    }
    case 'BL':
      return element.attrs.value === 'true' || element.attrs.value === 'false' ? { valueBoolean: element.attrs.value === 'true' } : {};
    case 'IVL_PQ': {
      const low = quantity(path(element, 'low'));
      const high = quantity(path(element, 'high'));
      return low || high ? { valueRange: { ...(low ? { low } : {}), ...(high ? { high } : {}) } } : {};
    }
    case 'CD': case 'CE': case 'CV': case 'CO': {
      const c = concept(element, narrative);
      return c ? { valueCodeableConcept: c } : {};
    }
    default: {
      const reference = narrative.resolve(path(element, 'reference'));
      const text = reference ?? clean(element.text) ?? clean(element.attrs.value);
      return text ? { valueString: text } : {};
    }
  }
}

function referenceRanges(observation: XmlElement, input: SectionInput): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const range of childrenNamed(observation, 'referenceRange')) {
    const observationRange = path(range, 'observationRange');
    const value = path(observationRange, 'value');
    const low = quantity(path(value, 'low'));
    const high = quantity(path(value, 'high'));
    const textElement = path(observationRange, 'text');
    const text = textElement ? (input.ctx.narrative.resolve(path(textElement, 'reference')) ?? clean(textElement.text)) : undefined;
    const interpretation = concept(path(observationRange, 'interpretationCode'), input.ctx.narrative);
    // Ranges for "abnormal" or "critical" bands are not the normal range a chart draws; keep only normal ones.
    if (interpretation?.coding?.some((c) => c.code !== 'N')) continue;
    if (low || high || text) out.push({ ...(low ? { low } : {}), ...(high ? { high } : {}), ...(text ? { text } : {}) });
  }
  return out;
}

function annotations(observation: XmlElement, input: SectionInput): string[] {
  return related(observation)
    .filter((a) => hasTemplate(a, ANNOTATION) || path(a, 'code')?.attrs.code === '48767-8')
    .map((a) => input.ctx.narrative.textOf(a))
    .filter((t): t is string => !!t);
}

function mapObservation(observation: XmlElement, fallbackTime: XmlElement | undefined, category: 'laboratory' | 'vital-signs', where: string, input: SectionInput): Mapped | undefined {
  const { ctx } = input;
  if (isNegated(observation) || observation.attrs.moodCode && observation.attrs.moodCode !== 'EVN') return undefined;
  const code = concept(path(observation, 'code'), ctx.narrative);
  if (!code) {
    if (!path(observation, 'code')?.attrs.nullFlavor) ctx.warn(`${where}: an observation without a code was skipped.`);
    return undefined;
  }
  const loinc = codeIn(path(observation, 'code'), SYSTEM.loinc);
  if (loinc && SECTION_PLACEHOLDER_CODES.has(loinc)) {
    ctx.warn(`${where}: a placeholder coded with the section's own code, not a test, was skipped.`);
    return undefined;
  }
  code.text ??= ctx.narrative.textOf(observation);
  const value = valueOf(path(observation, 'value'), input);
  const notes = annotations(observation, input);
  let status = STATUS[statusOf(observation) ?? ''] ?? 'unknown';
  // C-CDA has no "corrected" status; labs say it in an annotation comment, which is the only signal a reader gets.
  if (notes.some((n) => /^\s*(corrected|amended)\b/i.test(n))) status = 'corrected';
  if (status === 'preliminary' && !Object.keys(value).length) status = 'registered';
  const time = effective(effectiveTimeOf(observation));
  const fallback = effective(fallbackTime);
  const when = time.dateTime ?? fallback.dateTime;
  const interpretation = childrenNamed(observation, 'interpretationCode').map((c) => concept(c, ctx.narrative)).filter((c): c is CodeableConcept => !!c);
  const ranges = referenceRanges(observation, input);
  const resource: Mapped['resource'] = {
    resourceType: 'Observation',
    status,
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: category, display: category === 'laboratory' ? 'Laboratory' : 'Vital Signs' }] }],
    code,
    ...(when ? { effectiveDateTime: when } : {}),
    ...value,
    ...(interpretation.length ? { interpretation } : {}),
    ...(ranges.length ? { referenceRange: ranges } : {}),
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
  };
  return { resource, source: observation, loinc, where, content: [code.coding ?? code.text, when, Object.values(value)[0]] };
}

/** Observations of one entry: an organizer's components, or the entry itself. */
function entryObservations(statement: XmlElement): XmlElement[] {
  if (statement.name === 'observation') return [statement];
  if (statement.name === 'organizer') return related(statement).filter((s) => s.name === 'observation');
  return [];
}

/** Maps the Results section: lab Observations, and a DiagnosticReport per organizer that has any. */
export function mapResults(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const organizerTime = statement.name === 'organizer' ? effectiveTimeOf(statement) : undefined;
    const observations = entryObservations(statement);
    const ids: string[] = [];
    const statuses: string[] = [];
    observations.forEach((observation, n) => {
      const where = `${entryLocation(location, index)}${statement.name === 'organizer' ? `, component ${n + 1}` : ''}`;
      const mapped = mapObservation(observation, organizerTime, 'laboratory', where, input);
      if (!mapped) return;
      statuses.push(mapped.resource.status as string);
      ids.push(ctx.emit({ dataClass: 'lab-results', source: mapped.source, location: where, content: mapped.content, resource: mapped.resource }));
    });
    if (statement.name !== 'organizer' || !ids.length) continue;
    const code = concept(path(statement, 'code'), ctx.narrative) ?? { text: 'Laboratory report' };
    const time = effective(effectiveTimeOf(statement));
    let status = REPORT_STATUS[statusOf(statement) ?? ''] ?? 'unknown';
    if (statuses.includes('corrected')) status = 'corrected';
    const when = time.period?.start ?? time.dateTime;
    ctx.emit({
      dataClass: 'lab-results', source: statement, location: entryLocation(location, index),
      content: [code.coding ?? code.text, when, ids],
      resource: {
        resourceType: 'DiagnosticReport',
        status,
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] }],
        code,
        ...(time.period?.start && time.period.end && time.period.start !== time.period.end ? { effectivePeriod: time.period } : when ? { effectiveDateTime: when } : {}),
        result: ids.map((id) => ({ reference: `Observation/${id}` })),
      },
    });
  }
}

/** Maps the Vital Signs section: one Observation per reading, systolic and diastolic joined into a BP panel. */
export function mapVitalSigns(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const organizerTime = statement.name === 'organizer' ? effectiveTimeOf(statement) : undefined;
    const mapped = entryObservations(statement)
      .map((o, n) => mapObservation(o, organizerTime, 'vital-signs', `${entryLocation(location, index)}${statement.name === 'organizer' ? `, component ${n + 1}` : ''}`, input))
      .filter((m): m is Mapped => !!m);
    const systolic = mapped.find((m) => m.loinc === SYSTOLIC);
    const diastolic = mapped.find((m) => m.loinc === DIASTOLIC && m.resource.effectiveDateTime === systolic?.resource.effectiveDateTime);
    for (const m of mapped) {
      if (m === systolic && diastolic) continue;
      if (m === diastolic && systolic) continue;
      ctx.emit({ dataClass: 'vital-signs', source: m.source, location: m.where, content: m.content, resource: m.resource });
    }
    if (systolic && diastolic) {
      const component = (m: Mapped) => {
        const { code, valueQuantity, interpretation } = m.resource;
        return { code, ...(valueQuantity ? { valueQuantity } : {}), ...(interpretation ? { interpretation } : {}) };
      };
      ctx.emit({
        dataClass: 'vital-signs',
        // The panel has no C-CDA id of its own; the systolic reading's id, marked, keeps it stable across uploads.
        source: systolic.source,
        sourceSuffix: 'bp-panel',
        location: systolic.where,
        content: ['85354-9', systolic.resource.effectiveDateTime, systolic.content[2], diastolic.content[2]],
        resource: {
          resourceType: 'Observation',
          status: systolic.resource.status,
          category: systolic.resource.category,
          code: { coding: [{ system: SYSTEM.loinc, code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' },
          ...(systolic.resource.effectiveDateTime ? { effectiveDateTime: systolic.resource.effectiveDateTime } : {}),
          component: [component(systolic), component(diastolic)],
        },
      });
    }
  }
}
