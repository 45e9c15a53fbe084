/**
 * Corrections (HIPAA 164.526): the patient asks, the practice extends once, accepts or denies on a listed ground,
 * the patient may disagree and the practice may rebut. Every state change is a write conditional on the version
 * read (two staff deciding at once: one wins, the other gets 409 with the state that won), every step is audited,
 * and every step the patient should hear about sends a notice without PHI.
 */
import { randomBytes } from 'node:crypto';
import type { AuditAction } from '../domain/audit';
import {
  addDays,
  DENIAL_GROUND_TEXT,
  denialLetter,
  EXTENSION_DAYS,
  isOpen,
  isOverdue,
  newRequestId,
  RESPONSE_DAYS,
  type CorrectionRequest,
  type CorrectionStatus,
  type CorrectionTarget,
  type DenialGround,
} from '../domain/corrections';
import { clinicalDate, withinWindow } from '../domain/record';
import type { Transmission } from '../domain/transmissions';
import { requirePatient, requireStaff, type Principal, type StaffPrincipal } from '../domain/principal';
import type {
  CorrectionQueueQuery,
  CorrectionView,
  CreateCorrectionInput,
  Page,
  PageQuery,
} from '../domain/schemas';
import { DomainError, NotFoundError, ValidationError } from '../errors';
import type { FhirResource } from '../ingest/types';
import type { OutgoingMail } from '../ports/mailer';
import { amendmentNotice, correctionUpdate, type CorrectionUpdate } from '../notifications/templates';
import type { Deps, RequestContext } from './deps';
import { readAll } from './paging';
import { actorOf, patientScope } from './scope';

const STATUS_WORDS: Record<CorrectionStatus, string> = {
  submitted: 'is waiting for an answer',
  extended: 'is waiting for an answer (extended)',
  accepted: 'has been accepted',
  denied: 'has been denied',
  withdrawn: 'has been withdrawn',
};

/** 409 with the state that is there now, so the loser of a race sees what happened instead of retrying blindly. */
export class CorrectionConflictError extends DomainError {
  constructor(
    message: string,
    readonly current: CorrectionView,
  ) {
    super('correction_conflict', 409, message);
  }
  override toJSON(requestId?: string) {
    const body = super.toJSON(requestId);
    return { error: { ...body.error, current: this.current } };
  }
}

// ---- views ----

function view(deps: Deps, r: CorrectionRequest, practiceName: string, forStaff: boolean): CorrectionView {
  const decision = r.decision;
  return {
    requestId: r.requestId,
    practiceId: r.practiceId,
    practiceName,
    patientId: r.patientId,
    target: r.target,
    targetLabel: r.targetLabel,
    whatIsWrong: r.whatIsWrong,
    shouldSay: r.shouldSay,
    reason: r.reason,
    notify: r.notify,
    status: r.status,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    overdue: isOverdue(r, deps.clock.now()),
    ...(r.extension ? { extension: { at: r.extension.at, reason: r.extension.reason, previousDueAt: r.extension.previousDueAt, ...(forStaff ? { by: r.extension.by } : {}) } } : {}),
    ...(decision
      ? {
          decision:
            decision.outcome === 'accepted'
              ? {
                  outcome: 'accepted' as const,
                  at: decision.at,
                  ...(forStaff ? { by: decision.by } : {}),
                  amendment: decision.amendment,
                  ...(decision.amendmentDocumentId ? { amendmentDocumentId: decision.amendmentDocumentId } : {}),
                  notifiedCount: decision.notified.length,
                }
              : {
                  outcome: 'denied' as const,
                  at: decision.at,
                  ...(forStaff ? { by: decision.by } : {}),
                  ground: decision.ground,
                  groundText: DENIAL_GROUND_TEXT[decision.ground],
                  explanation: decision.explanation,
                  letter: decision.letter,
                },
        }
      : {}),
    ...(r.withdrawnAt ? { withdrawnAt: r.withdrawnAt } : {}),
    ...(r.disagreement ? { disagreement: r.disagreement } : {}),
    ...(r.rebuttal ? { rebuttal: { at: r.rebuttal.at, text: r.rebuttal.text, ...(forStaff ? { by: r.rebuttal.by } : {}) } } : {}),
    ...(forStaff ? { patient: r.patient } : {}),
  };
}

async function practiceNameOf(deps: Deps, practiceId: string): Promise<string> {
  return (await deps.directory.getPractice(practiceId))?.name ?? 'Unknown practice';
}

