/**
 * Project-wide infrastructure defaults, in one place so that every stack keeps logs and keys the same way.
 */
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, ObjectOwnership, StorageClass, type LifecycleRule } from 'aws-cdk-lib/aws-s3';

/** Service name reported by Powertools in every log line and trace. */
export const SERVICE_NAME = 'patient-portal';

/**
 * CloudWatch log groups (function logs, API access logs, WAF logs): one year, enough to investigate an incident.
 * The HIPAA audit trail is the audit table, which keeps every event for good; these logs carry no PHI.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

/**
 * S3 and CloudFront access logs are cheap to keep: six years, the HIPAA documentation retention period,
 * moved to Glacier Instant Retrieval after 90 days.
 */
export const ACCESS_LOG_LIFECYCLE: LifecycleRule[] = [
  {
    id: 'archive-then-expire',
    transitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }],
    expiration: Duration.days(2192),
    noncurrentVersionExpiration: Duration.days(30),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
  },
];

/**
 * What every bucket of the project has, whatever it holds: TLS 1.2+ only, versioning, no public access, and
 * ownership enforced (no ACLs). Buckets add their encryption; one that must accept ACLs overrides the ownership.
 */
export const SECURE_BUCKET = {
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const;
