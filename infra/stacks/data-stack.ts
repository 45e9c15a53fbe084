import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BUCKETS, DOCUMENTS_CORS, TABLES, type KeyDef, type TableDef } from '../../shared/platform/resources';
import type { Grant } from '../../shared/platform/routes';
import type { AccessPolicies } from '../constructs/access-policies';
import { ACCESS_LOG_LIFECYCLE, SECURE_BUCKET } from '../constructs/defaults';
import { DocumentAccessTrail } from '../constructs/document-access-trail';
import { NAG, acknowledge, nagResource } from '../constructs/nag';

/** Keys of the table definitions in shared/platform/resources.ts. */
export type TableKey = keyof typeof TABLES;

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /**
   * Origin of the portal (scheme and host, no path) that may PUT and GET presigned document URLs from a browser.
   * CORS is not the access control here (the presigned signature is); it only lets the portal's scripts see the answer.
   */
  readonly webOrigin: string;
  /**
   * Object Lock retention (compliance mode) of each audit digest, in days. Compliance mode cannot be shortened or
   * lifted by anyone, the account's root user included: a digest cannot be deleted, nor the bucket, before its
   * retention ends. Throw-away stacks should use 1.
   * @default 2190 (six years, the HIPAA documentation retention period)
   */
  readonly auditDigestRetentionDays?: number;
  /**
   * The CloudTrail trail of S3 data events on the documents bucket (downloads through presigned URLs), and the
   * Object Lock retention of its log files in days; `false` for none (development stacks).
   * @default { retentionDays: 2190 }
   */
  readonly documentAccessTrail?: { readonly retentionDays: number } | false;
}

/** Six years: HIPAA's retention period for documentation (45 CFR 164.316(b)(2)). */
export const AUDIT_RETENTION_DAYS = 2190;

/**
 * Where the portal keeps PHI: the DynamoDB tables and the documents bucket, all encrypted with a customer-managed
 * key, plus the key for CloudWatch Logs. Everything here is retained when the stack is deleted.
 *
 * The stack also implements the data grants of the route table (`main:*`, `audit:append`, `documents:*`, part of
 * `health`) as managed policies; see {@link AccessPolicies}.
 */
export class DataStack extends Stack {
  /** Customer-managed key of the tables and the documents bucket (rotated yearly). */
  public readonly key: kms.Key;
  /** Key for CloudWatch Logs log groups in this account and region (rotated yearly). */
  public readonly logsKey: kms.Key;
  /** One TableV2 per entry of TABLES, by the same key. */
  public readonly tables: Readonly<Record<TableKey, dynamodb.TableV2>>;
  /** Health-record documents: originals and generated copies. */
  public readonly documentsBucket: s3.Bucket;
  /** One bucket per entry of BUCKETS, by the same key. */
  public readonly buckets: Readonly<Record<keyof typeof BUCKETS, s3.Bucket>>;
  /** Hourly audit digests: Object Lock (compliance mode), and only conditional puts (see BUCKETS.auditDigests). */
  public readonly auditDigestsBucket: s3.Bucket;
  /** S3 data events on the documents bucket, or undefined where turned off. */
  public readonly documentAccessTrail?: DocumentAccessTrail;
  /** What the scheduled digest publisher may do: read the audit log, write anchors, write new digests. */
  public readonly auditDigestPublisherPolicy: iam.ManagedPolicy;
  /** Target of the documents bucket's server access logs. */
  public readonly accessLogsBucket: s3.Bucket;
  /** Managed policies implementing the data grants. */
  public readonly accessPolicies: AccessPolicies;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    assertOrigin(props.webOrigin);

    this.key = new kms.Key(this, 'DataKey', {
      description: 'Patient portal: PHI at rest (DynamoDB tables, documents bucket)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addAlias(`alias/${this.stackName}/data`);

    this.logsKey = new kms.Key(this, 'LogsKey', {
      description: 'Patient portal: CloudWatch Logs (function, API access and WAF logs)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.logsKey.addAlias(`alias/${this.stackName}/logs`);
    // CloudWatch Logs encrypts with the caller's key only if the key policy lets the service use it, and only for
    // log groups of this account and region (the encryption context names the log group).
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisAccountAndRegion',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
        },
      }),
    );

