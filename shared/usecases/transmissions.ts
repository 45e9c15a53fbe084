/**
 * Send a copy (HIPAA 164.524(c)(3)(ii), ONC 170.315(e)(1) transmit). The patient signs a directive naming the
 * recipient; the package is assembled once in storage (KMS-encrypted bucket) with a manifest of SHA-256 hashes,
 * including the correction requests that travel with the record; the recipient gets a link by e-mail, and for the
 * encrypted method also needs an access code the patient passes on separately. Every transmission is an entry in
 * the accounting of disclosures of each registration it draws on.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { zipSync } from 'fflate';
import type { AuditAction } from '../domain/audit';
import type { DocumentRecord } from '../domain/entities';
import type { Principal } from '../domain/principal';
import { requirePatient, requireStaff } from '../domain/principal';
import { normalizeInvitationCode, type CreateTransmissionInput, type Page, type PageQuery, type RecipientOpened, type RecipientPackage, type TransmissionView } from '../domain/schemas';
import {
  describeSelection,
  MAX_CODE_FAILURES,
  newTransmissionId,
  RECIPIENT_SESSION_SECONDS,
  statusOf,
  type ManifestEntry,
  type Selection,
  type Transmission,
  type TransmissionEvent,
  type TransmissionStatus,
} from '../domain/transmissions';
import { DomainError, GoneError, NotFoundError, ValidationError } from '../errors';
import { DATA_CLASSES } from '../domain/schemas';
import { FhirPushRefused } from '../ports/fhir-pusher';
import type { Disclosure } from '../ports/transmission-store';
import { transmissionNotice } from '../notifications/templates';
import type { Deps, RequestContext } from './deps';
import { buildExport, gatherRecord } from './exports';
import { randomCrockford } from './invitations';
import { readAll } from './paging';
import { CORRECTIONS_HEADING, correctionText, toExportCorrection, type ExportCorrection } from '../exports/model';
import { actorOf, patientScope } from './scope';

const GET_URL_SECONDS = 5 * 60;
const CODE_LENGTH = 10;
/** The archive is built in memory: only packages up to this size get one (the files are always there one by one). */
const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const MAX_ORIGINALS = 200;
/** A creation that has not finished after this long failed part-way: a retry with its key may start over. */
const STALE_CLAIM_MS = 2 * 60 * 1000;
/** The request hash of a claim whose creation failed before anything was stored: the key may be used again. */
const FAILED = 'failed';

const FILES = {
  pdf: { name: 'health-record.pdf', contentType: 'application/pdf' },
  fhir: { name: 'health-record.fhir.json', contentType: 'application/fhir+json' },
  ccda: { name: 'health-record.ccd.xml', contentType: 'application/xml' },
} as const;

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const hashCode = (salt: string, code: string) => sha256(`transmission-code:${salt}:${code}`);

const formatCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** The registrations' address for the accounting: the e-mail, and the Direct address or FHIR server if given. */
function recipientAddress(t: Pick<Transmission, 'recipient'>): string {
  return [t.recipient.email, t.recipient.directAddress && `Direct: ${t.recipient.directAddress}`, t.recipient.fhirServerUrl && `FHIR: ${t.recipient.fhirServerUrl}`].filter(Boolean).join('; ');
}

export function transmissionView(t: Transmission, now: Date, accessCode?: string): TransmissionView {
  return {
    transmissionId: t.transmissionId,
    recipient: t.recipient,
    description: describeSelection(t.selection, t.formats),
    formats: t.formats,
    purpose: t.purpose,
    delivery: t.delivery,
    status: statusOf(t, now),
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    maxDownloads: t.maxDownloads,
    downloadsUsed: t.downloadsUsed,
    signature: { typedName: t.signature.typedName, signedAt: t.signature.signedAt },
    manifest: t.manifest,
    ...(t.archive ? { archive: t.archive } : {}),
    itemCount: t.itemCount,
    events: t.events,
    ...(t.confirmedAt ? { confirmedAt: t.confirmedAt } : {}),
    ...(t.revokedAt ? { revokedAt: t.revokedAt } : {}),
    ...(accessCode ? { accessCode: formatCode(accessCode) } : {}),
  };
}

