import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUCKETS, TABLES, type TableDef } from '../../shared/platform/resources';
import { defaultPortalApp, logicalIdOf, resourcesOf } from './portal-app';

const keySchema = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' },
  { AttributeName: sk, KeyType: 'RANGE' },
];

describe('data stack', () => {
  const { data, templates } = defaultPortalApp();
  const template = templates.data;
  const dataKeyId = logicalIdOf(data.key, data);

  it('encrypts with a customer-managed key that rotates', () => {
    // Prepare / Act: the app is synthesized once per file.
    // Assess
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
    expect(template.toJSON().Resources[dataKeyId].Type).toBe('AWS::KMS::Key');
  });

  it('creates exactly the tables of the resource definitions', () => {
    expect(resourcesOf(template, 'AWS::DynamoDB::GlobalTable')).toHaveLength(Object.keys(TABLES).length);
  });

  describe.each(Object.entries(TABLES) as [string, TableDef][])('table %s', (key, def) => {
    const [logicalId, table] = resourcesOf(template, 'AWS::DynamoDB::GlobalTable').find(([id]) => id === logicalIdOf(data.tables[key as keyof typeof TABLES], data))!;

    it('has the key schema, indexes and TTL of its definition', () => {
      expect(logicalId.startsWith(def.id)).toBe(true);
      const p = table.Properties;
      expect(p.KeySchema).toEqual(keySchema(def.partitionKey.name, def.sortKey.name));
      const expectedIndexes = def.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey.name, index.sortKey.name),
        Projection: { ProjectionType: 'ALL' },
      }));
      expect(p.GlobalSecondaryIndexes ?? []).toEqual(expectedIndexes);
      const keys = [def.partitionKey, def.sortKey, ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
      expect(p.AttributeDefinitions).toEqual(
        expect.arrayContaining(keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }))),
      );
      expect(p.TimeToLiveSpecification).toEqual(def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : undefined);
    });

    it('has point-in-time recovery, deletion protection and the CMK, and is retained', () => {
      const replica = table.Properties.Replicas[0];
      expect(replica.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] } });
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.DeletionPolicy).toBe('Retain');
    });
  });

  it('denies updating or deleting audit entries to every principal', () => {
    const audit = template.toJSON().Resources[logicalIdOf(data.tables.audit, data)];
    const statements = audit.Properties.Replicas[0].ResourcePolicy.PolicyDocument.Statement as Array<Record<string, any>>;
    const deny = statements.find((s) => s.Effect === 'Deny');
    expect(deny?.Principal).toEqual({ AWS: '*' });
    expect(deny?.Action).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    // The main table has no such policy (TTL and handlers delete there).
    const main = template.toJSON().Resources[logicalIdOf(data.tables.main, data)];
    expect(main.Properties.Replicas[0].ResourcePolicy).toBeUndefined();
  });

  it('implements the document grants without delete, and on the documents bucket only', () => {
    const documentsId = logicalIdOf(data.buckets.documents, data);
    for (const grant of ['documents:read', 'documents:write'] as const) {
      const policy = template.toJSON().Resources[logicalIdOf(data.accessPolicies[grant] as never, data)];
      const statements = policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
      const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions.filter((a) => /delete/i.test(a))).toEqual([]);
      const s3Statements = statements.filter((st) => JSON.stringify(st.Action).includes('s3:'));
      for (const st of s3Statements) expect(JSON.stringify(st.Resource)).toContain(documentsId);
    }
  });

  describe('documents bucket', () => {
    const bucketId = logicalIdOf(data.buckets.documents, data);
    const bucket = template.toJSON().Resources[bucketId];
    const logsBucketId = logicalIdOf(data.accessLogsBucket, data);

    it('is the bucket of the definition', () => {
      expect(bucketId.startsWith(BUCKETS.documents.id)).toBe(true);
    });

    it('is versioned, private and encrypted with the CMK (bucket key on)', () => {
      const p = bucket.Properties;
      expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [dataKeyId, 'Arn'] } },
        },
      ]);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    });

    it('refuses requests without TLS (and below TLS 1.2)', () => {
      const policy = resourcesOf(template, 'AWS::S3::BucketPolicy').find(([, r]) => r.Properties.Bucket?.Ref === bucketId)![1];
      const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
    });

    it('logs access to a separate SSE-S3 log bucket', () => {
      expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsBucketId }, LogFilePrefix: 'documents/' });
      const logs = template.toJSON().Resources[logsBucketId].Properties;
      expect(logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
      expect(logs.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(logs.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    });

    it('lets the portal PUT and GET presigned URLs and cleans up abandoned uploads', () => {
      const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
      expect(rule.AllowedMethods).toEqual(expect.arrayContaining(['PUT', 'GET']));
      expect(rule.AllowedMethods).not.toContain('DELETE');
      expect(rule.AllowedOrigins).toHaveLength(1);
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })]),
      );
      // Generated record exports do not outlive the day they were made.
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([expect.objectContaining({ Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' })]),
      );
    });
  });
});
