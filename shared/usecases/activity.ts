/**
 * Who saw my records (ONC 170.315(e)(1) activity history, (d)(2)/(d)(3)/(d)(10)/(d)(11), HIPAA 164.528): the
 * patient's activity from their own hash chains, the accounting of disclosures, the proof that the history is
 * complete, and the practice's audit report. Everything is read by key or index from the audit table.
 */
import { verifyChain, type AuditAction, type AuditEvent } from '../domain/audit';
import type { Principal } from '../domain/principal';
import { requirePatient, requireStaff } from '../domain/principal';
import type { ActivityEventView, ActivityKind, ActivityQuery, ChainVerification, DisclosureView, Page, PracticeAuditQuery, PracticeAuditRow } from '../domain/schemas';
import { ValidationError } from '../errors';
import type { Disclosure } from '../ports/transmission-store';
import type { Deps, RequestContext } from './deps';
import { storeForDownload } from './exports';
import { actorOf, patientScope } from './scope';

const SIX_YEARS_MS = 6 * 365.25 * 86_400_000;
const MAX_EXPORT_ROWS = 100_000;

/** Which kind of activity an action is, for the patient's filter. */
export const ACTIVITY_KINDS: Record<ActivityKind, readonly string[]> = {
  view: ['record.read', 'document.list', 'patient.read', 'patient.list', 'account.read', 'correction.read', 'correction.list', 'transmission.read', 'transmission.list', 'audit.read', 'audit.verify', 'audit.disclosures', 'audit.report'],
  download: ['document.download', 'record.export', 'transmission.download', 'audit.export'],
  upload: ['document.upload-start', 'document.create'],
  transmission: ['transmission.create', 'transmission.revoke', 'transmission.open', 'transmission.confirm'],
  correction: ['correction.request', 'correction.withdraw', 'correction.disagree', 'correction.extend', 'correction.accept', 'correction.deny', 'correction.rebut'],
  'sign-in': ['auth.sign-in', 'auth.mfa', 'auth.sign-up', 'auth.mfa-enrol'],
  account: ['account.link', 'patient.register', 'invitation.issue'],
};

export function kindOf(action: string): ActivityKind {
  for (const [kind, actions] of Object.entries(ACTIVITY_KINDS)) if (actions.includes(action)) return kind as ActivityKind;
  return 'view';
}

/** What happened, in the patient's words. */
const SUMMARIES: Partial<Record<AuditAction, string>> = {
  'auth.sign-in': 'Signed in',
  'auth.mfa': 'Signed in with a one-time code',
  'auth.sign-up': 'Created the account',
  'auth.mfa-enrol': 'Set up two-step sign-in',
  'account.read': 'Opened the account',
  'account.link': 'Linked the account to a practice',
  'patient.register': 'Registered you as a patient',
  'patient.list': 'Listed patients',
  'patient.read': 'Opened your patient record',
  'invitation.issue': 'Issued an invitation code',
  'document.list': 'Listed your documents',
  'document.upload-start': 'Started uploading a document',
  'document.create': 'Added a document to your record',
  'document.download': 'Downloaded a document',
  'record.read': 'Viewed part of your record',
  'record.export': 'Downloaded a copy of your record',
  'correction.request': 'Asked for a correction',
  'correction.list': 'Listed correction requests',
  'correction.read': 'Opened a correction request',
  'correction.withdraw': 'Withdrew a correction request',
  'correction.disagree': 'Filed a statement of disagreement',
  'correction.extend': 'Extended the deadline of a correction request',
  'correction.accept': 'Accepted a correction',
  'correction.deny': 'Denied a correction',
  'correction.rebut': 'Wrote a rebuttal',
  'transmission.create': 'Sent a copy of your records',
  'transmission.list': 'Listed copies sent',
  'transmission.read': 'Opened a sent copy',
  'transmission.revoke': 'Revoked a sent copy',
  'transmission.open': 'Opened the link to a sent copy',
  'transmission.download': 'Downloaded a file of a sent copy',
  'transmission.confirm': 'Confirmed receipt of a sent copy',
  'audit.read': 'Looked at this activity history',
  'audit.verify': 'Checked that this history is complete',
  'audit.export': 'Downloaded this activity history',
  'audit.disclosures': 'Looked at the accounting of disclosures',
  'audit.report': 'Ran an audit report',
};