/** Who received it, as the patient's activity page and the practice's report name them. */
const addressee = (t: Pick<Transmission, 'recipient'>) => `${t.recipient.name}${t.recipient.organisation ? `, ${t.recipient.organisation}` : ''} <${t.recipient.email}>`;

async function auditEach(deps: Deps, t: Pick<Transmission, 'registrations' | 'transmissionId' | 'recipient'>, action: AuditAction, actor: Parameters<Deps['audit']['append']>[0]['actor'], ctx: RequestContext, outcome: 'success' | 'denied' = 'success', reason?: string) {
  await Promise.all(
    t.registrations.map((r) =>
      deps.audit.append({
        actor,
        action,
        outcome,
        patientId: r.patientId,
        practiceId: r.practiceId,
        resource: { type: 'transmission', id: t.transmissionId },
        detail: `To ${addressee(t)}`,
        requestId: ctx.requestId,
        ...(reason ? { reason, sourceIp: ctx.sourceIp } : {}),
      }),
    ),
  );
}

// ---- the patient ----

/** Every current document a selection of the record sends as originals (dated within its range, if it has one). */
async function originalsFor(deps: Deps, patientIds: string[], selection: Exclude<Selection, { kind: 'documents' }>): Promise<DocumentRecord[]> {
  const window = selection.kind === 'everything' ? undefined : { from: selection.from, to: selection.to };
  const documents: DocumentRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.documents.listForPatients(patientIds, { limit: 100, ...(cursor ? { cursor } : {}) }, window);
    documents.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && documents.length < MAX_ORIGINALS);
  return documents.slice(0, MAX_ORIGINALS);
}

/** A file name safe in a zip and a Content-Disposition, keeping the uploader's name readable. */
function safeName(index: number, filename: string | undefined, fallback: string): string {
  const base = (filename ?? fallback).normalize('NFKC').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'document';
  return `originals/${String(index + 1).padStart(3, '0')}-${base}`;
}

/** The correction requests of the scope that pass `keep`, as the plain text the exports use; '' when none. */
async function correctionsText(deps: Deps, scope: { patientIds: string[]; registrations: Array<{ patientId: string; practiceName: string }> }, keep: (c: ExportCorrection) => boolean): Promise<string> {
  const names = new Map(scope.registrations.map((r) => [r.patientId, r.practiceName]));
  const kept = (await readAll((page) => deps.corrections.listForPatients(scope.patientIds, page)))
    .map((r) => toExportCorrection(r, names.get(r.patientId) ?? 'Unknown practice'))
    .filter((c): c is ExportCorrection => !!c && keep(c));
  if (!kept.length) return '';
  kept.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return [`${CORRECTIONS_HEADING}\n${'='.repeat(CORRECTIONS_HEADING.length)}`, ...kept.map(correctionText)].join('\n\n');
}

interface Assembled {
  manifest: ManifestEntry[];
  archive?: ManifestEntry;
  itemCount: number;
  fhirBundle?: Uint8Array;
}