// ---- shared steps ----

/** A short, human label for a record item: its name and date, as the patient saw it. */
function itemLabel(resource: FhirResource): string {
  const r = resource as Record<string, any>;
  const concept = r.code ?? r.medicationCodeableConcept ?? r.vaccineCode ?? r.type?.[0] ?? r.category?.[0];
  // The text the patient saw, unless it is a whole narrative row (C-CDA originalText); then the coding's name,
  // without SNOMED's semantic tag ("(disorder)").
  const text: string | undefined = typeof concept?.text === 'string' && concept.text.length <= 80 ? concept.text : undefined;
  const display: string | undefined = concept?.coding?.find((c: { display?: string }) => c.display)?.display?.replace(/\s*\((disorder|finding|procedure|situation|substance|product|observable entity|regime\/therapy)\)$/, '');
  const name = text ?? display ?? concept?.text ?? r.description?.text ?? r.description;
  const day = clinicalDate(resource)?.slice(0, 10);
  const date = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)) : day;
  const label = `${typeof name === 'string' && name ? name : resource.resourceType}${date ? `, ${date}` : ''}`;
  return label.length > 300 ? `${label.slice(0, 297)}…` : label;
}

async function send(deps: Deps, mails: OutgoingMail[]): Promise<Array<{ email: string; at: string }>> {
  const sent: Array<{ email: string; at: string }> = [];
  for (const m of mails) {
    // A notice that cannot be sent must not undo the decision it reports; the request shows who was told.
    try {
      await deps.mailer.send(m);
      sent.push({ email: m.to, at: deps.clock.now().toISOString() });
    } catch {
      // Mail delivery failures are the mailer's to log (without content).
    }
  }
  return sent;
}

const notifyPatient = (deps: Deps, r: CorrectionRequest, update: CorrectionUpdate) => send(deps, [correctionUpdate(update, r.contactEmail, deps.portalUrl, r.requestId)]);

/**
 * Writes the next state if nobody changed the request since it was read; otherwise 409 with what is there now.
 * `changes` are the new fields; version and updatedAt are the store's concurrency guard and the queue's order.
 */
