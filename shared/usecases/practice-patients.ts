import { randomUUID } from 'node:crypto';
import type { PatientRecord } from '../domain/entities';
import { requireStaff, type Principal } from '../domain/principal';
import type { IssuedInvitation, Page, PatientListQuery, PracticePatient, RegisteredPatient, RegisterPatientInput } from '../domain/schemas';
import { ConflictError, NotFoundError } from '../errors';
import type { Deps, RequestContext } from './deps';
import { makeInvitation } from './invitations';
import { actorOf } from './scope';

function view(p: PatientRecord): PracticePatient {
  return {
    patientId: p.patientId,
    practiceId: p.practiceId,
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    status: p.accountId ? 'linked' : 'invited',
    createdAt: p.createdAt,
    ...(p.invitationExpiresAt ? { invitationExpiresAt: p.invitationExpiresAt } : {}),
  };
}

/** A practice admin registers a patient and receives a one-time invitation code to hand over. */
export async function registerPatient(deps: Deps, principal: Principal, input: RegisterPatientInput, ctx: RequestContext): Promise<RegisteredPatient> {
  const admin = requireStaff(principal, 'admin');
  const patient: PatientRecord = {
    patientId: randomUUID(),
    practiceId: admin.practiceId,
    mrn: input.mrn,
    givenName: input.givenName,
    familyName: input.familyName,
    birthDate: input.birthDate,
    createdAt: deps.clock.now().toISOString(),
    createdBy: admin.accountId,
  };
  const { invitation, issued } = makeInvitation(deps, patient);
  patient.invitationHash = invitation.codeHash;
  patient.invitationExpiresAt = invitation.expiresAt;
  await deps.directory.registerPatient(patient, invitation);
  await deps.audit.append({
    actor: actorOf(principal),
    action: 'patient.register',
    outcome: 'success',
    patientId: patient.patientId,
    practiceId: patient.practiceId,
    resource: { type: 'patient', id: patient.patientId },
    requestId: ctx.requestId,
  });
  return { patient: view(patient), invitation: issued };
}

/** The practice's patients, newest first; with an MRN, just that patient (how the bulk uploader finds them). */
export async function listPracticePatients(deps: Deps, principal: Principal, page: PatientListQuery, ctx: RequestContext): Promise<Page<PracticePatient>> {
  const staff = requireStaff(principal);
  const result = page.mrn
    ? await deps.directory.findPatientByMrn(staff.practiceId, page.mrn).then((p) => ({ items: p ? [p] : [], nextCursor: undefined }))
    : await deps.directory.listPatients(staff.practiceId, page);
  await deps.audit.append({ actor: actorOf(principal), action: 'patient.list', outcome: 'success', practiceId: staff.practiceId, resource: { type: 'patient-list', id: staff.practiceId }, requestId: ctx.requestId });
  return { items: result.items.map(view), nextCursor: result.nextCursor };
}

/** One patient of the caller's practice; a patient of another practice is simply not found. */
export async function getPracticePatient(deps: Deps, principal: Principal, patientId: string, ctx: RequestContext): Promise<PracticePatient> {
  const staff = requireStaff(principal);
  const patient = await deps.directory.getPatient(staff.practiceId, patientId);
  if (!patient) throw new NotFoundError('No patient with this id at your practice.');
  await deps.audit.append({ actor: actorOf(principal), action: 'patient.read', outcome: 'success', patientId, practiceId: staff.practiceId, resource: { type: 'patient', id: patientId }, requestId: ctx.requestId });
  return view(patient);
}

/** A new invitation code for a patient who has not linked an account yet; the previous code stops working. */
export async function issueInvitation(deps: Deps, principal: Principal, patientId: string, ctx: RequestContext): Promise<IssuedInvitation> {
  const admin = requireStaff(principal, 'admin');
  const patient = await deps.directory.getPatient(admin.practiceId, patientId);
  if (!patient) throw new NotFoundError('No patient with this id at your practice.');
  if (patient.accountId) throw new ConflictError('This patient has already linked their account; no invitation is needed.', 'already_linked');
  const { invitation, issued } = makeInvitation(deps, patient);
  await deps.directory.replaceInvitation(patient, invitation);
  await deps.audit.append({ actor: actorOf(principal), action: 'invitation.issue', outcome: 'success', patientId, practiceId: admin.practiceId, resource: { type: 'invitation', id: patientId }, requestId: ctx.requestId });
  return issued;
}