    const tables = {} as Record<TableKey, dynamodb.TableV2>;
    for (const [key, def] of Object.entries(TABLES) as [TableKey, TableDef][]) {
      tables[key] = this.createTable(def);
    }
    this.tables = tables;
    this.protectAuditTrail(this.tables.audit);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      // S3 server access logs can only be delivered to a bucket with SSE-S3 (not SSE-KMS).
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...SECURE_BUCKET,
      lifecycleRules: ACCESS_LOG_LIFECYCLE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogsBucket, 'S3 server access log delivery supports only SSE-S3 on the target bucket; the logs hold request metadata, no PHI.', NAG.hipaaS3Kms);
    acknowledge(this.accessLogsBucket, 'Access logs are versioned and retained in-region; cross-region replication of logs is not needed for recovery of the service.', NAG.hipaaS3Replication);

    this.documentsBucket = new s3.Bucket(this, BUCKETS.documents.id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of one KMS call per object: cheaper, same protection.
      bucketKeyEnabled: true,
      // Versioned (SECURE_BUCKET): a replaced or amended document keeps its earlier versions.
      ...SECURE_BUCKET,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        {
          allowedMethods: DOCUMENTS_CORS.allowedMethods.map((m) => s3.HttpMethods[m]),
          allowedOrigins: [props.webOrigin],
          allowedHeaders: [...DOCUMENTS_CORS.allowedHeaders],
          exposedHeaders: [...DOCUMENTS_CORS.exposedHeaders],
          maxAge: DOCUMENTS_CORS.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Staged uploads that were never completed: nothing a patient could see, gone after two days.
        { id: 'expire-staged-uploads', prefix: 'incoming/', expiration: Duration.days(2), noncurrentVersionExpiration: Duration.days(1) },
        // Record exports are copies made on request and fetched within minutes; the record itself stays in DynamoDB.
        { id: 'expire-record-exports', prefix: 'exports/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
        // Packages sent to third parties: links last at most 30 days, the copies one day longer.
        { id: 'expire-transmissions', prefix: 'transmissions/', expiration: Duration.days(31), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.documentsBucket,
      'Documents are versioned and KMS-encrypted in one region; cross-region replication needs a second region and replica key and is a disaster-recovery decision for the operator, not a default.',
      NAG.hipaaS3Replication,
    );

    this.auditDigestsBucket = this.createAuditDigestsBucket(props.auditDigestRetentionDays ?? AUDIT_RETENTION_DAYS);
    if (props.documentAccessTrail !== false) {
      this.documentAccessTrail = new DocumentAccessTrail(this, 'DocumentAccessTrail', {
        documentsBucket: this.documentsBucket,
        accessLogsBucket: this.accessLogsBucket,
        retentionDays: props.documentAccessTrail?.retentionDays ?? AUDIT_RETENTION_DAYS,
      });
    }

    this.buckets = { documents: this.documentsBucket, auditDigests: this.auditDigestsBucket };
    this.accessPolicies = this.createAccessPolicies();
    this.auditDigestPublisherPolicy = this.createAuditDigestPublisherPolicy();
  }

  /**
   * ONC 170.315(d)(10), alteration is detectable: the archive of the audit log's hourly digests. Object Lock in
   * compliance mode keeps every version of every object for the retention period, whoever asks; the bucket policy
   * also refuses any put that does not carry If-None-Match, so that a digest's key never gets a second version.
   */
  private createAuditDigestsBucket(retentionDays: number): s3.Bucket {
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`auditDigestRetentionDays must be a whole number of days, at least 1 (got ${retentionDays})`);
    const bucket = new s3.Bucket(this, BUCKETS.auditDigests.id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      ...SECURE_BUCKET,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-digests/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DigestsAreWrittenOnce',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    acknowledge(
      bucket,
      'Digests are write-once (Object Lock, compliance mode) and a few kilobytes an hour; a replica in a second region is a disaster-recovery choice for the operator, not a default.',
      NAG.hipaaS3Replication,
    );
    return bucket;
  }

  /**
   * The scheduled digest publisher's grants: Query the audit table and its byTime index (the changed chains, their
   * heads), PutItem only for items whose key starts with ANCHOR# (never an event), and on the digest bucket get,
   * list (so that a missing digest answers 404, not 403) and put, the put only with If-None-Match.
   */
  private createAuditDigestPublisherPolicy(): iam.ManagedPolicy {
    const audit = this.tables.audit;
    // The index of a chain by time: a chain's last event of an hour, when the chain has moved on since.
    const byTime = TABLES.audit.globalIndexes.find((index) => index.indexName === 'byTime');
    if (!byTime) throw new Error('The audit table has no byTime index (shared/platform/resources.ts)');
    const digests = this.auditDigestsBucket.arnForObjects('digests/*');
    const via = (service: string) => ({ StringEquals: { 'kms:ViaService': `${service}.${this.region}.${this.urlSuffix}` } });
    const policy = new iam.ManagedPolicy(this, 'AuditDigestPublisherPolicy', {
      description: 'Patient portal audit digest publisher: read the audit log, write anchors and new digests',
      statements: [
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [audit.tableArn, `${audit.tableArn}/index/${byTime.indexName}`] }),
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [audit.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ANCHOR#*'] } },
        }),
        new iam.PolicyStatement({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [this.key.keyArn], conditions: via('dynamodb') }),
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [digests] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [digests], conditions: { Null: { 's3:if-none-match': 'false' } } }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.auditDigestsBucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn], conditions: via('s3') }),
      ],
    });
    acknowledge(
      policy,
      'Digests are objects under digests/ named by their hour; the key space is the resource, puts must carry If-None-Match (no overwrite) and Object Lock keeps every version.',
      NAG.iamWildcard(`Resource::${nagResource(this, digests)}`),
    );
    return policy;
  }

  private createTable(def: TableDef): dynamodb.TableV2 {
    return new dynamodb.TableV2(this, def.id, {
      partitionKey: attribute(def.partitionKey),
      sortKey: attribute(def.sortKey),
      globalSecondaryIndexes: def.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: def.ttlAttribute,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * ONC 170.315(d)(10): audit entries cannot be changed or deleted. Besides the handlers' grants (PutItem and Query
   * only), the table's own policy denies item updates and deletes to every principal, administrators included, so
   * that tampering would first need a visible, CloudTrail-logged change of this policy.
   */
  private protectAuditTrail(table: dynamodb.TableV2): void {
    table.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AuditEntriesAreAppendOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
        // A table policy cannot name its own table's ARN without a circular reference; '*' means "this table".
        resources: ['*'],
      }),
    );
  }

  private createAccessPolicies(): AccessPolicies {
    const { main, audit } = this.tables;
    const objects = this.documentsBucket.arnForObjects('*');
    const viaDynamoDb = { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.${this.urlSuffix}` } };
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${this.region}.${this.urlSuffix}` } };
    const keyUse = (actions: string[], conditions: Record<string, unknown>) =>
      new iam.PolicyStatement({ actions, resources: [this.key.keyArn], conditions });

    const mainRead = [
      new iam.PolicyStatement({
        // No Scan: every read of patient data goes through a key or an index.
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
        resources: tableAndIndexArns(main, TABLES.main),
      }),
      keyUse(['kms:Decrypt', 'kms:DescribeKey'], viaDynamoDb),
    ];

    const statements: Record<Exclude<Grant, 'userpool:auth' | 'userpool:admin' | 'mail:send'>, iam.PolicyStatement[]> = {
      'main:read': mainRead,
      'main:write': [
        ...mainRead,
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [main.tableArn],
        }),
        keyUse(['kms:Encrypt', 'kms:GenerateDataKey'], viaDynamoDb),
      ],
      // Append and read back, nothing else: see TABLES.audit.
      'audit:append': [
        new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [audit.tableArn] }),
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: tableAndIndexArns(audit, TABLES.audit) }),
        keyUse(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], viaDynamoDb),
      ],
      'documents:read': [
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
        keyUse(['kms:Decrypt'], viaS3),
      ],
      // Write implies read (an upload is verified after it lands: size, SHA-256, content). No delete: versioning
      // keeps whatever a put replaces, and no handler may remove a document.
      'documents:write': [
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [objects] }),
        // Multipart uploads to an SSE-KMS bucket need Decrypt as well as GenerateDataKey.
        keyUse(['kms:GenerateDataKey', 'kms:Decrypt'], viaS3),
      ],
      // Uploads land under incoming/ and are copied to their document key once verified; only that staging area
      // may ever be deleted from (a rejected file, or the staged copy of an accepted one).
      'documents:stage': [new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.documentsBucket.arnForObjects('incoming/*')] })],
      health: [
        new iam.PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [main.tableArn, audit.tableArn] }),
        // HeadBucket is authorised by s3:ListBucket.
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.documentsBucket.bucketArn] }),
      ],
    };

    const policies: Partial<Record<Grant, iam.ManagedPolicy>> = {};
    for (const [grant, grantStatements] of Object.entries(statements) as [Grant, iam.PolicyStatement[]][]) {
      policies[grant] = new iam.ManagedPolicy(this, `${policyId(grant)}Policy`, {
        description: `Patient portal route grant '${grant}' on the data stack's resources`,
        statements: grantStatements,
      });
    }
    for (const grant of ['documents:read', 'documents:write'] as const) {
      acknowledge(
        policies[grant]!,
        'Handlers address documents by object key in the documents bucket, so the key space is the resource; the actions are only get, put and abort-upload (never delete).',
        NAG.iamWildcard(`Resource::${nagResource(this, objects)}`),
      );
    }
    acknowledge(
      policies['documents:stage']!,
      'Delete is limited to the incoming/ staging prefix, whose keys are per-upload ids; accepted documents live under patients/ and cannot be deleted.',
      NAG.iamWildcard(`Resource::${nagResource(this, this.documentsBucket.arnForObjects('incoming/*'))}`),
    );
    return policies;
  }
}

function attribute(key: KeyDef): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

/** The table's ARN and the ARN of each of its indexes, named from the definition: no `index/*` wildcard. */
function tableAndIndexArns(table: dynamodb.TableV2, def: TableDef): string[] {
  return [table.tableArn, ...def.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)];
}

/** 'documents:write' → 'DocumentsWrite'. */
function policyId(grant: Grant): string {
  return grant
    .split(/[^a-z]/i)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function assertOrigin(origin: string): void {
  if (!/^https:\/\/[^/\s]+$/.test(origin)) {
    throw new Error(`webOrigin must be an https origin without a path (e.g. https://portal.example.org), got "${origin}"`);
  }
}