async function transition(
  deps: Deps,
  current: CorrectionRequest,
  changes: Partial<CorrectionRequest>,
  options: { markTarget?: boolean; forStaff: boolean },
): Promise<CorrectionRequest> {
  const next: CorrectionRequest = { ...current, ...changes, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
  if (await deps.corrections.save(next, current.version, options)) return next;
  const now = await deps.corrections.get(current.patientId, current.requestId);
  if (!now) throw new NotFoundError('This correction request no longer exists.');
  throw new CorrectionConflictError(`Someone else changed this request first: it ${STATUS_WORDS[now.status]}.`, view(deps, now, await practiceNameOf(deps, now.practiceId), options.forStaff));
}

function requireState(deps: Deps, r: CorrectionRequest, allowed: (r: CorrectionRequest) => boolean, message: string, practiceName: string, forStaff: boolean) {
  if (!allowed(r)) throw new CorrectionConflictError(`${message} This request ${STATUS_WORDS[r.status]}.`, view(deps, r, practiceName, forStaff));
}

async function audit(deps: Deps, principal: Principal, action: AuditAction, r: Pick<CorrectionRequest, 'patientId' | 'practiceId' | 'requestId'>, ctx: RequestContext) {
  await deps.audit.append({ actor: actorOf(principal), action, outcome: 'success', patientId: r.patientId, practiceId: r.practiceId, resource: { type: 'correction', id: r.requestId }, requestId: ctx.requestId });
}

// ---- patients ----

/** A patient asks a practice to correct a document, a record item, or something not tied to one item. */
export async function requestCorrection(deps: Deps, principal: Principal, input: CreateCorrectionInput, ctx: RequestContext): Promise<CorrectionView> {
  const patient = requirePatient(principal);
  const scope = await patientScope(deps, principal);
  let registration: { patientId: string; practiceId: string };
  let target: CorrectionTarget;
  let targetLabel: string;
  switch (input.target.kind) {
    case 'document': {
      const document = await deps.documents.getForPatients(scope.patientIds, input.target.documentId);
      if (!document) throw new NotFoundError('No document with this id in your records.');
      registration = document;
      target = { kind: 'document', documentId: document.documentId };
      // Titles of generated documents often carry their date already ("Visit summary, Oct 5, 2026").
      const day = document.date.slice(0, 10);
      targetLabel = document.title.includes(day.slice(0, 4)) ? document.title : `${document.title} (${day})`;
      break;
    }
    case 'item': {
      const { dataClass, itemKey } = input.target;
      const reg = scope.onlyPractice(input.target.practiceId).registrations[0]!;
      const item = await deps.records.get(reg.patientId, dataClass, itemKey);
      if (!item) throw new NotFoundError('No such item in your records from this practice.');
      registration = reg;
      target = { kind: 'item', dataClass, itemKey };
      targetLabel = itemLabel(item.resource);
      break;
    }
    case 'general': {
      registration = scope.onlyPractice(input.target.practiceId).registrations[0]!;
      target = { kind: 'general' };
      targetLabel = 'Something not tied to one item';
      break;
    }
  }
  const registered = await deps.directory.getPatient(registration.practiceId, registration.patientId);
  if (!registered) throw new NotFoundError('Your registration at this practice no longer exists.');
  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  const request: CorrectionRequest = {
    requestId: newRequestId(now, randomBytes(8).toString('hex')),
    patientId: registration.patientId,
    practiceId: registration.practiceId,
    accountId: patient.accountId,
    contactEmail: patient.email,
    target,
    targetLabel,
    patient: { givenName: registered.givenName, familyName: registered.familyName, mrn: registered.mrn },
    whatIsWrong: input.whatIsWrong,
    shouldSay: input.shouldSay,
    reason: input.reason,
    notify: input.notify.map((p) => ({ name: p.name, email: p.email, ...(p.organisation ? { organisation: p.organisation } : {}) })),
    status: 'submitted',
    receivedAt,
    dueAt: addDays(receivedAt, RESPONSE_DAYS),
    version: 1,
    updatedAt: receivedAt,
  };
  await deps.corrections.create(request);
  await audit(deps, principal, 'correction.request', request, ctx);
  await notifyPatient(deps, request, 'received');
  return view(deps, request, scope.practiceName(request.practiceId), false);
}

export async function listMyCorrections(deps: Deps, principal: Principal, page: PageQuery, ctx: RequestContext): Promise<Page<CorrectionView>> {
  const scope = await patientScope(deps, principal);
  const result = await deps.corrections.listForPatients(scope.patientIds, page);
  await scope.audit('correction.list', ctx);
  return { items: result.items.map((r) => view(deps, r, scope.practiceName(r.practiceId), false)), nextCursor: result.nextCursor };
}

/** One of the patient's requests: looked up in each of their registrations, never by id alone. */
async function myRequest(deps: Deps, principal: Principal, requestId: string) {
  const scope = await patientScope(deps, principal);
  const found = (await Promise.all(scope.patientIds.map((id) => deps.corrections.get(id, requestId)))).find((r) => r !== undefined);
  if (!found) throw new NotFoundError('No correction request with this id in your records.');
  return { request: found, practiceName: scope.practiceName(found.practiceId) };
}

export async function getMyCorrection(deps: Deps, principal: Principal, requestId: string, ctx: RequestContext): Promise<CorrectionView> {
  const { request, practiceName } = await myRequest(deps, principal, requestId);
  await audit(deps, principal, 'correction.read', request, ctx);
  return view(deps, request, practiceName, false);
}

/** The patient withdraws a request the practice has not decided yet. */
export async function withdrawCorrection(deps: Deps, principal: Principal, requestId: string, ctx: RequestContext): Promise<CorrectionView> {
  const { request, practiceName } = await myRequest(deps, principal, requestId);
  requireState(deps, request, isOpen, 'Only a request that has not been answered can be withdrawn.', practiceName, false);
  const next = await transition(deps, request, { status: 'withdrawn', withdrawnAt: deps.clock.now().toISOString() }, { forStaff: false });
  await audit(deps, principal, 'correction.withdraw', next, ctx);
  return view(deps, next, practiceName, false);
}

/** After a denial, the patient files one statement of disagreement; it joins the record with the request. */
export async function fileDisagreement(deps: Deps, principal: Principal, requestId: string, statement: string, ctx: RequestContext): Promise<CorrectionView> {
  const { request, practiceName } = await myRequest(deps, principal, requestId);
  requireState(deps, request, (r) => r.status === 'denied' && !r.disagreement, 'A statement of disagreement answers a denial, once.', practiceName, false);
  const next = await transition(deps, request, { disagreement: { at: deps.clock.now().toISOString(), statement } }, { forStaff: false });
  await audit(deps, principal, 'correction.disagree', next, ctx);
  return view(deps, next, practiceName, false);
}

// ---- practices ----

export async function listCorrectionQueue(deps: Deps, principal: Principal, query: CorrectionQueueQuery, ctx: RequestContext): Promise<Page<CorrectionView>> {
  const staff = requireStaff(principal);
  const result = await deps.corrections.listForPractice(staff.practiceId, query.status, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  const practiceName = await practiceNameOf(deps, staff.practiceId);
  await deps.audit.append({ actor: actorOf(principal), action: 'correction.list', outcome: 'success', practiceId: staff.practiceId, requestId: ctx.requestId });
  return { items: result.items.map((r) => view(deps, r, practiceName, true)), nextCursor: result.nextCursor };
}

/** A request addressed to the staff member's practice; any other is "not found", never "forbidden". */
async function practiceRequest(deps: Deps, staff: StaffPrincipal, patientId: string, requestId: string) {
  const request = await deps.corrections.get(patientId, requestId);
  if (!request || request.practiceId !== staff.practiceId) throw new NotFoundError('No correction request with this id for this patient at your practice.');
  const practice = await deps.directory.getPractice(staff.practiceId);
  return { request, practice: { name: practice?.name ?? 'Unknown practice', ...(practice?.phone ? { phone: practice.phone } : {}), ...(practice?.address ? { address: practice.address } : {}) } };
}

export async function getPracticeCorrection(deps: Deps, principal: Principal, patientId: string, requestId: string, ctx: RequestContext): Promise<CorrectionView> {
  const staff = requireStaff(principal);
  const { request, practice } = await practiceRequest(deps, staff, patientId, requestId);
  await audit(deps, principal, 'correction.read', request, ctx);
  return view(deps, request, practice.name, true);
}

/** One 30-day extension, before the 60 days are up, with a written reason sent to the patient. */
export async function extendCorrection(deps: Deps, principal: Principal, patientId: string, requestId: string, reason: string, ctx: RequestContext): Promise<CorrectionView> {
  const staff = requireStaff(principal);
  const { request, practice } = await practiceRequest(deps, staff, patientId, requestId);
  requireState(deps, request, (r) => r.status === 'submitted', 'A request can be extended once, before it is answered.', practice.name, true);
  const now = deps.clock.now();
  if (now.getTime() > Date.parse(request.dueAt)) {
    throw new DomainError('deadline_passed', 409, 'The 60 days to answer have passed: an extension had to be sent within them. Answer the request now.');
  }
  const next = await transition(
    deps,
    request,
    { status: 'extended', dueAt: addDays(request.dueAt, EXTENSION_DAYS), extension: { at: now.toISOString(), by: staff.accountId, reason, previousDueAt: request.dueAt } },
    { forStaff: true },
  );
  await audit(deps, principal, 'correction.extend', next, ctx);
  await notifyPatient(deps, next, 'extended');
  return view(deps, next, practice.name, true);
}

/**
 * Accept: the amendment is recorded on the request and the original is marked as amended by it (kept as it was).
 * The patient is told, and so are the people they named (a notice with a reference to quote, no content).
 */
export async function acceptCorrection(
  deps: Deps,
  principal: Principal,
  patientId: string,
  requestId: string,
  input: { amendment: string; amendmentDocumentId?: string | undefined },
  ctx: RequestContext,
): Promise<CorrectionView> {
  const staff = requireStaff(principal);
  const { request, practice } = await practiceRequest(deps, staff, patientId, requestId);
  requireState(deps, request, isOpen, 'Only an open request can be accepted.', practice.name, true);
  if (input.amendmentDocumentId && !(await deps.documents.getForPatients([request.patientId], input.amendmentDocumentId))) {
    throw new ValidationError('The amendment document must be a document of this patient at your practice.');
  }
  const now = deps.clock.now().toISOString();
  const decided = await transition(
    deps,
    request,
    {
      status: 'accepted',
      decision: {
        outcome: 'accepted',
        at: now,
        by: staff.accountId,
        amendment: input.amendment,
        ...(input.amendmentDocumentId ? { amendmentDocumentId: input.amendmentDocumentId } : {}),
        notified: [],
      },
    },
    { markTarget: true, forStaff: true },
  );
  await audit(deps, principal, 'correction.accept', decided, ctx);
  await notifyPatient(deps, decided, 'decided');
  // Named people, and everyone this record was sent to before, are told after the decision is stored: a failed
  // notice never leaves an undecided request. Each address once.
  const priorRecipients = await recipientsOfTarget(deps, decided);
  const addresses = [...new Set([...decided.notify.map((p) => p.email.toLowerCase()), ...priorRecipients.map((e) => e.toLowerCase())])];
  const notified = await send(deps, addresses.map((email) => amendmentNotice(email, practice, decided.requestId)));
  let final = decided;
  if (notified.length && decided.decision?.outcome === 'accepted') {
    final = await transition(deps, decided, { decision: { ...decided.decision, notified } }, { forStaff: true });
  }
  return view(deps, final, practice.name, true);
}

/**
 * Who received the amended information before (164.526(c)(3)(ii)): the recipients of the patient's transmissions
 * whose package held the target — an item of a class and date the selection covered, or the document itself (sent
 * as an original). A general request names no item: nobody is known to rely on it.
 */
async function recipientsOfTarget(deps: Deps, r: CorrectionRequest): Promise<string[]> {
  if (r.target.kind === 'general') return [];
  const target = r.target;
  let date: string | undefined;
  if (target.kind === 'item') date = (await deps.records.get(r.patientId, target.dataClass, target.itemKey))?.date;
  else date = (await deps.documents.getForPatients([r.patientId], target.documentId))?.date;
  const sent = await readAll((page) => deps.transmissions.listForPatient(r.patientId, page));
  return sent.filter((t) => transmissionHeld(t, target, date)).map((t) => t.recipient.email);
}

function transmissionHeld(t: Transmission, target: Exclude<CorrectionTarget, { kind: 'general' }>, date: string | undefined): boolean {
  const s = t.selection;
  const dated = (from?: string, to?: string) => withinWindow(date, { from, to });
  if (target.kind === 'document') {
    if (!t.formats.includes('originals')) return false;
    if (s.kind === 'documents') return s.documentIds.includes(target.documentId);
    return s.kind === 'everything' || dated(s.from, s.to);
  }
  if (!t.formats.some((f) => f !== 'originals') || s.kind === 'documents') return false;
  if (s.kind === 'everything') return true;
  if (s.kind === 'range') return dated(s.from, s.to);
  return s.dataClasses.includes(target.dataClass) && dated(s.from, s.to);
}

/** Deny, only on a ground of 164.526(a)(2): the written denial is produced from it and shown to the patient. */
export async function denyCorrection(
  deps: Deps,
  principal: Principal,
  patientId: string,
  requestId: string,
  input: { ground: DenialGround; explanation: string },
  ctx: RequestContext,
): Promise<CorrectionView> {
  const staff = requireStaff(principal);
  const { request, practice } = await practiceRequest(deps, staff, patientId, requestId);
  requireState(deps, request, isOpen, 'Only an open request can be denied.', practice.name, true);
  const at = deps.clock.now().toISOString();
  const letter = denialLetter({
    practice,
    receivedAt: request.receivedAt,
    decidedAt: at,
    ...(request.target.kind === 'general' ? {} : { targetLabel: request.targetLabel }),
    ground: input.ground,
    explanation: input.explanation,
  });
  const next = await transition(deps, request, { status: 'denied', decision: { outcome: 'denied', at, by: staff.accountId, ground: input.ground, explanation: input.explanation, letter } }, { forStaff: true });
  await audit(deps, principal, 'correction.deny', next, ctx);
  await notifyPatient(deps, next, 'decided');
  return view(deps, next, practice.name, true);
}

/** The practice's rebuttal to a statement of disagreement, once; a copy goes to the patient. */
export async function rebutDisagreement(deps: Deps, principal: Principal, patientId: string, requestId: string, text: string, ctx: RequestContext): Promise<CorrectionView> {
  const staff = requireStaff(principal);
  const { request, practice } = await practiceRequest(deps, staff, patientId, requestId);
  requireState(deps, request, (r) => !!r.disagreement && !r.rebuttal, 'A rebuttal answers a statement of disagreement, once.', practice.name, true);
  const next = await transition(deps, request, { rebuttal: { at: deps.clock.now().toISOString(), by: staff.accountId, text } }, { forStaff: true });
  await audit(deps, principal, 'correction.rebut', next, ctx);
  await notifyPatient(deps, next, 'rebuttal');
  return view(deps, next, practice.name, true);
}