const RECORD_PARTS: Record<string, string> = { 'lab-results': 'lab results', 'vital-signs': 'vital signs', 'clinical-notes': 'clinical notes', 'care-team': 'care team', 'health-concerns': 'health concerns', 'assessment-and-plan': 'assessment and plan' };

function summaryOf(event: AuditEvent): string {
  const base = SUMMARIES[event.action] ?? event.action;
  if (event.action === 'record.read' && event.resource?.id) return `Viewed your ${RECORD_PARTS[event.resource.id] ?? event.resource.id}`;
  if (event.action === 'record.export' && event.resource?.id) return `Downloaded a copy of your record (${event.resource.id.toUpperCase()})`;
  if (event.outcome === 'denied') return `${base} — refused`;
  if (event.outcome === 'failure') return `${base} — failed`;
  return base;
}

function whoOf(event: AuditEvent, ownAccountId: string | undefined, practiceName: (id: string) => string): string {
  const { actor } = event;
  if (ownAccountId && actor.id === ownAccountId) return 'You';
  switch (actor.role) {
    case 'staff':
    case 'admin':
      return `${actor.label ?? 'A staff member'}${actor.practiceId ? `, ${practiceName(actor.practiceId)}` : ''}`;
    case 'recipient':
      return `${actor.label ?? 'The recipient'} (recipient of a copy you sent)`;
    case 'anonymous':
      return event.action.startsWith('auth.') ? 'Someone signing in to your account' : 'Someone without an account';
    case 'system':
      return 'The portal';
    default:
      return 'Another account';
  }
}

function activityView(event: AuditEvent, ownAccountId: string | undefined, practiceName: (id: string) => string): ActivityEventView {
  return {
    eventId: event.eventId,
    at: event.at,
    action: event.action,
    kind: kindOf(event.action),
    summary: summaryOf(event),
    outcome: event.outcome,
    who: whoOf(event, ownAccountId, practiceName),
    ...(event.practiceId ? { practiceName: practiceName(event.practiceId) } : {}),
    ...(event.detail ? { detail: event.detail } : {}),
    chain: event.chain,
    seq: event.seq,
    hash: event.hash,
  };
}

/** The patient's chains: one per linked registration, and their own account's (sign-ins). */
async function myChains(deps: Deps, principal: Principal) {
  const patient = requirePatient(principal);
  const scope = await patientScope(deps, principal);
  const chains = [...scope.registrations.map((r) => ({ chain: `PATIENT#${r.patientId}`, label: `Your record at ${r.practiceName}` })), { chain: `ACCOUNT#${patient.accountId}`, label: 'Your account' }];
  return { patient, scope, chains };
}

