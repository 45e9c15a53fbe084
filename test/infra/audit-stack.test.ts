import { describe, expect, it } from 'vitest';
import { BUCKETS, TABLES } from '../../shared/platform/resources';
import { defaultPortalApp, logicalIdOf, onlyResourceOf, resourcesOf, synthPortal } from './portal-app';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>>; Principal?: unknown; Sid?: string };
const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe('audit digests and the document access trail', () => {
  const portal = defaultPortalApp();
  const { data, audit, templates } = portal;
  const dataResources = templates.data.toJSON().Resources as Record<string, any>;
  const auditResources = templates.audit.toJSON().Resources as Record<string, any>;
  const digestsId = logicalIdOf(data.auditDigestsBucket, data);
  const digests = dataResources[digestsId];

  describe('the digest bucket', () => {
    it('is the bucket of the definition, with Object Lock in compliance mode for six years by default', () => {
      expect(digestsId.startsWith(BUCKETS.auditDigests.id)).toBe(true);
      expect(digests.Properties.ObjectLockEnabled).toBe(true);
      expect(digests.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2190 } } });
      expect(digests.DeletionPolicy).toBe('Retain');
    });

    it('is versioned, private, KMS-encrypted with the data key and access-logged like the other buckets', () => {
      const p = digests.Properties;
      expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(data.key, data), 'Arn'] },
      });
      expect(Object.values(p.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
      expect(p.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logicalIdOf(data.accessLogsBucket, data) }, LogFilePrefix: 'audit-digests/' });
    });

    it('refuses plain-http requests and any put without If-None-Match, whoever makes it', () => {
      const [, policy] = resourcesOf(templates.data, 'AWS::S3::BucketPolicy').find(([, r]) => r.Properties.Bucket?.Ref === digestsId)!;
      const statements = policy.Properties.PolicyDocument.Statement as Statement[];
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Action: 's3:PutObject', Principal: { AWS: '*' }, Condition: { Null: { 's3:if-none-match': 'true' } } }),
        ]),
      );
    });

    it('takes its retention from context (a throw-away stack: one day), and refuses a retention that is not whole days', () => {
      const short = synthPortal({ context: { 'portal:auditDigestRetentionDays': '1', 'portal:documentAccessTrail': 'false' } });
      const bucket = short.templates.data.toJSON().Resources[logicalIdOf(short.data.auditDigestsBucket, short.data)];
      expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 1 });
      expect(() => synthPortal({ context: { 'portal:auditDigestRetentionDays': '0' } })).toThrow(/portal:auditDigestRetentionDays/);
    });
  });

  describe('the publisher', () => {
    const fnId = logicalIdOf(audit.publisher.function, audit);
    const fn = auditResources[fnId];
    const policy = dataResources[logicalIdOf(data.auditDigestPublisherPolicy, data)];
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    const auditId = logicalIdOf(data.tables.audit, data);

    it('runs every hour from an EventBridge rule that retries, and is no API route', () => {
      const [, rule] = onlyResourceOf(templates.audit, 'AWS::Events::Rule');
      expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })]);
      const [, permission] = onlyResourceOf(templates.audit, 'AWS::Lambda::Permission');
      expect(permission.Properties).toMatchObject({ Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
      expect(JSON.stringify(templates.api.toJSON())).not.toContain('publish-audit-digest');
    });

    it('has the project’s Lambda defaults, five minutes, and knows only the audit table and the digest bucket', () => {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Timeout: 300 });
      expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', TABLES.audit.envVar, BUCKETS.auditDigests.envVar].sort());
      const [, role] = onlyResourceOf(templates.audit, 'AWS::IAM::Role');
      expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
      expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('AuditDigestPublisherPolicy');
    });

    it('may Query the audit table and its byTime index, and put only anchor rows (never an event)', () => {
      const onAudit = statements.filter((s) => JSON.stringify(s.Resource).includes(auditId));
      expect(onAudit.flatMap((s) => list(s.Action)).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
      const query = onAudit.find((s) => s.Action === 'dynamodb:Query')!;
      expect(JSON.stringify(query.Resource)).toContain('/index/byTime');
      expect(JSON.stringify(query.Resource)).not.toContain('byPractice');
      expect(onAudit.find((s) => s.Action === 'dynamodb:PutItem')!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ANCHOR#*'] } });
    });

    it('may get, list and conditionally put digests, on the digest bucket only, and never delete', () => {
      const s3 = statements.filter((s) => list(s.Action).some((a) => a.startsWith('s3:')));
      for (const s of s3) expect(JSON.stringify(s.Resource)).toContain(digestsId);
      expect(s3.flatMap((s) => list(s.Action)).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
      expect(s3.find((s) => s.Action === 's3:PutObject')!.Condition).toEqual({ Null: { 's3:if-none-match': 'false' } });
      const all = statements.flatMap((s) => list(s.Action));
      expect(all.filter((a) => /Delete|Update|Scan|\*/.test(a))).toEqual([]);
      expect(JSON.stringify(statements)).not.toContain(logicalIdOf(data.tables.main, data));
      expect(JSON.stringify(statements)).not.toContain(logicalIdOf(data.documentsBucket, data));
    });
  });

  describe('the document access trail', () => {
    const trail = data.documentAccessTrail!;
    const [, cfnTrail] = onlyResourceOf(templates.data, 'AWS::CloudTrail::Trail');
    const bucketId = logicalIdOf(trail.bucket, data);
    const keyId = logicalIdOf(trail.key, data);

    it('records reads and writes of every object in the documents bucket, and only that', () => {
      expect(cfnTrail.Properties.EventSelectors).toEqual([
        {
          DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(data.documentsBucket, data), 'Arn'] }, '/']] }] }],
          IncludeManagementEvents: false,
          ReadWriteType: 'All',
        },
      ]);
      expect(cfnTrail.Properties).toMatchObject({ IsLogging: true, IsMultiRegionTrail: false });
    });

    it('validates its log files and encrypts them with a key of its own that only this trail may use', () => {
      expect(cfnTrail.Properties.EnableLogFileValidation).toBe(true);
      expect(cfnTrail.Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      const key = dataResources[keyId];
      expect(key.Properties.EnableKeyRotation).toBe(true);
      const forTrail = (key.Properties.KeyPolicy.Statement as Statement[]).filter((s) => JSON.stringify(s.Principal).includes('cloudtrail'));
      expect(forTrail.length).toBeGreaterThan(0);
      for (const s of forTrail) expect(s.Condition?.StringEquals?.['aws:SourceArn']).toBe(`arn:aws:cloudtrail:us-east-1:111111111111:trail/${trail.trailName}`);
    });

    it('writes to its own bucket with Object Lock in compliance mode, KMS, versioning and access logs', () => {
      expect(cfnTrail.Properties.S3BucketName).toEqual({ Ref: bucketId });
      const p = dataResources[bucketId].Properties;
      expect(p.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2190 } } });
      expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      expect(p.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalIdOf(data.accessLogsBucket, data) });
      const [, policy] = resourcesOf(templates.data, 'AWS::S3::BucketPolicy').find(([, r]) => r.Properties.Bucket?.Ref === bucketId)!;
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Sid: 'OnlyThisTrailWritesHere', Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:111111111111:trail/${trail.trailName}` } } })]),
      );
    });

    it('can be turned off for development stacks', () => {
      const dev = synthPortal({ context: { 'portal:documentAccessTrail': 'false' } });
      expect(resourcesOf(dev.templates.data, 'AWS::CloudTrail::Trail')).toEqual([]);
      expect(dev.data.documentAccessTrail).toBeUndefined();
    });
  });
});
