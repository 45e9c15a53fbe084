/**
 * In-memory adapters of the ports, for use-case unit tests only. They keep the contracts the DynamoDB adapters
 * keep (conditional writes, scoped reads, append-only audit) so that a use case tested here behaves the same
 * against the local stack.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chainOf, GENESIS_HASH, hashEvent, type AuditEvent, type AuditEventInput } from '../../shared/domain/audit';
import type { AccountLinkRecord, DocumentRecord, Invitation, PatientRecord, Practice, UploadRecord } from '../../shared/domain/entities';
import type { UploadStore } from '../../shared/ports/upload-store';
import type { RecordStore } from '../../shared/ports/record-store';
import type { Mailer, OutgoingMail } from '../../shared/ports/mailer';
import type { ChainAnchor, PracticeAuditFilter } from '../../shared/ports/audit-log';
import type { CorrectionStore } from '../../shared/ports/correction-store';
import type { Disclosure, TransmissionStore } from '../../shared/ports/transmission-store';
import type { FhirPusher } from '../../shared/ports/fhir-pusher';
import type { Transmission, TransmissionEvent } from '../../shared/domain/transmissions';
import { isOpen, type CorrectionRequest } from '../../shared/domain/corrections';
import { clinicalDate, withinWindow, type DateWindow, type RecordItem } from '../../shared/domain/record';
import type { DataClass, ExtractedResource } from '../../shared/ingest/types';
import type { Page } from '../../shared/domain/schemas';
import { ConflictError, GoneError, UnauthenticatedError } from '../../shared/errors';
import type { AuditLog } from '../../shared/ports/audit-log';
import type { Clock } from '../../shared/ports/clock';
import type { Directory, PageRequest } from '../../shared/ports/directory';
import type { BlobStore, DocumentIndex } from '../../shared/ports/document-store';
import type { AccountInfo, AuthStep, IdentityProvider, IssuedTokens } from '../../shared/ports/identity-provider';
import { slidingCount, windowOf, type RateLimiter } from '../../shared/ports/rate-limiter';
import { DEFAULT_LIMITS, type Deps } from '../../shared/usecases/deps';
import { MemoryDigestArchive } from './memory-digests';

export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-22T12:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

function page<T>(items: T[], request: PageRequest): Page<T> {
  const start = request.cursor ? Number(request.cursor) : 0;
  const slice = items.slice(start, start + request.limit);
  return { items: slice, nextCursor: start + request.limit < items.length ? String(start + request.limit) : undefined };
}

export class MemoryDirectory implements Directory {
  practices = new Map<string, Practice>();
  patients = new Map<string, PatientRecord>();
  invitations = new Map<string, Invitation>();
  links = new Map<string, AccountLinkRecord>();
  mrns = new Set<string>();

  async getPractice(id: string) {
    return this.practices.get(id);
  }
  async putPractice(p: Practice) {
    this.practices.set(p.practiceId, p);
  }
  async registerPatient(patient: PatientRecord, invitation: Invitation) {
    const mrn = `${patient.practiceId}#${patient.mrn}`;
    if (this.mrns.has(mrn)) throw new ConflictError('A patient with this MRN is already registered at your practice.', 'mrn_taken');
    this.mrns.add(mrn);
    this.patients.set(`${patient.practiceId}#${patient.patientId}`, { ...patient });
    this.invitations.set(invitation.codeHash, { ...invitation });
  }
  async getPatient(practiceId: string, patientId: string) {
    const p = this.patients.get(`${practiceId}#${patientId}`);
    return p ? { ...p } : undefined;
  }
  async findPatientByMrn(practiceId: string, mrn: string) {
    const p = [...this.patients.values()].find((x) => x.practiceId === practiceId && x.mrn === mrn);
    return p ? { ...p } : undefined;
  }
  async listPatients(practiceId: string, request: PageRequest) {
    const items = [...this.patients.values()].filter((p) => p.practiceId === practiceId).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    return page(items, request);
  }
  async replaceInvitation(patient: PatientRecord, invitation: Invitation) {
    const stored = this.patients.get(`${patient.practiceId}#${patient.patientId}`);
    if (!stored || stored.accountId || stored.invitationHash !== patient.invitationHash) throw new ConflictError('changed meanwhile');
    if (patient.invitationHash) this.invitations.get(patient.invitationHash)!.status = 'revoked';
    stored.invitationHash = invitation.codeHash;
    stored.invitationExpiresAt = invitation.expiresAt;
    this.invitations.set(invitation.codeHash, { ...invitation });
  }
  async findInvitation(codeHash: string) {
    const i = this.invitations.get(codeHash);
    return i ? { ...i } : undefined;
  }
  async linkAccount(invitation: Invitation, accountId: string, now: Date) {
    const stored = this.invitations.get(invitation.codeHash);
    const patient = this.patients.get(`${invitation.practiceId}#${invitation.patientId}`);
    const linkKey = `${accountId}#${invitation.practiceId}`;
    if (this.links.has(linkKey)) throw new ConflictError('Your account is already linked to this practice.', 'already_linked');
    if (!stored || stored.status !== 'active' || stored.expiresAt <= now.toISOString() || !patient || patient.accountId || patient.invitationHash !== invitation.codeHash) {
      throw new GoneError('This invitation code is not recognised, has expired or was already used.', 'invitation_invalid');
    }
    stored.status = 'used';
    patient.accountId = accountId;
    patient.linkedAt = now.toISOString();
    delete patient.invitationHash;
    delete patient.invitationExpiresAt;
    const link = { accountId, practiceId: invitation.practiceId, patientId: invitation.patientId, linkedAt: now.toISOString() };
    this.links.set(linkKey, link);
    return link;
  }
  async listAccountLinks(accountId: string) {
    return [...this.links.values()].filter((l) => l.accountId === accountId);
  }
}

export class MemoryDocumentIndex implements DocumentIndex {
  documents: DocumentRecord[] = [];
  async put(d: DocumentRecord, supersedes?: DocumentRecord) {
    if (supersedes) {
      const old = this.documents.find((x) => x.documentId === supersedes.documentId);
      if (!old || old.supersededBy) throw new ConflictError('That document has already been replaced by a newer version.', 'already_superseded');
      old.supersededBy = d.documentId;
    }
    this.documents.push({ ...d });
  }
  async listForPatients(patientIds: readonly string[], request: PageRequest, window?: DateWindow) {
    const items = this.documents.filter((d) => patientIds.includes(d.patientId) && !d.supersededBy && withinWindow(d.date, window)).sort((a, b) => (a.date < b.date ? 1 : -1));
    return page(items, request);
  }
  async getForPatients(patientIds: readonly string[], documentId: string) {
    const d = this.documents.find((x) => x.documentId === documentId);
    return d && patientIds.includes(d.patientId) ? { ...d } : undefined;
  }
}

export class MemoryBlobStore implements BlobStore {
  objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async exists(key: string) {
    return this.objects.has(key);
  }
  async presignPut(key: string, options: { contentType: string; sha256Hex: string }) {
    return { url: `memory://put/${key}`, headers: { 'content-type': options.contentType, 'x-amz-checksum-sha256': Buffer.from(options.sha256Hex, 'hex').toString('base64') } };
  }
  parts = new Map<string, Uint8Array[]>();
  async presignMultipart(key: string, options: { partCount: number }) {
    const multipartId = `mp-${key}`;
    this.parts.set(multipartId, []);
    return { multipartId, urls: Array.from({ length: options.partCount }, (_, i) => `memory://part/${key}/${i + 1}`) };
  }
  async completeMultipart(key: string, multipartId: string) {
    this.objects.set(key, { body: Buffer.concat(this.parts.get(multipartId) ?? []), contentType: 'application/octet-stream' });
  }
  async presignGet(key: string, options: { filename: string }) {
    return `memory://get/${key}?filename=${encodeURIComponent(options.filename)}`;
  }
  async size(key: string) {
    return this.objects.get(key)?.body.byteLength;
  }
  async read(key: string, keepUpTo: number) {
    const object = this.objects.get(key);
    if (!object) throw new Error('NoSuchKey');
    const body = object.body;
    return {
      size: body.byteLength,
      sha256: createHash('sha256').update(body).digest('hex'),
      head: body.subarray(0, 65536),
      tail: body.subarray(-4096),
      ...(body.byteLength <= keepUpTo ? { bytes: body } : {}),
    };
  }
  async copy(from: string, to: string, contentType: string) {
    const object = this.objects.get(from);
    if (!object) throw new Error('NoSuchKey');
    this.objects.set(to, { body: object.body, contentType });
  }
  async deleteStaged(key: string) {
    if (!key.startsWith('incoming/')) throw new Error('Only staged uploads can be deleted.');
    this.objects.delete(key);
  }
}

export class MemoryAuditLog implements AuditLog {
  chains = new Map<string, AuditEvent[]>();
  constructor(private readonly clock: Clock) {}
  async append(input: AuditEventInput) {
    const chain = chainOf(input);
    const events = this.chains.get(chain) ?? [];
    const head = events.at(-1);
    const base = { ...input, eventId: randomUUID(), chain, seq: (head?.seq ?? 0) + 1, at: this.clock.now().toISOString(), prevHash: head?.hash ?? GENESIS_HASH };
    const event = { ...base, hash: hashEvent(base) };
    events.push(event);
    this.chains.set(chain, events);
    return event;
  }
  async readChain(chain: string) {
    return [...(this.chains.get(chain) ?? [])];
  }
  async head(chain: string) {
    return this.chains.get(chain)?.at(-1);
  }
  async listActivity(chains: readonly string[], window: DateWindow | undefined, request: PageRequest) {
    const items = chains
      .flatMap((c) => this.chains.get(c) ?? [])
      .filter((e) => withinWindow(e.at, window))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq));
    return page(items, request);
  }
  async listPractice(practiceId: string, range: { from?: string; to?: string }, order: 'asc' | 'desc', request: PageRequest, filter: PracticeAuditFilter = {}) {
    const items = this.all()
      .filter((e) => (e.practiceId ?? e.actor.practiceId) === practiceId && e.at >= (range.from ?? '0000') && e.at <= `${range.to ?? '9999'}~`)
      .filter((e) => (!filter.actorId || e.actor.id === filter.actorId) && (!filter.patientId || e.patientId === filter.patientId) && (!filter.action || e.action.startsWith(filter.action)) && (!filter.outcome || e.outcome === filter.outcome))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return page(order === 'asc' ? items : items.reverse(), request);
  }
  async changedChains(hour: string) {
    return [...this.chains.entries()].filter(([, events]) => events.some((e) => e.at.slice(0, 13) === hour)).map(([chain]) => chain).sort();
  }
  async listChains(request: PageRequest) {
    return page([...this.chains.keys()].sort(), request);
  }
  anchors: ChainAnchor[] = [];
  async putAnchor(anchor: ChainAnchor) {
    this.anchors.push({ ...anchor });
  }
  async latestAnchor(chain: string) {
    return this.anchors.filter((a) => a.chain === chain).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
  }
  all(): AuditEvent[] {
    return [...this.chains.values()].flat();
  }
}

export class MemoryRateLimiter implements RateLimiter {
  counts = new Map<string, number>();
  private count(key: string, start: number) {
    return this.counts.get(`${key}#${start}`) ?? 0;
  }
  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const w = windowOf(now, windowSeconds);
    this.counts.set(`${key}#${w.start}`, this.count(key, w.start) + 1);
    const n = slidingCount(this.count(key, w.start), this.count(key, w.start - windowSeconds), w.elapsedFraction);
    return { allowed: n <= limit, retryAfterSeconds: w.retryAfterSeconds };
  }
  async isBlocked(key: string, limit: number, windowSeconds: number, now: Date) {
    const w = windowOf(now, windowSeconds);
    const n = slidingCount(this.count(key, w.start), this.count(key, w.start - windowSeconds), w.elapsedFraction);
    return { blocked: n >= limit, retryAfterSeconds: w.retryAfterSeconds };
  }
}

function fakeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none' })}.${enc(claims)}.sig`;
}

/** Accounts in a map; tokens are unsigned JWT-shaped strings carrying the claims Cognito would. */
export class FakeIdentityProvider implements IdentityProvider {
  accounts = new Map<string, { accountId: string; password: string; groups: string[]; totp: boolean; practiceId?: string }>();
  deleted: string[] = [];
  failNextCreate = false;

