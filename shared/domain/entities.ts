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
  /** The name the file was uploaded under (used for downloads). */
  filename?: string;
  /** 1 for a first upload; a corrected upload supersedes an earlier document as its next version. */
  version?: number;
  supersedes?: string;
  supersededBy?: string;
  /** Accepted correction requests that amend this document (the original stays as uploaded). */
  amendedBy?: string[];
}

export type UploadStatus = 'pending' | 'verifying' | 'accepted' | 'rejected';

/** A file on its way in: presigned, uploaded to staging, then verified and accepted or rejected. */
export interface UploadRecord {
  uploadId: string;
  practiceId: string;
  patientId: string;
  /** The document this upload becomes once accepted. */
  documentId: string;
  stagingKey: string;
  filename: string;
  declaredSize: number;
  declaredType: string;
  sha256: string;
  title?: string;
  supersedes?: string;
  /** Set when the file goes up in parts (S3 multipart upload id). */
  multipartId?: string;
  status: UploadStatus;
  reason?: { code: string; message: string };
  createdAt: string;
  createdBy: string;
  expiresAt: string;
}
