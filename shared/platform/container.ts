import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createAwsClients } from '../adapters/aws-clients';
import { CognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log';
import { DynamoDirectory } from '../adapters/dynamodb/directory';
import { DynamoDocumentIndex } from '../adapters/dynamodb/document-index';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { DynamoUploadStore } from '../adapters/dynamodb/upload-store';
import { DynamoRecordStore } from '../adapters/dynamodb/record-store';
import { DynamoCorrectionStore } from '../adapters/dynamodb/correction-store';
import { DynamoTransmissionStore } from '../adapters/dynamodb/transmission-store';
import { HttpFhirPusher } from '../adapters/http/fhir-pusher';
import { S3BlobStore } from '../adapters/s3/blob-store';
import { S3DigestArchive } from '../adapters/s3/digest-archive';
import { mailerFromConfig } from '../adapters/mail/mailer-from-config';
import { systemClock } from '../ports/clock';
import { DEFAULT_LIMITS, type Deps, type Limits } from '../usecases/deps';
import type { AuditDigestDeps } from '../usecases/audit-digests';
import { loadAuditDigestConfig, loadConfig, type PortalConfig } from './config';

function limitsFrom(env: NodeJS.ProcessEnv): Limits {
  const n = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return {
    invitationFailuresPerIp: n('LIMIT_INVITATION_FAILURES_PER_IP', DEFAULT_LIMITS.invitationFailuresPerIp),
    invitationFailuresPerAccount: n('LIMIT_INVITATION_FAILURES_PER_ACCOUNT', DEFAULT_LIMITS.invitationFailuresPerAccount),
    signInFailuresPerEmail: n('LIMIT_SIGN_IN_FAILURES_PER_EMAIL', DEFAULT_LIMITS.signInFailuresPerEmail),
    windowSeconds: DEFAULT_LIMITS.windowSeconds,
    invitationValidityDays: DEFAULT_LIMITS.invitationValidityDays,
    multipartThresholdBytes: n('MULTIPART_THRESHOLD_BYTES', DEFAULT_LIMITS.multipartThresholdBytes),
    // S3's smallest part is 5 MiB (the last part excepted).
    partSizeBytes: Math.max(5 * 1024 * 1024, n('MULTIPART_PART_BYTES', DEFAULT_LIMITS.partSizeBytes)),
  };
}

/** Builds the real adapters for an environment. Handlers call `getDeps()`, which does this once per cold start. */
export function buildDeps(config: PortalConfig = loadConfig(), env: NodeJS.ProcessEnv = process.env): Deps {
  const clients = createAwsClients(config);
  let secret: Promise<string | undefined> | undefined;
  const clientSecret = () =>
    (secret ??= config.clientSecretArn
      ? new SecretsManagerClient({ region: config.region })
          .send(new GetSecretValueCommand({ SecretId: config.clientSecretArn }))
          .then((out) => out.SecretString)
      : Promise.resolve(undefined));
  return {
    directory: new DynamoDirectory(clients.doc, config.tables.main),
    documents: new DynamoDocumentIndex(clients.doc, config.tables.main),
    blobs: new S3BlobStore(clients.s3, config.buckets.documents),
    uploads: new DynamoUploadStore(clients.doc, config.tables.main),
    records: new DynamoRecordStore(clients.doc, config.tables.main),
    corrections: new DynamoCorrectionStore(clients.doc, config.tables.main),
    transmissions: new DynamoTransmissionStore(clients.doc, config.tables.main),
    // The local stack's test FHIR server listens on 127.0.0.1; deployed, only public https targets.
    fhirPusher: new HttpFhirPusher({ allowPrivateTargets: config.local }),
    audit: new DynamoAuditLog(clients.doc, config.tables.audit, systemClock),
    digests: new S3DigestArchive(clients.s3, config.buckets.auditDigests),
    rateLimiter: new DynamoRateLimiter(clients.doc, config.tables.main),
    identity: new CognitoIdentityProvider(clients.cognito, config.userPoolId, config.clientId, clientSecret),
    clock: systemClock,
    mailer: mailerFromConfig(config),
    // Empty only when the deployment named no portal URL; the mailer then refuses to send (no broken links).
    portalUrl: config.portalUrl ?? '',
    limits: limitsFrom(env),
    requireStaffMfa: config.requireStaffMfa,
    secureCookies: config.secureCookies,
    health: {
      dynamodb: async () => {
        await Promise.all(Object.values(config.tables).map((TableName) => clients.dynamo.send(new DescribeTableCommand({ TableName }))));
      },
      s3: async () => {
        await clients.s3.send(new HeadBucketCommand({ Bucket: config.buckets.documents }));
      },
      cognito: async () => {
        await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: config.userPoolId }));
      },
    },
  };
}

/**
 * What the audit digest publisher needs (the scheduled function, the local stack's publisher, the verifier): the
 * audit log, the digest archive and the clock, from the two variables of loadAuditDigestConfig.
 */
export function buildAuditDigestDeps(config: PortalConfig = loadAuditDigestConfig()): AuditDigestDeps {
  const clients = createAwsClients(config);
  return {
    audit: new DynamoAuditLog(clients.doc, config.tables.audit, systemClock),
    digests: new S3DigestArchive(clients.s3, config.buckets.auditDigests),
    clock: systemClock,
  };
}

let deps: Deps | undefined;

/** The process's dependencies, built on first use (a Lambda cold start, or the first local request). */
export function getDeps(): Deps {
  return (deps ??= buildDeps());
}

/** For the local stack and tests: replace the dependencies of every handler in this process. */
export function setDeps(next: Deps | undefined): void {
  deps = next;
}