  tokensFor(email: string): IssuedTokens {
    const a = this.accounts.get(email)!;
    const claims = { sub: a.accountId, email, 'cognito:groups': a.groups, ...(a.practiceId ? { 'custom:practice_id': a.practiceId } : {}) };
    return { idToken: fakeJwt({ ...claims, token_use: 'id' }), accessToken: fakeJwt({ ...claims, token_use: 'access' }), refreshToken: `refresh-${a.accountId}`, expiresIn: 900 };
  }
  async signIn(email: string, password: string): Promise<AuthStep> {
    const a = this.accounts.get(email);
    if (!a || a.password !== password) throw new UnauthenticatedError('The e-mail address or password is not correct.', 'invalid_credentials');
    if (a.totp) return { kind: 'mfa-challenge', session: `session-${email}` };
    return { kind: 'tokens', tokens: this.tokensFor(email), accountId: a.accountId };
  }
  async answerMfa(email: string, session: string, code: string): Promise<AuthStep> {
    if (session !== `session-${email}` || code !== '123456') throw new UnauthenticatedError('That code is not correct.', 'invalid_mfa_code');
    return { kind: 'tokens', tokens: this.tokensFor(email), accountId: this.accounts.get(email)!.accountId };
  }
  async refresh(): Promise<IssuedTokens> {
    throw new UnauthenticatedError('Your session has ended.', 'session_expired');
  }
  revoked: string[] = [];
  async revoke(token: string) {
    this.revoked.push(token);
  }
  async describeAccount(email: string): Promise<AccountInfo> {
    const a = this.accounts.get(email)!;
    return { accountId: a.accountId, groups: a.groups, totpEnabled: a.totp, practiceId: a.practiceId };
  }
  async createAccount(input: { email: string; password: string; group: string; practiceId?: string }) {
    if (this.accounts.has(input.email)) throw new ConflictError('An account with this e-mail address already exists.', 'email_taken');
    if (this.failNextCreate) {
      this.failNextCreate = false;
      throw new Error('identity service down');
    }
    const accountId = randomUUID();
    this.accounts.set(input.email, { accountId, password: input.password, groups: [input.group], totp: false, practiceId: input.practiceId });
    return accountId;
  }
  async deleteAccount(email: string) {
    this.accounts.delete(email);
    this.deleted.push(email);
  }
  async startTotpSetup() {
    return { secret: 'JBSWY3DPEHPK3PXP' };
  }
  async finishTotpSetup() {}
}

