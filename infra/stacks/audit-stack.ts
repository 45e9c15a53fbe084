import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { BUCKETS, TABLES } from '../../shared/platform/resources';
import { SERVICE_NAME } from '../constructs/defaults';
import { PortalFunction, type JobDef } from '../constructs/portal-function';
import type { DataStack } from './data-stack';

/** The digest publisher: once an hour, the two hours before (see shared/usecases/audit-digests.ts). */
export const PUBLISH_AUDIT_DIGEST: JobDef = {
  id: 'PublishAuditDigest',
  handler: 'functions/system/publish-audit-digest.ts',
  description: 'publishes the hourly digest of the audit log to the write-once digest bucket',
  // A busy hour means thousands of chains: a Query for each head and a PutItem for each anchor.
  runtime: { timeoutSeconds: 300, memoryMb: 512 },
};

/** How often the publisher runs. */
export const AUDIT_DIGEST_SCHEDULE = events.Schedule.rate(Duration.hours(1));

/** Properties of {@link AuditStack}. */
export interface AuditStackProps extends StackProps {
  readonly data: DataStack;
  /** Repository root, against which the job's handler path is resolved. */
  readonly projectRoot: string;
  /** @default - none */
  readonly reservedConcurrency?: number;
}

/**
 * Tamper evidence for the audit log: the function that publishes each hour's digest into the data stack's Object
 * Lock bucket, and the EventBridge rule that runs it every hour. The function knows only the audit table and the
 * digest bucket, and may only read the log, write anchor rows and create digests that do not exist yet.
 */
export class AuditStack extends Stack {
  public readonly publisher: PortalFunction;
  public readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { data } = props;

    this.publisher = new PortalFunction(this, PUBLISH_AUDIT_DIGEST.id, {
      route: PUBLISH_AUDIT_DIGEST,
      projectRoot: props.projectRoot,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        [TABLES.audit.envVar]: data.tables.audit.tableName,
        [BUCKETS.auditDigests.envVar]: data.auditDigestsBucket.bucketName,
      },
      logsKey: data.logsKey,
      managedPolicies: [data.auditDigestPublisherPolicy],
      reservedConcurrentExecutions: props.reservedConcurrency,
    });

    this.schedule = new events.Rule(this, 'HourlyDigest', {
      description: 'Publishes the audit log digest of the previous hour (and the one before, to make good a failed run)',
      schedule: AUDIT_DIGEST_SCHEDULE,
      targets: [new targets.LambdaFunction(this.publisher.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    new CfnOutput(this, 'AuditDigestsBucket', { value: data.auditDigestsBucket.bucketName, description: 'Write-once archive of the audit digests (AUDIT_DIGESTS_BUCKET for npm run audit:verify)' });
    if (data.documentAccessTrail) {
      new CfnOutput(this, 'DocumentAccessTrailBucket', { value: data.documentAccessTrail.bucket.bucketName, description: 'CloudTrail log files of document reads and writes (S3 data events)' });
    }
  }
}
