import type { AccountLinkRecord, Invitation, PatientRecord, Practice } from '../domain/entities';
import type { Page } from '../domain/schemas';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * Practices, the patients they register, invitations and the links between patient accounts and those
 * registrations. Every read of a patient takes the practice it must belong to: there is no unscoped read.
 */
export interface Directory {
  getPractice(practiceId: string): Promise<Practice | undefined>;
  putPractice(practice: Practice): Promise<void>;

  /** Creates the patient and their first invitation atomically. Throws ConflictError if the MRN is taken. */
  registerPatient(patient: PatientRecord, invitation: Invitation): Promise<void>;
  getPatient(practiceId: string, patientId: string): Promise<PatientRecord | undefined>;
  /** The patient a practice registered under this MRN, if any. */
  findPatientByMrn(practiceId: string, mrn: string): Promise<PatientRecord | undefined>;
  /** Newest first. */
  listPatients(practiceId: string, page: PageRequest): Promise<Page<PatientRecord>>;

  /** Revokes the patient's outstanding invitation (if any) and stores the new one; refused once linked. */
  replaceInvitation(patient: PatientRecord, invitation: Invitation): Promise<void>;
  findInvitation(codeHash: string): Promise<Invitation | undefined>;
  /**
   * Consumes the invitation and links the account to the patient, all or nothing. Throws ConflictError when the
   * invitation was used or revoked meanwhile, the patient is linked already, or the account already has a link
   * to this practice.
   */
  linkAccount(invitation: Invitation, accountId: string, now: Date): Promise<AccountLinkRecord>;
  listAccountLinks(accountId: string): Promise<AccountLinkRecord[]>;
}
