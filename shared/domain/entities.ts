/** Stored entities. Storage adapters map these to items; use cases never see keys. */

export interface Practice {
  practiceId: string;
  name: string;
  phone?: string;
  address?: string;
}

/** A patient as registered by one practice (their MRN, their demographics). */
export interface PatientRecord {
  patientId: string;
  practiceId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  createdAt: string;
  createdBy: string;
  /** Cognito sub of the patient account linked to this registration, once linked. */
  accountId?: string;
  linkedAt?: string;
  /** Hash of the currently valid invitation code, if one is outstanding. */
  invitationHash?: string;
  invitationExpiresAt?: string;
}

export type InvitationStatus = 'active' | 'used' | 'revoked';

export interface Invitation {
  codeHash: string;
  patientId: string;
  practiceId: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
}

export interface AccountLinkRecord {
  accountId: string;
  practiceId: string;
  patientId: string;
  linkedAt: string;
}

export interface DocumentRecord {
  documentId: string;
  patientId: string;
  practiceId: string;
  title: string;
  kind: 'fhir' | 'ccda' | 'pdf' | 'image';
  contentType: string;
  size: number;
  sha256: string;
  date: string;
  author?: string;
  objectKey: string;
  createdAt: string;
  createdBy: string;
}
