import type { AuditEvent, AuditEventInput } from '../domain/audit';

/**
 * Append-only audit log. Each chain is ordered by a sequence number and hash-linked; an implementation must
 * never overwrite an event (two concurrent appends to one chain must both land, one after the other).
 */
export interface AuditLog {
  append(event: AuditEventInput): Promise<AuditEvent>;
  /** Every event of one chain in sequence order (used by the verifier and, later, the activity page). */
  readChain(chain: string): Promise<AuditEvent[]>;
}
