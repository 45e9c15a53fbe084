import type { AuditEvent, AuditEventInput } from '../domain/audit';
import type { DateWindow } from '../domain/record';
import type { Page } from '../domain/schemas';
import type { PageRequest } from './directory';

export interface PracticeAuditFilter {
  actorId?: string;
  patientId?: string;
  /** 'document.' for every document action, or one action. */
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
}

/** A chain's head as a published digest fixed it: anyone holding the digest can check the chain up to there. */
export interface ChainAnchor {
  chain: string;
  /** The digest's period (ISO hour, e.g. 2026-11-22T20) and where it is kept. */
  period: string;
  seq: number;
  hash: string;
  digestKey: string;
  digestSha256: string;
  publishedAt: string;
}

/**
 * Append-only audit log. Each chain is ordered by a sequence number and hash-linked; an implementation must
 * never overwrite an event (two concurrent appends to one chain must both land, one after the other).
 */
export interface AuditLog {
  append(event: AuditEventInput): Promise<AuditEvent>;
  /** Every event of one chain in sequence order (the verifier). */
  readChain(chain: string): Promise<AuditEvent[]>;
  /** The newest event of a chain. */
  head(chain: string): Promise<AuditEvent | undefined>;
  /** Events of the given chains, newest first, merged, optionally within a date window (a Query per chain). */
  listActivity(chains: readonly string[], window: DateWindow | undefined, page: PageRequest): Promise<Page<AuditEvent>>;
  /** A practice's events in a time range (ISO instants), oldest or newest first, optionally narrowed. */
  listPractice(practiceId: string, range: { from?: string; to?: string }, order: 'asc' | 'desc', page: PageRequest, filter?: PracticeAuditFilter): Promise<Page<AuditEvent>>;
  /** The chains that received events in one hour (ISO hour 'YYYY-MM-DDTHH'), for the digest of that hour. */
  changedChains(hour: string): Promise<string[]>;
  /** Every chain there is, a page at a time (the offline verifier). */
  listChains(page: PageRequest): Promise<Page<string>>;
  putAnchor(anchor: ChainAnchor): Promise<void>;
  /** The most recent anchor of a chain, if a digest has fixed it yet. */
  latestAnchor(chain: string): Promise<ChainAnchor | undefined>;
}