export interface TestDeps extends Deps {
  directory: MemoryDirectory;
  documents: MemoryDocumentIndex;
  blobs: MemoryBlobStore;
  audit: MemoryAuditLog;
  rateLimiter: MemoryRateLimiter;
  identity: FakeIdentityProvider;
  clock: TestClock;
  uploads: MemoryUploadStore;
  records: MemoryRecordStore;
  mailer: MemoryMailer;
  corrections: MemoryCorrectionStore;
  transmissions: MemoryTransmissionStore;
  fhirPusher: FakeFhirPusher;
}

/** Answers a status and keeps what was sent. */
export class FakeFhirPusher implements FhirPusher {
  sent: Array<{ url: string; bundle: Uint8Array }> = [];
  status = 201;
  async post(url: string, bundle: Uint8Array) {
    this.sent.push({ url, bundle });
    return { status: this.status };
  }
}

export class MemoryTransmissionStore implements TransmissionStore {
  items = new Map<string, Transmission>();
  claims = new Map<string, { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string }>();
  disclosures: Disclosure[] = [];
  async claim(accountId: string, key: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string }) {
    const existing = this.claims.get(`${accountId}#${key}`);
    if (existing) return { claimed: false as const, ...existing };
    this.claims.set(`${accountId}#${key}`, { ...claim });
    return { claimed: true as const };
  }
  async reclaim(accountId: string, key: string, previous: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string }) {
    if (this.claims.get(`${accountId}#${key}`)?.transmissionId !== previous) return false;
    this.claims.set(`${accountId}#${key}`, { ...claim });
    return true;
  }
  async create(t: Transmission, disclosures: readonly Disclosure[]) {
    if (this.items.has(t.transmissionId)) throw new Error('exists');
    this.items.set(t.transmissionId, structuredClone(t));
    this.disclosures.push(...disclosures.map((d) => structuredClone(d)));
  }
  async get(accountId: string, id: string) {
    const t = this.items.get(id);
    return t && t.accountId === accountId ? structuredClone(t) : undefined;
  }
  async byTokenHash(hash: string) {
    const t = [...this.items.values()].find((x) => x.tokenHash === hash);
    return t ? structuredClone(t) : undefined;
  }
  async listForAccount(accountId: string, request: PageRequest) {
    return page([...this.items.values()].filter((t) => t.accountId === accountId).sort((a, b) => (a.transmissionId < b.transmissionId ? 1 : -1)).map((t) => structuredClone(t)), request);
  }
  async listForPatient(patientId: string, request: PageRequest) {
    return page([...this.items.values()].filter((t) => t.registrations.some((r) => r.patientId === patientId)).sort((a, b) => (a.transmissionId < b.transmissionId ? 1 : -1)).map((t) => structuredClone(t)), request);
  }
  private live(t: Transmission) {
    return this.items.get(t.transmissionId)!;
  }
  async appendEvent(t: Transmission, event: TransmissionEvent) {
    const x = this.live(t);
    if (x.events.length < 300) x.events.push(event);
  }
  async recordCodeFailure(t: Transmission, event: TransmissionEvent) {
    const x = this.live(t);
    x.codeFailures += 1;
    x.events.push(event);
    return x.codeFailures;
  }
  async addSession(t: Transmission, session: { hash: string; expiresAt: string }, event: TransmissionEvent, now: Date) {
    const x = this.live(t);
    if (x.revokedAt || x.codeFailures >= 5 || Date.parse(x.expiresAt) <= now.getTime() || x.downloadsUsed >= x.maxDownloads) return false;
    x.sessions.push(session);
    x.events.push(event);
    return true;
  }
  async useDownload(t: Transmission, event: TransmissionEvent, now: Date) {
    const x = this.live(t);
    if (x.revokedAt || x.downloadsUsed >= x.maxDownloads || Date.parse(x.expiresAt) <= now.getTime()) return false;
    x.downloadsUsed += 1;
    x.events.push(event);
    return true;
  }
  async revoke(t: Transmission, at: string) {
    const x = this.live(t);
    if (x.revokedAt) return false;
    x.revokedAt = at;
    x.events.push({ kind: 'revoked', at });
    return true;
  }
  async confirm(t: Transmission, at: string) {
    const x = this.live(t);
    if (x.confirmedAt) return false;
    x.confirmedAt = at;
    x.events.push({ kind: 'confirmed', at });
    return true;
  }
  async listDisclosures(patientIds: readonly string[], request: PageRequest) {
    return page(this.disclosures.filter((d) => patientIds.includes(d.patientId)).sort((a, b) => (a.at < b.at ? 1 : -1)), request);
  }
}