/** Builds every file of the package under its prefix, the manifest and (when small enough) one zip of them all. */
async function assemble(
  deps: Deps,
  t: Pick<Transmission, 'transmissionId' | 'selection' | 'formats' | 'createdAt'>,
  scope: { patientIds: string[]; registrations: Array<{ patientId: string; practiceId: string; practiceName: string }> },
  prefix: string,
  /** The chosen documents, already read and checked by the caller (a `documents` selection). */
  chosen: readonly DocumentRecord[] | undefined,
): Promise<Assembled> {
  const files: Array<{ entry: ManifestEntry; bytes?: Uint8Array; documentId?: string }> = [];
  const { selection } = t;
  const structured = t.formats.filter((f): f is 'pdf' | 'fhir' | 'ccda' => f !== 'originals');
  let itemCount = 0;
  let fhirBundle: Uint8Array | undefined;
  if (structured.length && selection.kind !== 'documents') {
    const window = selection.kind === 'everything' ? {} : { from: selection.from, to: selection.to };
    const classes = selection.kind === 'classes' ? selection.dataClasses : DATA_CLASSES;
    const record = await gatherRecord(deps, scope, window, classes);
    itemCount = record.items.length;
    for (const format of structured) {
      const bytes = await buildExport(format, { generatedAt: t.createdAt, ...record });
      const { name, contentType } = FILES[format];
      await deps.blobs.put(`${prefix}${name}`, bytes, contentType);
      files.push({ entry: { name, contentType, size: bytes.byteLength, sha256: sha256(bytes) }, bytes });
      if (format === 'fhir') fhirBundle = bytes;
    }
  }
  if (t.formats.includes('originals')) {
    const documents = selection.kind === 'documents' ? (chosen ?? []) : await originalsFor(deps, scope.patientIds, selection);
    for (const [i, d] of documents.entries()) {
      const name = safeName(i, d.filename, d.documentId);
      await deps.blobs.copy(d.objectKey, `${prefix}${name}`, d.contentType);
      // The original's hash was verified when it was accepted; the copy is byte-for-byte the same object.
      files.push({ entry: { name, contentType: d.contentType, size: d.size, sha256: d.sha256 }, documentId: d.documentId });
    }
  }
  if (!files.length) throw new ValidationError('Nothing to send: the selection holds no records in the chosen formats.');
  // The generated formats carry the correction requests that travel with the record; a package of originals only
  // carries those about its documents (and the general ones) in a file of its own.
  if (!structured.length || selection.kind === 'documents') {
    const sent = new Set(files.map((f) => f.documentId).filter((id): id is string => !!id));
    const text = await correctionsText(deps, scope, (c) => c.target.kind === 'general' || (c.target.kind === 'document' && sent.has(c.target.documentId)));
    if (text) {
      const bytes = new TextEncoder().encode(text);
      const name = 'corrections-and-amendments.txt';
      await deps.blobs.put(`${prefix}${name}`, bytes, 'text/plain; charset=utf-8');
      files.push({ entry: { name, contentType: 'text/plain; charset=utf-8', size: bytes.byteLength, sha256: sha256(bytes) }, bytes });
    }
  }
  const manifest = files.map((f) => f.entry);
  const manifestBytes = new TextEncoder().encode(JSON.stringify({ transmissionId: t.transmissionId, createdAt: t.createdAt, files: manifest }, null, 2));
  await deps.blobs.put(`${prefix}manifest.json`, manifestBytes, 'application/json');
  manifest.push({ name: 'manifest.json', contentType: 'application/json', size: manifestBytes.byteLength, sha256: sha256(manifestBytes) });

  let archive: ManifestEntry | undefined;
  const total = manifest.reduce((n, f) => n + f.size, 0);
  if (total <= MAX_ARCHIVE_BYTES) {
    const entries: Record<string, Uint8Array> = { 'manifest.json': manifestBytes };
    for (const f of files) entries[f.entry.name] = f.bytes ?? (await deps.blobs.read(`${prefix}${f.entry.name}`, MAX_ARCHIVE_BYTES)).bytes!;
    const zip = zipSync(entries, { level: 6, mtime: new Date(t.createdAt) });
    await deps.blobs.put(`${prefix}health-records.zip`, zip, 'application/zip');
    archive = { name: 'health-records.zip', contentType: 'application/zip', size: zip.byteLength, sha256: sha256(zip) };
  }
  return { manifest, ...(archive ? { archive } : {}), itemCount, ...(fhirBundle ? { fhirBundle } : {}) };
}

/**
 * Creates a transmission once per idempotency key: a retry with the same key and request answers the same
 * transmission (and access code); the same key with a different request is refused.
 */
