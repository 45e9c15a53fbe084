import type { AuditAction, AuditActor } from '../domain/audit';
import type { AccountLinkRecord } from '../domain/entities';
import { requirePatient, type Principal } from '../domain/principal';
import type { AccountLink } from '../domain/schemas';
import { NotFoundError } from '../errors';
import type { Deps, RequestContext } from './deps';

export function actorOf(principal: Principal): AuditActor {
  return principal.kind === 'staff'
    ? { id: principal.accountId, role: principal.role, practiceId: principal.practiceId, label: principal.email }
    : { id: principal.accountId, role: 'patient' };
}

export async function withPracticeNames(deps: Deps, links: AccountLinkRecord[]): Promise<AccountLink[]> {
  const practices = new Map<string, string>();
  await Promise.all(
    [...new Set(links.map((l) => l.practiceId))].map(async (id) => practices.set(id, (await deps.directory.getPractice(id))?.name ?? 'Unknown practice')),
  );
  return links.map((l) => ({ practiceId: l.practiceId, practiceName: practices.get(l.practiceId)!, patientId: l.patientId, linkedAt: l.linkedAt }));
}

/** What a signed-in patient may read: the registrations linked to their account, nothing else. */
export interface PatientScope {
  patientIds: string[];
  /** Each registration in scope with its practice's name. */
  registrations: { patientId: string; practiceId: string; practiceName: string }[];
  practiceName(practiceId: string): string;
  /** One audit event per registration read, in each registration's own chain. */
  audit(action: AuditAction, ctx: RequestContext, resource?: { type: string; id: string }): Promise<void>;
  /** The same scope narrowed to one linked practice (404 when the account is not linked to it). */
  onlyPractice(practiceId: string | undefined): PatientScope;
}

/**
 * The scope every patient read starts from (deny by default: a use case that reads patient data for a patient
 * gets its ids from here, never from the request).
 */
export async function patientScope(deps: Deps, principal: Principal): Promise<PatientScope> {
  const patient = requirePatient(principal);
  const links = await withPracticeNames(deps, await deps.directory.listAccountLinks(patient.accountId));
  const names = new Map(links.map((l) => [l.practiceId, l.practiceName]));
  const scopeOf = (selected: AccountLink[]): PatientScope => ({
    patientIds: selected.map((l) => l.patientId),
    registrations: selected.map((l) => ({ patientId: l.patientId, practiceId: l.practiceId, practiceName: l.practiceName })),
    practiceName: (practiceId) => names.get(practiceId) ?? 'Unknown practice',
    audit: async (action, ctx, resource) => {
      await Promise.all(
        selected.map((l) =>
          deps.audit.append({ actor: actorOf(principal), action, outcome: 'success', patientId: l.patientId, practiceId: l.practiceId, ...(resource ? { resource } : {}), requestId: ctx.requestId }),
        ),
      );
    },
    onlyPractice: (practiceId) => {
      if (practiceId === undefined) return scopeOf(selected);
      const narrowed = selected.filter((l) => l.practiceId === practiceId);
      if (!narrowed.length) throw new NotFoundError('Your account is not linked to this practice.');
      return scopeOf(narrowed);
    },
  });
  return scopeOf(links);
}