export class MemoryCorrectionStore implements CorrectionStore {
  requests = new Map<string, CorrectionRequest>();
  constructor(
    private readonly documents?: MemoryDocumentIndex,
    private readonly records?: MemoryRecordStore,
  ) {}
  async create(r: CorrectionRequest) {
    if (this.requests.has(r.requestId)) throw new Error('exists');
    this.requests.set(r.requestId, structuredClone(r));
  }
  async get(patientId: string, requestId: string) {
    const r = this.requests.get(requestId);
    return r && r.patientId === patientId ? structuredClone(r) : undefined;
  }
  async listForPatients(patientIds: readonly string[], request: PageRequest) {
    const items = [...this.requests.values()].filter((r) => patientIds.includes(r.patientId)).sort((a, b) => (a.requestId < b.requestId ? 1 : -1));
    return page(items.map((r) => structuredClone(r)), request);
  }
  async listForPractice(practiceId: string, status: 'open' | 'closed', request: PageRequest) {
    const mine = [...this.requests.values()].filter((r) => r.practiceId === practiceId && isOpen(r) === (status === 'open'));
    const sorted = status === 'open' ? mine.sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1)) : mine.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    return page(sorted.map((r) => structuredClone(r)), request);
  }
  async save(next: CorrectionRequest, expectedVersion: number, options: { markTarget?: boolean } = {}) {
    const current = this.requests.get(next.requestId);
    if (!current || current.version !== expectedVersion) return false;
    this.requests.set(next.requestId, structuredClone(next));
    if (options.markTarget && next.target.kind === 'document') {
      const d = this.documents?.documents.find((x) => x.documentId === (next.target as { documentId: string }).documentId);
      if (d) d.amendedBy = [...(d.amendedBy ?? []), next.requestId];
    }
    if (options.markTarget && next.target.kind === 'item') {
      const t = next.target;
      const i = [...(this.records?.items.values() ?? [])].find((x) => x.patientId === next.patientId && x.dataClass === t.dataClass && x.itemKey === t.itemKey);
      if (i) i.amendedBy = [...(i.amendedBy ?? []), next.requestId];
    }
    return true;
  }
}

