/**
 * Encounters (46240-8) to US Core Encounter. The class (ambulatory, inpatient, emergency...) comes from an ActCode
 * translation when the sender gives one, else from the CPT evaluation-and-management range; otherwise it is unknown
 * rather than guessed. Encounter diagnoses become reasonCode, not separate Conditions, because they repeat problems
 * already on the problem list.
 */
import type { XmlElement } from '../../xml';
import { childrenNamed, path } from '../../xml';
import { clean, type CodeableConcept, codeIn, concept, SYSTEM } from '../codes';
import { effective, effectiveTimeOf } from '../dates';
import { type SectionInput, entityDisplay, entryLocation, entryStatements, related, statusOf } from './common';

const ACT_CODE_CLASSES: Record<string, string> = { AMB: 'ambulatory', IMP: 'inpatient encounter', EMER: 'emergency', HH: 'home health', FLD: 'field', VR: 'virtual', ACUTE: 'inpatient acute', NONAC: 'inpatient non-acute', OBSENC: 'observation encounter', PRENC: 'pre-admission', SS: 'short stay' };
const STATUS: Record<string, string> = { completed: 'finished', active: 'in-progress', aborted: 'cancelled', cancelled: 'cancelled', new: 'planned', nullified: 'entered-in-error' };

function encounterClass(element: XmlElement): { system: string; code: string; display?: string } {
  const code = path(element, 'code');
  const act = codeIn(code, SYSTEM.actCode);
  if (act && ACT_CODE_CLASSES[act]) return { system: SYSTEM.actCode, code: act, display: ACT_CODE_CLASSES[act] };
  const cpt = Number(codeIn(code, SYSTEM.cpt));
  if (cpt >= 99201 && cpt <= 99215) return { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' };
  if ((cpt >= 99221 && cpt <= 99239) || (cpt >= 99251 && cpt <= 99255)) return { system: SYSTEM.actCode, code: 'IMP', display: 'inpatient encounter' };
  if (cpt >= 99281 && cpt <= 99285) return { system: SYSTEM.actCode, code: 'EMER', display: 'emergency' };
  if (cpt >= 99341 && cpt <= 99350) return { system: SYSTEM.actCode, code: 'HH', display: 'home health' };
  return { system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK', display: 'unknown' };
}

/** Maps performed encounters (moodCode EVN). */
export function mapEncounters(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const where = entryLocation(location, index);
    if (statement.name !== 'encounter' || (statement.attrs.moodCode ?? 'EVN') !== 'EVN') continue;
    const type = concept(path(statement, 'code'), ctx.narrative) ?? (ctx.narrative.textOf(statement) ? { text: ctx.narrative.textOf(statement)! } : undefined);
    const time = effective(effectiveTimeOf(statement));
    const period = time.period ?? (time.dateTime ? { start: time.dateTime } : undefined);
    const performers = childrenNamed(statement, 'performer').map((p) => entityDisplay(path(p, 'assignedEntity'))).filter((d): d is string => !!d);
    const locations = childrenNamed(statement, 'participant').filter((p) => p.attrs.typeCode === 'LOC')
      .map((p) => clean(path(p, 'participantRole', 'playingEntity', 'name')?.text)).filter((d): d is string => !!d);
    // Diagnoses (4.80 act -> problem observation) and indications (RSON observation) both say why the visit happened.
    const reasons: CodeableConcept[] = [];
    for (const rel of related(statement)) {
      const observations = rel.name === 'act' ? related(rel, 'SUBJ') : [rel];
      for (const o of observations) {
        const c = o.name === 'observation' ? concept(path(o, 'value'), ctx.narrative) : undefined;
        if (c) reasons.push(c);
      }
    }
    if (!type && !period) {
      ctx.warn(`${where}: an encounter with neither a type nor a date was skipped.`);
      continue;
    }
    ctx.emit({
      dataClass: 'encounters', source: statement, location: where,
      content: [type?.coding ?? type?.text, period?.start],
      resource: {
        resourceType: 'Encounter',
        status: STATUS[statusOf(statement) ?? 'completed'] ?? 'unknown',
        class: encounterClass(statement),
        ...(type ? { type: [type] } : {}),
        ...(period ? { period } : {}),
        ...(performers.length ? { participant: performers.map((display) => ({ individual: { display } })) } : {}),
        ...(reasons.length ? { reasonCode: reasons } : {}),
        ...(locations.length ? { location: locations.map((display) => ({ location: { display } })) } : {}),
      },
    });
  }
}