export async function createTransmission(deps: Deps, principal: Principal, input: CreateTransmissionInput, ctx: RequestContext): Promise<{ view: TransmissionView; replayed: boolean }> {
  const patient = requirePatient(principal);
  const scope = await patientScope(deps, principal);
  if (!scope.patientIds.length) throw new NotFoundError('Your account is not linked to any practice yet: there is nothing to send.');
  if (input.recipient.fhirServerUrl && !input.formats.includes('fhir')) throw new ValidationError('To send to a FHIR server, include the FHIR R4 Bundle format.');
  // Chosen documents are read once: checked here, then their owners and their bytes below.
  let chosen: DocumentRecord[] | undefined;
  if (input.selection.kind === 'documents') {
    const found = await Promise.all(input.selection.documentIds.map((id) => deps.documents.getForPatients(scope.patientIds, id)));
    if (found.some((d) => !d)) throw new NotFoundError('One of the chosen documents is not in your records.');
    if (input.formats.some((f) => f !== 'originals')) throw new ValidationError('Chosen documents are sent as they were uploaded: choose only the "originals" format.');
    chosen = found as DocumentRecord[];
  }

  const { idempotencyKey, ...request } = input;
  const requestHash = sha256(JSON.stringify(request));
  const now = deps.clock.now();
  const transmissionId = newTransmissionId(now, randomBytes(8).toString('hex'));
  const code = input.delivery === 'email-and-code' ? randomCrockford(CODE_LENGTH) : undefined;
  const claim = { transmissionId, requestHash, claimedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), ...(code ? { accessCode: code } : {}) };
  const claimed = await deps.transmissions.claim(patient.accountId, idempotencyKey, claim);
  if (!claimed.claimed) {
    if (claimed.requestHash !== requestHash && claimed.requestHash !== FAILED) throw new DomainError('idempotency_key_reused', 409, 'This idempotency key was already used for a different transmission. Use a new key for a new transmission.');
    const existing = await deps.transmissions.get(patient.accountId, claimed.transmissionId);
    if (existing) return { view: transmissionView(existing, now, claimed.accessCode), replayed: true };
    if (claimed.requestHash !== FAILED && now.getTime() - Date.parse(claimed.claimedAt) < STALE_CLAIM_MS) {
      throw new DomainError('transmission_in_progress', 409, 'This transmission is still being prepared. Try again in a minute.');
    }
    if (!(await deps.transmissions.reclaim(patient.accountId, idempotencyKey, claimed.transmissionId, claim))) {
      throw new DomainError('transmission_in_progress', 409, 'This transmission is being prepared by another request. Try again in a minute.');
    }
  }

  // Only the registrations whose records are in the package are disclosed from (chosen documents name theirs).
  let registrations = scope.registrations;
  if (chosen) {
    const owners = new Set(chosen.map((d) => d.patientId));
    registrations = registrations.filter((r) => owners.has(r.patientId));
  }
  const prefix = `transmissions/${transmissionId}/`;
  const createdAt = now.toISOString();
  let assembled: Assembled;
  try {
    assembled = await assemble(deps, { transmissionId, selection: input.selection, formats: input.formats, createdAt }, { patientIds: registrations.map((r) => r.patientId), registrations }, prefix, chosen);
  } catch (error) {
    // Nothing was created: the key is free again for a corrected request (a retry must not wait or be refused).
    await deps.transmissions.reclaim(patient.accountId, idempotencyKey, transmissionId, { ...claim, requestHash: FAILED }).catch(() => undefined);
    throw error;
  }
  const token = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  const recipient = {
    name: input.recipient.name,
    email: input.recipient.email,
    ...(input.recipient.organisation ? { organisation: input.recipient.organisation } : {}),
    ...(input.recipient.directAddress ? { directAddress: input.recipient.directAddress } : {}),
    ...(input.recipient.fhirServerUrl ? { fhirServerUrl: input.recipient.fhirServerUrl } : {}),
  };
  const transmission: Transmission = {
    transmissionId,
    accountId: patient.accountId,
    registrations: registrations.map((r) => ({ patientId: r.patientId, practiceId: r.practiceId })),
    recipient,
    selection: input.selection,
    formats: input.formats,
    purpose: input.purpose,
    delivery: input.delivery,
    signature: { typedName: input.signature.typedName, signedAt: createdAt, sourceIp: ctx.sourceIp },
    createdAt,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    maxDownloads: input.maxDownloads,
    downloadsUsed: 0,
    tokenHash: sha256(token),
    ...(code ? { code: { salt, hash: hashCode(salt, code) } } : {}),
    codeFailures: 0,
    sessions: [],
    packagePrefix: prefix,
    manifest: assembled.manifest,
    ...(assembled.archive ? { archive: assembled.archive } : {}),
    itemCount: assembled.itemCount,
    events: [{ kind: 'created', at: createdAt }],
  };
  const description = describeSelection(input.selection, input.formats);
  const disclosures: Disclosure[] = registrations.map((r) => ({
    patientId: r.patientId,
    practiceId: r.practiceId,
    at: createdAt,
    recipient: { name: recipient.name, ...(recipient.organisation ? { organisation: recipient.organisation } : {}), address: recipientAddress(transmission) },
    description,
    purpose: input.purpose,
    transmissionId,
  }));
  await deps.transmissions.create(transmission, disclosures);
  await auditEach(deps, transmission, 'transmission.create', actorOf(principal), ctx);

  // Delivery after the transmission is stored: a failed e-mail is a state the patient sees, not a lost directive.
  try {
    await deps.mailer.send(transmissionNotice(recipient.email, deps.portalUrl, token, { needsCode: !!code, expiresAt: transmission.expiresAt }));
    await record(deps, transmission, { kind: 'emailed', at: deps.clock.now().toISOString() });
  } catch {
    await record(deps, transmission, { kind: 'email-failed', at: deps.clock.now().toISOString() });
  }
  if (recipient.fhirServerUrl && assembled.fhirBundle) {
    try {
      const { status } = await deps.fhirPusher.post(recipient.fhirServerUrl, assembled.fhirBundle);
      await record(deps, transmission, { kind: status >= 200 && status < 300 ? 'fhir-sent' : 'fhir-failed', at: deps.clock.now().toISOString(), detail: `HTTP ${status}` });
    } catch (error) {
      const detail = error instanceof FhirPushRefused ? `refused: ${error.reason}` : 'no answer';
      await record(deps, transmission, { kind: 'fhir-failed', at: deps.clock.now().toISOString(), detail });
    }
  }
  const stored = (await deps.transmissions.get(patient.accountId, transmissionId)) ?? transmission;
  return { view: transmissionView(stored, deps.clock.now(), code), replayed: false };
}