/** Keeps what would have been sent, for tests to read. */
export class MemoryMailer implements Mailer {
  sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push({ ...mail });
  }
}

export function memoryDeps(overrides: Partial<Deps> = {}): TestDeps {
  const clock = new TestClock();
  const documents = new MemoryDocumentIndex();
  const records = new MemoryRecordStore();
  return {
    directory: new MemoryDirectory(),
    documents,
    blobs: new MemoryBlobStore(),
    uploads: new MemoryUploadStore(),
    records,
    corrections: new MemoryCorrectionStore(documents, records),
    transmissions: new MemoryTransmissionStore(),
    fhirPusher: new FakeFhirPusher(),
    audit: new MemoryAuditLog(clock),
    digests: new MemoryDigestArchive(),
    rateLimiter: new MemoryRateLimiter(),
    identity: new FakeIdentityProvider(),
    clock,
    mailer: new MemoryMailer(),
    portalUrl: 'https://portal.test',
    limits: { ...DEFAULT_LIMITS },
    requireStaffMfa: false,
    secureCookies: true,
    health: { dynamodb: async () => undefined, s3: async () => undefined, cognito: async () => undefined },
    ...overrides,
  } as TestDeps;
}

export class MemoryUploadStore implements UploadStore {
  uploads = new Map<string, UploadRecord>();
  async create(upload: UploadRecord) {
    this.uploads.set(upload.uploadId, { ...upload });
  }
  async get(practiceId: string, uploadId: string) {
    const u = this.uploads.get(uploadId);
    return u && u.practiceId === practiceId ? { ...u } : undefined;
  }
  async transition(upload: UploadRecord, from: UploadRecord['status'], to: UploadRecord['status'], reason?: UploadRecord['reason']) {
    const u = this.uploads.get(upload.uploadId);
    if (!u || u.status !== from) throw new ConflictError('This upload has already been completed or is being checked.', 'upload_not_pending');
    u.status = to;
    if (reason) u.reason = reason;
  }
}

