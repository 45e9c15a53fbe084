import type { AuditActor } from '../domain/audit';
import type { Principal } from '../domain/principal';

export function actorOf(principal: Principal): AuditActor {
  return principal.kind === 'staff'
    ? { id: principal.accountId, role: principal.role, practiceId: principal.practiceId }
    : { id: principal.accountId, role: 'patient' };
}