async function record(deps: Deps, t: Transmission, event: TransmissionEvent) {
  await deps.transmissions.appendEvent(t, event);
}

export async function listMyTransmissions(deps: Deps, principal: Principal, page: PageQuery, ctx: RequestContext): Promise<Page<TransmissionView>> {
  const patient = requirePatient(principal);
  const result = await deps.transmissions.listForAccount(patient.accountId, page);
  await deps.audit.append({ actor: actorOf(principal), action: 'transmission.list', outcome: 'success', resource: { type: 'account', id: patient.accountId }, requestId: ctx.requestId });
  const now = deps.clock.now();
  return { items: result.items.map((t) => transmissionView(t, now)), nextCursor: result.nextCursor };
}

async function mine(deps: Deps, principal: Principal, transmissionId: string): Promise<Transmission> {
  const patient = requirePatient(principal);
  const t = await deps.transmissions.get(patient.accountId, transmissionId);
  if (!t) throw new NotFoundError('No transmission with this id in your account.');
  return t;
}

export async function getMyTransmission(deps: Deps, principal: Principal, transmissionId: string, ctx: RequestContext): Promise<TransmissionView> {
  const t = await mine(deps, principal, transmissionId);
  await auditEach(deps, t, 'transmission.read', actorOf(principal), ctx);
  return transmissionView(t, deps.clock.now());
}

/** The patient revokes a transmission before it expires: its link answers 410 from then on. */
export async function revokeTransmission(deps: Deps, principal: Principal, transmissionId: string, ctx: RequestContext): Promise<TransmissionView> {
  const t = await mine(deps, principal, transmissionId);
  const now = deps.clock.now();
  const status = statusOf(t, now);
  if (status === 'revoked' || status === 'expired') throw new DomainError('transmission_ended', 409, status === 'revoked' ? 'This transmission has already been revoked.' : 'This transmission has already expired.');
  await deps.transmissions.revoke(t, now.toISOString());
  await auditEach(deps, t, 'transmission.revoke', actorOf(principal), ctx);
  return transmissionView((await deps.transmissions.get(t.accountId, t.transmissionId))!, now);
}

