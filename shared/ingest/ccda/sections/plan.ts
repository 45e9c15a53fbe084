/**
 * Plan of Treatment (18776-5), Goals (61146-7), Assessment (51848-0) and Assessment and Plan (51847-2).
 * Goal observations (moodCode GOL) become Goals wherever they appear; the plan becomes one US Core CarePlan
 * (category assess-plan) per section, its narrative as text and its planned entries as activities; a bare
 * Assessment becomes a ClinicalImpression whose summary is the narrative.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { type CodeableConcept, concept } from '../codes';
import { effective, effectiveTimeOf } from '../dates';
import { narrativeToText } from '../narrative';
import { type SectionInput, entryLocation, entryStatements, quantity, statusOf } from './common';

const GOAL_STATUS: Record<string, string> = { active: 'active', completed: 'completed', cancelled: 'cancelled', aborted: 'cancelled', suspended: 'on-hold', new: 'proposed', held: 'on-hold' };
const PLANNED_MOODS = new Set(['INT', 'RQO', 'PRMS', 'PRP', 'ARQ', 'APT']);
const ACTIVITY_KIND: Record<string, string> = { encounter: 'Appointment', procedure: 'ServiceRequest', observation: 'ServiceRequest', act: 'ServiceRequest', substanceAdministration: 'MedicationRequest', supply: 'Task' };
const ACTIVITY_STATUS: Record<string, string> = { active: 'scheduled', completed: 'completed', cancelled: 'cancelled', aborted: 'stopped', new: 'not-started', held: 'on-hold', suspended: 'on-hold' };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** FHIR Narrative (xhtml div) from plain text, one paragraph per line. */
export function xhtml(text: string): { status: 'additional'; div: string } {
  const body = text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return { status: 'additional', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}

function mapGoal(goal: XmlElement, where: string, input: SectionInput): void {
  const { ctx } = input;
  const code = concept(path(goal, 'code'), ctx.narrative);
  const text = ctx.narrative.textOf(goal);
  const description: CodeableConcept | undefined = text ? { ...(code ?? {}), text } : code;
  if (!description) {
    ctx.warn(`${where}: a goal without a code or text was skipped.`);
    return;
  }
  const value = path(goal, 'value');
  const low = quantity(path(value, 'low'));
  const high = quantity(path(value, 'high'));
  const point = quantity(value);
  const detail = low || high ? { detailRange: { ...(low ? { low } : {}), ...(high ? { high } : {}) } } : point ? { detailQuantity: point } : {};
  const time = effective(effectiveTimeOf(goal));
  const start = (time.period?.start ?? time.dateTime)?.slice(0, 10);
  const due = time.period?.end?.slice(0, 10);
  ctx.emit({
    dataClass: 'goals', source: goal, location: where,
    content: [description.coding ?? description.text, start, detail],
    resource: {
      resourceType: 'Goal',
      lifecycleStatus: GOAL_STATUS[statusOf(goal) ?? 'active'] ?? 'active',
      description,
      ...(start ? { startDate: start } : {}),
      ...(code || due ? { target: [{ ...(code ? { measure: code } : {}), ...detail, ...(due ? { dueDate: due } : {}) }] } : {}),
    },
  });
}

/** Goals (section 61146-7, or goal entries in a plan section). */
export function mapGoals(input: SectionInput): void {
  for (const { statement, index } of entryStatements(input.section)) {
    if (statement.name === 'observation' && statement.attrs.moodCode === 'GOL') mapGoal(statement, entryLocation(input.location, index), input);
  }
}

/** Plan of Treatment / Assessment and Plan: Goals for goal entries, one CarePlan for the rest and the narrative. */
export function mapPlan(input: SectionInput): void {
  const { section, ctx, location } = input;
  mapGoals(input);
  const activities: Record<string, unknown>[] = [];
  for (const { statement } of entryStatements(section)) {
    const mood = statement.attrs.moodCode ?? '';
    if (!PLANNED_MOODS.has(mood)) continue;
    const code = concept(path(statement, 'code'), ctx.narrative) ?? (statement.name === 'substanceAdministration' ? concept(path(statement, 'consumable', 'manufacturedProduct', 'manufacturedMaterial', 'code'), ctx.narrative) : undefined);
    const description = ctx.narrative.textOf(statement);
    if (!code && !description) continue;
    const time = effective(effectiveTimeOf(statement));
    activities.push({
      detail: {
        kind: ACTIVITY_KIND[statement.name] ?? 'Task',
        ...(code ? { code } : {}),
        status: ACTIVITY_STATUS[statusOf(statement) ?? 'active'] ?? 'unknown',
        ...(time.period ? { scheduledPeriod: time.period } : time.dateTime ? { scheduledString: time.dateTime } : {}),
        ...(description ? { description } : {}),
      },
    });
  }
  const text = narrativeToText(path(section, 'text'));
  if (!text && !activities.length) return;
  const sectionCode = concept(path(section, 'code'), ctx.narrative);
  ctx.emit({
    dataClass: 'assessment-and-plan', source: section, location,
    content: [sectionCode?.coding, text, activities],
    resource: {
      resourceType: 'CarePlan',
      // US Core requires text; when the sender left the narrative empty, the activities are all there is to say.
      text: xhtml(text || 'Planned care: see activities.'),
      status: 'active',
      intent: 'plan',
      category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan', display: 'Assessment and Plan of Treatment' }] }],
      ...(activities.length ? { activity: activities } : {}),
    },
  });
}

/** Assessment (51848-0): the clinician's narrative assessment as a ClinicalImpression. */
export function mapAssessment(input: SectionInput, date: string | undefined): void {
  const { section, ctx, location } = input;
  const text = narrativeToText(path(section, 'text'));
  if (!text) return;
  ctx.emit({
    dataClass: 'assessment-and-plan', source: section, location,
    content: ['51848-0', text],
    resource: {
      resourceType: 'ClinicalImpression',
      status: 'completed',
      code: { coding: [{ system: 'http://loinc.org', code: '51848-0', display: 'Evaluation note' }], text: 'Assessment' },
      ...(date ? { date } : {}),
      summary: text,
    },
  });
}
