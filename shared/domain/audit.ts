import { createHash } from 'node:crypto';
import type { Role } from './schemas';

/** What was done. Dotted names, area first; later issues add their own. */
export type AuditAction =
  | 'auth.sign-in'
  | 'auth.mfa'
  | 'auth.sign-up'
  | 'auth.mfa-enrol'
  | 'account.read'
  | 'account.link'
  | 'patient.register'
  | 'patient.list'
  | 'patient.read'
  | 'invitation.issue'
  | 'document.list'
  | 'document.upload-start'
  | 'document.create'
  | 'document.download'
  | 'record.read'
  | 'record.export'
  | 'correction.request'
  | 'correction.list'
  | 'correction.read'
  | 'correction.withdraw'
  | 'correction.disagree'
  | 'correction.extend'
  | 'correction.accept'
  | 'correction.deny'
  | 'correction.rebut'
  | 'transmission.create'
  | 'transmission.list'
  | 'transmission.read'
  | 'transmission.revoke'
  | 'transmission.open'
  | 'transmission.download'
  | 'transmission.confirm'
  | 'audit.read'
  | 'audit.verify'
  | 'audit.export'
  | 'audit.disclosures'
  | 'audit.report';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditActor {
  /** Cognito sub, or 'anonymous' before sign-in. */
  id: string;
  /** 'recipient': a third party holding a transmission's link (id recipient:<transmissionId>). */
  role: Role | 'anonymous' | 'system' | 'recipient';
  practiceId?: string;
  /** Who that is, for people reading the history: a staff member's e-mail, a recipient's name. Never a patient's. */
  label?: string;
}

/** What a use case reports. The log adds the chain, sequence, time and hashes. */
export interface AuditEventInput {
  actor: AuditActor;
  action: AuditAction;
  outcome: AuditOutcome;
  /** The practice-registered patient concerned, if any: decides the chain. */
  patientId?: string;
  /** The account concerned when it is not the actor's own (a failed sign-in to it): its chain holds the event. */
  accountId?: string;
  /** A short human account of what was done, for the activity page (e.g. a transmission's addressee). */
  detail?: string;
  /** Practice concerned (indexed for the practice's audit report). */
  practiceId?: string;
  resource?: { type: string; id: string };
  /** Short machine reason for denied/failed outcomes (an error code, never PHI). */
  reason?: string;
  requestId?: string;
  /** Source IP, for failed sign-ins and refused requests. */
  sourceIp?: string;
}

export interface AuditEvent extends AuditEventInput {
  eventId: string;
  chain: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Which chain an event belongs to: the patient's own when it concerns a patient (so a patient's history can be
 * proven complete), else the acting account's, else the practice's.
 */
export function chainOf(event: AuditEventInput): string {
  if (event.patientId) return `PATIENT#${event.patientId}`;
  if (event.accountId) return `ACCOUNT#${event.accountId}`;
  if (event.actor.id !== 'anonymous' && event.actor.id !== 'system') return `ACCOUNT#${event.actor.id}`;
  if (event.practiceId) return `PRACTICE#${event.practiceId}`;
  return 'SYSTEM';
}

/** JSON with sorted keys and no undefined values, so that the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = SHA-256(prevHash || canonical event without its hash). */
export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(event.prevHash).update(canonicalJson(event)).digest('hex');
}

export type ChainProblem =
  | { kind: 'changed'; seq: number }
  | { kind: 'missing'; seq: number }
  | { kind: 'broken-link'; seq: number };

/** Walks one chain in sequence order and reports every event whose content, position or link is wrong. */
export function verifyChain(events: readonly AuditEvent[]): { ok: boolean; count: number; head?: string; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    while (event.seq > expectedSeq) problems.push({ kind: 'missing', seq: expectedSeq++ });
    const { hash, ...rest } = event;
    if (hashEvent(rest) !== hash) problems.push({ kind: 'changed', seq: event.seq });
    if (event.prevHash !== prevHash) problems.push({ kind: 'broken-link', seq: event.seq });
    prevHash = hash;
    expectedSeq = event.seq + 1;
  }
  return { ok: problems.length === 0, count: events.length, head: events.at(-1)?.hash, problems };
}