// ---- the practice ----

/** The directives that drew on one of the practice's patients (the practice answers for them as covered entity). */
export async function listPatientTransmissions(deps: Deps, principal: Principal, patientId: string, page: PageQuery, ctx: RequestContext): Promise<Page<TransmissionView>> {
  const staff = requireStaff(principal);
  const patient = await deps.directory.getPatient(staff.practiceId, patientId);
  if (!patient) throw new NotFoundError('No patient with this id at your practice.');
  const result = await deps.transmissions.listForPatient(patientId, page);
  await deps.audit.append({ actor: actorOf(principal), action: 'transmission.list', outcome: 'success', patientId, practiceId: staff.practiceId, requestId: ctx.requestId });
  const now = deps.clock.now();
  // Staff see the directive and its state, not the manifest's other practices' files or the events' details.
  return { items: result.items.map((t) => ({ ...transmissionView(t, now), manifest: [], events: t.events.map((e) => ({ kind: e.kind, at: e.at })) })), nextCursor: result.nextCursor };
}

// ---- the recipient (no account: the link token, and for the encrypted method the access code) ----

const GONE: Record<Exclude<TransmissionStatus, 'active'>, string> = {
  revoked: 'The person who sent these records has withdrawn them. Ask them to send them again if you still need them.',
  expired: 'This link has expired. Ask the person who sent it to send it again.',
  exhausted: 'This link has been used as many times as its sender allowed. Ask them to send it again if you need it.',
  locked: 'This link is locked after too many wrong access codes. Ask the person who sent it to send it again.',
};

const recipientActor = (t: Transmission) => ({ id: `recipient:${t.transmissionId}`, role: 'recipient' as const, label: t.recipient.name });

/** The transmission a link names, usable now; 404 for an unknown link, 410 for one that no longer works. */
async function byLink(deps: Deps, token: string, ctx: RequestContext, action: AuditAction, alsoAllowed: readonly TransmissionStatus[] = []): Promise<Transmission> {
  const t = await deps.transmissions.byTokenHash(sha256(token));
  if (!t) throw new NotFoundError('This link is not valid. Check that you opened the whole link from the e-mail.');
  const status = statusOf(t, deps.clock.now());
  if (status !== 'active' && !alsoAllowed.includes(status)) {
    await auditEach(deps, t, action, recipientActor(t), ctx, 'denied', `link-${status}`);
    throw new GoneError(GONE[status], `link_${status}`);
  }
  return t;
}

async function openSession(deps: Deps, t: Transmission, ctx: RequestContext): Promise<RecipientPackage> {
  const now = deps.clock.now();
  const session = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Math.min(now.getTime() + RECIPIENT_SESSION_SECONDS * 1000, Date.parse(t.expiresAt))).toISOString();
  if (!(await deps.transmissions.addSession(t, { hash: sha256(session), expiresAt }, { kind: 'unlocked', at: now.toISOString() }, now))) {
    const current = (await deps.transmissions.get(t.accountId, t.transmissionId)) ?? t;
    const status = statusOf(current, now);
    throw new GoneError(GONE[status === 'active' ? 'expired' : status], `link_${status}`);
  }
  await auditEach(deps, t, 'transmission.open', recipientActor(t), ctx);
  return {
    session,
    sessionExpiresAt: expiresAt,
    sender: { name: t.signature.typedName, signedAt: t.signature.signedAt },
    recipient: { name: t.recipient.name, ...(t.recipient.organisation ? { organisation: t.recipient.organisation } : {}) },
    purpose: t.purpose,
    description: describeSelection(t.selection, t.formats),
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    downloadsLeft: Math.max(0, t.maxDownloads - t.downloadsUsed),
    files: t.manifest,
    ...(t.archive ? { archive: t.archive } : {}),
    ...(t.confirmedAt ? { confirmedAt: t.confirmedAt } : {}),
  };
}

