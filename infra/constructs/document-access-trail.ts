/**
 * Who fetched which document, and when, even after the portal handed out the link: a CloudTrail trail of S3 data
 * events (reads and writes) on the documents bucket.
 *
 * The portal audits the issuing of a presigned URL (`document.download`), but the download itself goes straight
 * from the browser to S3 and no handler sees it. CloudTrail does: each GetObject through a presigned URL is a data
 * event with the time, the source IP, the user agent, the object key and the credentials that signed the URL
 * (the issuing function's role session), so a download can be tied to the URL the portal issued, or shown never
 * to have happened. See docs/operations.md, "Documents fetched after a link was issued".
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SECURE_BUCKET } from './defaults';
import { NAG, acknowledge } from './nag';

/** Properties of {@link DocumentAccessTrail}. */
export interface DocumentAccessTrailProps {
  /** The bucket whose object reads and writes are recorded. */
  readonly documentsBucket: s3.IBucket;
  /** Where the trail bucket's own server access logs go. */
  readonly accessLogsBucket: s3.IBucket;
  /** Object Lock (compliance mode) retention of the log files, in days. */
  readonly retentionDays: number;
}

/**
 * The trail, its key and its bucket. The bucket has S3 Object Lock in compliance mode (no one can delete or
 * overwrite a log file before its retention ends) and the trail validates log files (signed hourly digest files),
 * so the record of downloads is as tamper-evident as the audit log.
 */
export class DocumentAccessTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;
  /** The trail's name (fixed, so that the key policy can name the trail without a circular reference). */
  public readonly trailName: string;

  constructor(scope: Construct, id: string, props: DocumentAccessTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.trailName = `${stack.stackName}-document-access`;
    const trailArn = `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/${this.trailName}`;

    this.key = new kms.Key(this, 'Key', {
      description: 'Patient portal: CloudTrail log files of document access',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addAlias(`alias/${stack.stackName}/document-access-trail`);
    // CloudTrail encrypts log files for this trail only (encryption context and source ARN name it).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptThisTrailsLogs',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeTheKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      ...SECURE_BUCKET,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'document-access-trail/',
      lifecycleRules: [
        {
          id: 'archive-then-expire-after-retention',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }],
          // Lifecycle never removes a version that Object Lock still holds; this only tidies up after retention.
          expiration: Duration.days(props.retentionDays + 1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Confused-deputy guard: CloudTrail may write here for this trail only (the Trail construct's own statements
    // allow the service without naming the trail).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyThisTrailWritesHere',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
    acknowledge(
      this.bucket,
      'The trail log files are write-once (Object Lock, compliance mode) and validated by CloudTrail digest files; a replica in a second region is a disaster-recovery choice for the operator, not a default.',
      NAG.hipaaS3Replication,
    );

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: this.trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      enableFileValidation: true,
      // Data events of one bucket in this region; management events stay with the account's own trail.
      managementEvents: cloudtrail.ReadWriteType.NONE,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
    });
    this.trail.addS3EventSelector([{ bucket: props.documentsBucket }], { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false });
    acknowledge(
      this.trail,
      'The log files are queried from their Object Lock bucket (Athena or CloudTrail Lake, see docs/operations.md); a CloudWatch Logs copy would put the object keys (patient and document ids) into a second, deletable store and bill every event twice.',
      'HIPAA.Security-CloudTrailCloudWatchLogsEnabled',
    );
  }
}
