/**
 * Immunizations (11369-6) to US Core Immunization. A negated administration (negationInd="true") is a vaccine that
 * was not given, which US Core records as status not-done with the refusal reason, so it is kept, not dropped.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { clean, concept } from '../codes';
import { effective, effectiveTimeOf } from '../dates';
import { type SectionInput, entryLocation, entryStatements, isNegated, quantity, related, statusOf } from './common';

function administrations(statement: XmlElement): XmlElement[] {
  if (statement.name === 'substanceAdministration') return [statement];
  if (statement.name === 'act') return related(statement, 'SUBJ').filter((s) => s.name === 'substanceAdministration');
  return [];
}

/** Maps the Immunizations section's administrations (moodCode EVN; planned ones belong to the plan). */
export function mapImmunizations(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    for (const administration of administrations(statement)) {
      const where = entryLocation(location, index);
      if ((administration.attrs.moodCode ?? 'EVN') !== 'EVN') continue;
      const material = path(administration, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
      const vaccineCode = concept(path(material, 'code'), ctx.narrative) ?? (clean(path(material, 'name')?.text) ? { text: clean(path(material, 'name')?.text)! } : undefined);
      if (!vaccineCode) {
        if (!path(material, 'code')?.attrs.nullFlavor) ctx.warn(`${where}: an immunization without a vaccine code was skipped.`);
        continue;
      }
      const negated = isNegated(administration);
      const status = negated ? 'not-done' : statusOf(administration) === 'nullified' ? 'entered-in-error' : 'completed';
      const time = effective(effectiveTimeOf(administration));
      const occurrence = time.dateTime ?? time.period?.start;
      const refusal = related(administration, 'RSON').map((r) => concept(path(r, 'code'), ctx.narrative) ?? concept(path(r, 'value'), ctx.narrative)).find(Boolean);
      const lot = clean(path(material, 'lotNumberText')?.text);
      const route = concept(path(administration, 'routeCode'), ctx.narrative);
      const dose = quantity(path(administration, 'doseQuantity'));
      ctx.emit({
        dataClass: 'immunizations', source: administration, location: where,
        content: [vaccineCode.coding ?? vaccineCode.text, occurrence, status],
        resource: {
          resourceType: 'Immunization',
          status,
          ...(negated && refusal ? { statusReason: refusal } : {}),
          vaccineCode,
          // occurrence[x] is required; an undated entry says so rather than inventing a date.
          ...(occurrence ? { occurrenceDateTime: occurrence } : { occurrenceString: 'unknown' }),
          primarySource: false,
          ...(lot ? { lotNumber: lot } : {}),
          ...(route ? { route } : {}),
          ...(dose ? { doseQuantity: dose } : {}),
        },
      });
    }
  }
}
