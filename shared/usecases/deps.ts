import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { Directory } from '../ports/directory';
import type { BlobStore, DocumentIndex } from '../ports/document-store';
import type { HealthProbe } from '../ports/health-probe';
import type { IdentityProvider } from '../ports/identity-provider';
import type { RateLimiter } from '../ports/rate-limiter';
import type { UploadStore } from '../ports/upload-store';
import type { RecordStore } from '../ports/record-store';
import type { Mailer } from '../ports/mailer';
import type { CorrectionStore } from '../ports/correction-store';
import type { TransmissionStore } from '../ports/transmission-store';
import type { FhirPusher } from '../ports/fhir-pusher';
import type { DigestArchive } from '../ports/digest-archive';

/** Limits on guessing, configurable so that a local test stack can exercise them deliberately. */
export interface Limits {
  /** Failed invitation attempts allowed per source address in the window. */
  invitationFailuresPerIp: number;
  /** Failed invitation attempts allowed per signed-in account in the window. */
  invitationFailuresPerAccount: number;
  /** Failed sign-ins allowed per e-mail address in the window. */
  signInFailuresPerEmail: number;
  windowSeconds: number;
  invitationValidityDays: number;
  /** Files larger than this go up in parts. */
  multipartThresholdBytes: number;
  partSizeBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  invitationFailuresPerIp: 20,
  invitationFailuresPerAccount: 5,
  signInFailuresPerEmail: 10,
  windowSeconds: 15 * 60,
  invitationValidityDays: 30,
  // Parts of 64 MiB above 512 MiB: few enough parts to presign at once, small enough to retry one cheaply.
  multipartThresholdBytes: 512 * 1024 * 1024,
  partSizeBytes: 64 * 1024 * 1024,
};

/** Everything a use case may use, built once per cold start and passed in. */
export interface Deps {
  directory: Directory;
  documents: DocumentIndex;
  blobs: BlobStore;
  uploads: UploadStore;
  records: RecordStore;
  corrections: CorrectionStore;
  transmissions: TransmissionStore;
  fhirPusher: FhirPusher;
  audit: AuditLog;
  /** The write-once archive of the audit log's hourly digests (see usecases/audit-digests.ts). */
  digests: DigestArchive;
  rateLimiter: RateLimiter;
  identity: IdentityProvider;
  clock: Clock;
  mailer: Mailer;
  /** The portal's public origin (https://portal.example.org), for links in e-mails. */
  portalUrl: string;
  limits: Limits;
  requireStaffMfa: boolean;
  /** Cookies are `Secure` everywhere but on the local stack's plain-http loopback origin. */
  secureCookies: boolean;
  health: Record<'dynamodb' | 's3' | 'cognito', HealthProbe>;
}

/** Facts about the request that use cases may need (never the body or headers wholesale). */
export interface RequestContext {
  requestId: string;
  sourceIp: string;
}
