/**
 * Care team to US Core CareTeam: the Care Teams section (85847-2) organizers, or, in documents without it, the
 * performers of documentationOf/serviceEvent, which is where C-CDA R1.1 and C32 name the patient's clinicians.
 */
import type { XmlElement } from '../../xml';
import { childrenNamed, path } from '../../xml';
import { concept } from '../codes';
import type { MapContext } from '../context';
import { effective } from '../dates';
import { type SectionInput, entityDisplay, entryLocation, entryStatements, related } from './common';

function participant(performer: XmlElement, ctx: MapContext): Record<string, unknown> | undefined {
  const entity = path(performer, 'assignedEntity');
  const member = entityDisplay(entity);
  if (!member) return undefined;
  const role = concept(path(performer, 'functionCode'), ctx.narrative) ?? concept(path(entity, 'code'), ctx.narrative);
  // US Core requires a role; "unknown" is honest when the sender gives none.
  return { role: [role ?? { text: 'Care team member' }], member: { display: member } };
}

function emitTeam(ctx: MapContext, source: XmlElement, where: string, participants: Record<string, unknown>[], name?: string, period?: { start?: string; end?: string }): void {
  if (!participants.length) return;
  ctx.emit({
    dataClass: 'care-team', source, location: where,
    content: [participants.map((p) => p.member), period?.start],
    resource: {
      resourceType: 'CareTeam',
      status: 'active',
      ...(name ? { name } : {}),
      ...(period ? { period } : {}),
      participant: participants,
    },
  });
}

/** The Care Teams section: one CareTeam per care team organizer. */
export function mapCareTeamSection(input: SectionInput): void {
  const { ctx, location } = input;
  for (const { statement, index } of entryStatements(input.section)) {
    if (statement.name !== 'organizer') continue;
    const performers = [...childrenNamed(statement, 'performer'), ...related(statement).flatMap((m) => childrenNamed(m, 'performer'))];
    const participants = performers.map((p) => participant(p, ctx)).filter((p): p is Record<string, unknown> => !!p);
    const time = effective(path(statement, 'effectiveTime'));
    emitTeam(ctx, statement, entryLocation(location, index), participants, concept(path(statement, 'code'), ctx.narrative)?.text, time.period);
  }
}

/** The serviceEvent performers of the header, as one CareTeam. */
export function mapServiceEventTeam(root: XmlElement, ctx: MapContext): void {
  for (const [i, documentationOf] of childrenNamed(root, 'documentationOf').entries()) {
    const event = path(documentationOf, 'serviceEvent');
    if (!event) continue;
    const participants = childrenNamed(event, 'performer').map((p) => participant(p, ctx)).filter((p): p is Record<string, unknown> => !!p);
    const time = effective(path(event, 'effectiveTime'));
    emitTeam(ctx, event, `header documentationOf ${i + 1}`, participants, undefined, time.period);
  }
}