export async function listMyActivity(deps: Deps, principal: Principal, query: ActivityQuery, ctx: RequestContext): Promise<Page<ActivityEventView>> {
  const { patient, scope, chains } = await myChains(deps, principal);
  // Reading the history is itself recorded, after the read: the page shows what happened before it was opened.
  const page = await deps.audit.listActivity(chains.map((c) => c.chain), { from: query.from, to: query.to }, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  const kinds = query.kind ? new Set(ACTIVITY_KINDS[query.kind]) : undefined;
  await deps.audit.append({ actor: actorOf(principal), action: 'audit.read', outcome: 'success', accountId: patient.accountId, resource: { type: 'activity', id: patient.accountId }, requestId: ctx.requestId });
  return {
    items: page.items.filter((e) => !kinds || kinds.has(e.action)).map((e) => activityView(e, patient.accountId, scope.practiceName)),
    nextCursor: page.nextCursor,
  };
}

/**
 * The proof the history is complete: each chain recomputed from its first event, and compared with the latest
 * published digest that fixed its head (if one has been published yet).
 */
export async function verifyMyActivity(deps: Deps, principal: Principal, ctx: RequestContext): Promise<{ ok: boolean; checkedAt: string; chains: ChainVerification[] }> {
  const { patient, chains } = await myChains(deps, principal);
  const results = await Promise.all(
    chains.map(async ({ chain, label }): Promise<ChainVerification> => {
      const events = await deps.audit.readChain(chain);
      const verified = verifyChain(events);
      const anchor = await deps.audit.latestAnchor(chain);
      const anchored = anchor ? events.find((e) => e.seq === anchor.seq) : undefined;
      return {
        chain,
        label,
        events: verified.count,
        ok: verified.ok && (!anchor || anchored?.hash === anchor.hash),
        problems: verified.problems,
        ...(verified.head ? { head: { seq: events.at(-1)!.seq, hash: verified.head } } : {}),
        ...(anchor ? { anchor: { period: anchor.period, seq: anchor.seq, hash: anchor.hash, digestKey: anchor.digestKey, digestSha256: anchor.digestSha256, publishedAt: anchor.publishedAt, matches: anchored?.hash === anchor.hash } } : {}),
      };
    }),
  );
  await deps.audit.append({ actor: actorOf(principal), action: 'audit.verify', outcome: 'success', accountId: patient.accountId, resource: { type: 'activity', id: patient.accountId }, requestId: ctx.requestId });
  return { ok: results.every((r) => r.ok), checkedAt: deps.clock.now().toISOString(), chains: results };
}

/** Every event of the patient's chains as JSON, to keep and re-check offline against a published digest. */
export async function exportMyActivity(deps: Deps, principal: Principal, ctx: RequestContext) {
  const { patient, chains } = await myChains(deps, principal);
  const exported = await Promise.all(chains.map(async ({ chain, label }) => ({ chain, label, events: await deps.audit.readChain(chain) })));
  const bytes = new TextEncoder().encode(JSON.stringify({ exportedAt: deps.clock.now().toISOString(), chains: exported }, null, 2));
  const link = await storeForDownload(deps, patient.accountId, `activity-${deps.clock.now().toISOString().slice(0, 10)}.json`, bytes, 'application/json');
  await deps.audit.append({ actor: actorOf(principal), action: 'audit.export', outcome: 'success', accountId: patient.accountId, resource: { type: 'activity', id: 'json' }, requestId: ctx.requestId });
  return link;
}


// ---- accounting of disclosures (HIPAA 164.528) ----

async function allDisclosures(deps: Deps, patientIds: string[]): Promise<Disclosure[]> {
  const since = new Date(deps.clock.now().getTime() - SIX_YEARS_MS).toISOString();
  const out: Disclosure[] = [];
  let cursor: string | undefined;
  if (!patientIds.length) return out;
  do {
    const page = await deps.transmissions.listDisclosures(patientIds, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items.filter((d) => d.at >= since));
    cursor = page.items.some((d) => d.at < since) ? undefined : page.nextCursor;
  } while (cursor);
  return out;
}

function disclosureView(d: Disclosure, practiceName: string): DisclosureView {
  return { at: d.at, practiceName, recipient: d.recipient, description: d.description, purpose: d.purpose, transmissionId: d.transmissionId };
}

export async function listMyDisclosures(deps: Deps, principal: Principal, ctx: RequestContext): Promise<{ since: string; items: DisclosureView[] }> {
  const scope = await patientScope(deps, principal);
  const items = (await allDisclosures(deps, scope.patientIds)).map((d) => disclosureView(d, scope.practiceName(d.practiceId)));
  await scope.audit('audit.disclosures', ctx);
  return { since: new Date(deps.clock.now().getTime() - SIX_YEARS_MS).toISOString(), items };
}

/** A CSV cell: quoted, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
const csv = (rows: Array<Array<string | number | undefined>>) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

export async function exportMyDisclosures(deps: Deps, principal: Principal, format: 'csv' | 'pdf', ctx: RequestContext) {
  const patient = requirePatient(principal);
  const { since, items } = await listMyDisclosures(deps, principal, ctx);
  const day = deps.clock.now().toISOString().slice(0, 10);
  let bytes: Uint8Array;
  if (format === 'csv') {
    bytes = new TextEncoder().encode(
      csv([['Date', 'Practice', 'Recipient', 'Organisation', 'Address', 'What was disclosed', 'Purpose'], ...items.map((d) => [d.at, d.practiceName, d.recipient.name, d.recipient.organisation, d.recipient.address, d.description, d.purpose])]),
    );
  } else {
    const { buildDisclosuresPdf } = await import('../exports/disclosures-pdf');
    bytes = await buildDisclosuresPdf({ generatedAt: deps.clock.now().toISOString(), since, items });
  }
  return storeForDownload(deps, patient.accountId, `accounting-of-disclosures-${day}.${format}`, bytes, format === 'csv' ? 'text/csv' : 'application/pdf');
}

// ---- the practice's audit report (ONC (d)(3)) ----

function rowOf(e: AuditEvent): PracticeAuditRow {
  return {
    eventId: e.eventId,
    at: e.at,
    action: e.action,
    outcome: e.outcome,
    actorId: e.actor.id,
    actorRole: e.actor.role,
    ...(e.actor.label ? { actorLabel: e.actor.label } : {}),
    ...(e.patientId ? { patientId: e.patientId } : {}),
    ...(e.resource ? { resource: `${e.resource.type}/${e.resource.id}` } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
  };
}

const rangeOf = (q: Pick<PracticeAuditQuery, 'from' | 'to'>) => ({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
const filterOf = (q: PracticeAuditQuery) => ({
  ...(q.actorId ? { actorId: q.actorId } : {}),
  ...(q.patientId ? { patientId: q.patientId } : {}),
  ...(q.action ? { action: q.action } : {}),
  ...(q.outcome ? { outcome: q.outcome } : {}),
});

/** Practice admins: the practice's events in a time range, by user, patient, action or outcome, in time order. */
export async function practiceAuditReport(deps: Deps, principal: Principal, query: PracticeAuditQuery, ctx: RequestContext): Promise<Page<PracticeAuditRow>> {
  const admin = requireStaff(principal, 'admin');
  const page = await deps.audit.listPractice(admin.practiceId, rangeOf(query), query.order, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, filterOf(query));
  await deps.audit.append({ actor: actorOf(principal), action: 'audit.report', outcome: 'success', practiceId: admin.practiceId, requestId: ctx.requestId });
  return { items: page.items.map(rowOf), nextCursor: page.nextCursor };
}

export async function exportPracticeAudit(deps: Deps, principal: Principal, query: PracticeAuditQuery, ctx: RequestContext) {
  const admin = requireStaff(principal, 'admin');
  const rows: PracticeAuditRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.listPractice(admin.practiceId, rangeOf(query), query.order, { limit: 1000, ...(cursor ? { cursor } : {}) }, filterOf(query));
    rows.push(...page.items.map(rowOf));
    cursor = page.nextCursor;
    if (rows.length > MAX_EXPORT_ROWS) throw new ValidationError(`More than ${MAX_EXPORT_ROWS} events match: choose a shorter time range.`);
  } while (cursor);
  const bytes = new TextEncoder().encode(
    csv([
      ['Time (UTC)', 'Action', 'Outcome', 'User id', 'User', 'Role', 'Patient id', 'Resource', 'Reason', 'Source IP', 'Detail', 'Event id'],
      ...rows.map((r) => [r.at, r.action, r.outcome, r.actorId, r.actorLabel, r.actorRole, r.patientId, r.resource, r.reason, r.sourceIp, r.detail, r.eventId]),
    ]),
  );
  await deps.audit.append({ actor: actorOf(principal), action: 'audit.report', outcome: 'success', practiceId: admin.practiceId, resource: { type: 'audit-export', id: 'csv' }, requestId: ctx.requestId });
  return storeForDownload(deps, admin.accountId, `audit-report-${deps.clock.now().toISOString().slice(0, 10)}.csv`, bytes, 'text/csv');
}