export class MemoryRecordStore implements RecordStore {
  items = new Map<string, RecordItem>();
  async merge(patientId: string, practiceId: string, documentId: string, resources: readonly ExtractedResource[], now: Date) {
    let added = 0;
    let known = 0;
    for (const r of resources) {
      const k = `${patientId}#${r.dataClass}#${r.dedupeKey}`;
      const previous = this.items.get(k);
      if (previous) known++;
      else added++;
      this.items.set(k, {
        patientId,
        practiceId,
        dataClass: r.dataClass,
        itemKey: r.dedupeKey,
        date: clinicalDate(r.resource),
        resource: r.resource,
        sources: [...new Set([...(previous?.sources ?? []), documentId])],
        ...(previous?.amendedBy ? { amendedBy: previous.amendedBy } : {}),
        updatedAt: now.toISOString(),
      });
    }
    return { added, known };
  }
  async get(patientId: string, dataClass: DataClass, itemKey: string) {
    const found = [...this.items.values()].find((i) => i.patientId === patientId && i.dataClass === dataClass && i.itemKey === itemKey);
    return found ? { ...found } : undefined;
  }
  async list(patientIds: readonly string[], dataClass: DataClass, request: PageRequest, window?: DateWindow) {
    const items = [...this.items.values()].filter((i) => patientIds.includes(i.patientId) && i.dataClass === dataClass && withinWindow(i.date, window)).sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? 1 : -1));
    return page(items, request);
  }
}