/** The recipient opens the link: nothing about the patient until the code is right (when one is needed). */
export async function openTransmission(deps: Deps, token: string, ctx: RequestContext): Promise<RecipientOpened> {
  const t = await byLink(deps, token, ctx, 'transmission.open');
  await record(deps, t, { kind: 'opened', at: deps.clock.now().toISOString() });
  if (t.code) return { status: 'code-required' };
  return { status: 'open', package: await openSession(deps, t, ctx) };
}

export async function unlockTransmission(deps: Deps, token: string, code: string, ctx: RequestContext): Promise<RecipientPackage> {
  const t = await byLink(deps, token, ctx, 'transmission.open');
  if (t.code) {
    const given = Buffer.from(hashCode(t.code.salt, normalizeInvitationCode(code)), 'hex');
    if (!timingSafeEqual(given, Buffer.from(t.code.hash, 'hex'))) {
      const failures = await deps.transmissions.recordCodeFailure(t, { kind: 'code-failed', at: deps.clock.now().toISOString() });
      await auditEach(deps, t, 'transmission.open', recipientActor(t), ctx, 'denied', 'wrong-code');
      if (failures >= MAX_CODE_FAILURES) {
        await record(deps, t, { kind: 'locked', at: deps.clock.now().toISOString() });
        throw new GoneError(GONE.locked, 'link_locked');
      }
      const left = MAX_CODE_FAILURES - failures;
      throw new DomainError('wrong_code', 403, `That access code is not right. ${left} ${left === 1 ? 'try is' : 'tries are'} left before this link locks.`);
    }
  }
  return openSession(deps, t, ctx);
}

function requireSession(deps: Deps, t: Transmission, session: string) {
  const hash = sha256(session);
  const now = deps.clock.now().getTime();
  if (!t.sessions.some((s) => s.hash === hash && Date.parse(s.expiresAt) > now)) {
    throw new DomainError('session_expired', 401, 'Your access to this page has timed out. Open the link again (and enter the access code, if there is one).');
  }
}

/** One file (or the whole archive): a 5-minute link for exactly that object; each one counts as a download. */
export async function downloadTransmissionFile(deps: Deps, input: { token: string; session: string; file: string }, ctx: RequestContext) {
  const t = await byLink(deps, input.token, ctx, 'transmission.download');
  requireSession(deps, t, input.session);
  const entry = [...t.manifest, ...(t.archive ? [t.archive] : [])].find((f) => f.name === input.file);
  if (!entry) throw new NotFoundError('There is no file with this name in the package.');
  const now = deps.clock.now();
  if (!(await deps.transmissions.useDownload(t, { kind: 'downloaded', at: now.toISOString(), detail: entry.name }, now))) {
    const current = (await deps.transmissions.get(t.accountId, t.transmissionId)) ?? t;
    const status = statusOf(current, now);
    throw new GoneError(GONE[status === 'active' ? 'exhausted' : status], `link_${status}`);
  }
  const filename = entry.name.replace(/^originals\//, '');
  const url = await deps.blobs.presignGet(`${t.packagePrefix}${entry.name}`, { filename, contentType: entry.contentType, expiresInSeconds: GET_URL_SECONDS });
  await auditEach(deps, t, 'transmission.download', recipientActor(t), ctx);
  return { url, expiresAt: new Date(now.getTime() + GET_URL_SECONDS * 1000).toISOString(), filename, sha256: entry.sha256, downloadsLeft: Math.max(0, t.maxDownloads - t.downloadsUsed - 1) };
}

/** The recipient confirms they received the records; the patient sees it. */
export async function confirmTransmissionReceipt(deps: Deps, input: { token: string; session: string }, ctx: RequestContext): Promise<{ confirmedAt: string }> {
  // Using the last download is no reason not to confirm what arrived.
  const t = await byLink(deps, input.token, ctx, 'transmission.confirm', ['exhausted']);
  requireSession(deps, t, input.session);
  const at = deps.clock.now().toISOString();
  await deps.transmissions.confirm(t, at);
  await auditEach(deps, t, 'transmission.confirm', recipientActor(t), ctx);
  return { confirmedAt: (await deps.transmissions.get(t.accountId, t.transmissionId))?.confirmedAt ?? at };
}

