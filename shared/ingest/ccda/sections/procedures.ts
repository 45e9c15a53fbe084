/**
 * Procedures (47519-4) to US Core Procedure. C-CDA has three procedure activity templates (procedure, observation,
 * act); all describe something done to the patient, so all map to Procedure.
 */
import { path } from '../../xml';
import { concept } from '../codes';
import { effective, effectiveTimeOf } from '../dates';
import { type SectionInput, entityDisplay, entryLocation, entryStatements, isNegated, statusOf } from './common';

const STATUS: Record<string, string> = { completed: 'completed', active: 'in-progress', aborted: 'stopped', cancelled: 'not-done', new: 'preparation', held: 'on-hold', suspended: 'on-hold', nullified: 'entered-in-error' };

/** Maps performed procedures (moodCode EVN); planned ones belong to the plan of treatment. */
export function mapProcedures(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const where = entryLocation(location, index);
    if (!['procedure', 'observation', 'act'].includes(statement.name) || (statement.attrs.moodCode ?? 'EVN') !== 'EVN') continue;
    const code = concept(path(statement, 'code'), ctx.narrative);
    if (!code) {
      if (!path(statement, 'code')?.attrs.nullFlavor) ctx.warn(`${where}: a procedure without a code was skipped.`);
      continue;
    }
    code.text ??= ctx.narrative.textOf(statement);
    const time = effective(effectiveTimeOf(statement));
    const status = isNegated(statement) ? 'not-done' : STATUS[statusOf(statement) ?? ''] ?? 'unknown';
    const performer = entityDisplay(path(statement, 'performer', 'assignedEntity'));
    const site = concept(path(statement, 'targetSiteCode'), ctx.narrative);
    ctx.emit({
      dataClass: 'procedures', source: statement, location: where,
      content: [code.coding ?? code.text, time.dateTime ?? time.period?.start],
      resource: {
        resourceType: 'Procedure',
        status,
        code,
        ...(time.period?.end ? { performedPeriod: time.period } : time.dateTime ? { performedDateTime: time.dateTime } : {}),
        ...(performer ? { performer: [{ actor: { display: performer } }] } : {}),
        ...(site ? { bodySite: [site] } : {}),
      },
    });
  }
}
