/**
 * Creates the local stack's resources from the same definitions the CDK stacks use (shared/platform/resources.ts):
 * tables with their key schema and indexes, buckets, the user pool with its policy, MFA, custom attribute, groups
 * and app client. Idempotent: a restart finds everything in place and changes nothing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AUTH_ENV, BUCKETS, CUSTOM_ATTRIBUTES, DOCUMENTS_CORS, GROUPS, PASSWORD_POLICY, SESSION, TABLES, type TableDef } from '../../shared/platform/resources';

/** Fixed ids of the real form, so that aws-jwt-verify derives the same issuer that cognito-local writes. */
export const LOCAL_USER_POOL_ID = 'us-east-1_L0ca1P00l';
export const LOCAL_CLIENT_ID = 'localportalclient0000000000';
export const LOCAL_REGION = 'us-east-1';
/** cognito-local signs tokens with this issuer domain; only the local gateway may ever accept it. */
export const LOCAL_ISSUER_DOMAIN = `https://cognito-idp.${LOCAL_REGION}.amazonaws.com`;

/** s3rver accepts only its own well-known key pair; DynamoDB Local (-sharedDb) and cognito-local accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function tableInput(def: TableDef, name: string): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [def.partitionKey, def.sortKey, ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) attributes.set(key.name, key.type);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(def.globalIndexes.length
      ? {
          GlobalSecondaryIndexes: def.globalIndexes.map((i) => ({
            IndexName: i.indexName,
            KeySchema: [
              { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

export async function ensureTables(dynamo: DynamoDBClient): Promise<void> {
  await Promise.all(
    (Object.values(TABLES) as TableDef[]).map(async (def) => {
      try {
        const described = await dynamo.send(new DescribeTableCommand({ TableName: def.localName }));
        // A table kept in .data from an older version gains the indexes added since (one at a time, as DynamoDB wants).
        const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
        const input = tableInput(def, def.localName);
        for (const index of input.GlobalSecondaryIndexes ?? []) {
          if (present.has(index.IndexName)) continue;
          await dynamo.send(new UpdateTableCommand({ TableName: def.localName, AttributeDefinitions: input.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }));
        }
        return;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      await dynamo.send(new CreateTableCommand(tableInput(def, def.localName)));
      if (def.ttlAttribute) {
        await dynamo.send(new UpdateTimeToLiveCommand({ TableName: def.localName, TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true } }));
      }
    }),
  );
}

/**
 * Creates the buckets (documents, audit digests) and allows the portal's origin to PUT and GET documents through
 * presigned URLs, as CDK does. s3rver has no Object Lock and no conditional puts: locally a digest can be replaced.
 */
export async function ensureBuckets(s3: S3Client, portalOrigins: string[]): Promise<void> {
  for (const def of Object.values(BUCKETS)) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: def.localName }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket: def.localName }));
    }
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: BUCKETS.documents.localName,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: portalOrigins,
            AllowedMethods: [...DOCUMENTS_CORS.allowedMethods],
            AllowedHeaders: [...DOCUMENTS_CORS.allowedHeaders],
            ExposeHeaders: [...DOCUMENTS_CORS.exposedHeaders],
            MaxAgeSeconds: DOCUMENTS_CORS.maxAgeSeconds,
          },
        ],
      },
    }),
  );
}

/**
 * cognito-local reads its pools and clients from files when it starts, so the pool (under its fixed id) and the
 * app client are written before it starts; everything else goes through the Cognito API afterwards.
 */
export function prepareCognitoFiles(cognitoDir: string): void {
  const dotCognito = join(cognitoDir, '.cognito');
  const db = join(dotCognito, 'db');
  mkdirSync(db, { recursive: true });
  writeFileSync(join(dotCognito, 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: LOCAL_ISSUER_DOMAIN } }, null, 2));
  const poolFile = join(db, `${LOCAL_USER_POOL_ID}.json`);
  if (!existsSync(poolFile)) writeFileSync(poolFile, JSON.stringify({ Users: {}, Groups: {} }));
  const clientsFile = join(db, 'clients.json');
  if (!existsSync(clientsFile)) {
    const now = new Date().toISOString();
    writeFileSync(
      clientsFile,
      JSON.stringify(
        {
          Clients: {
            [LOCAL_CLIENT_ID]: {
              ClientId: LOCAL_CLIENT_ID,
              ClientName: 'portal',
              UserPoolId: LOCAL_USER_POOL_ID,
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              IdTokenValidity: SESSION.idTokenMinutes,
              AccessTokenValidity: SESSION.accessTokenMinutes,
              RefreshTokenValidity: SESSION.refreshTokenHours,
              TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'hours' },
              PreventUserExistenceErrors: 'ENABLED',
              EnableTokenRevocation: true,
              CreationDate: now,
              LastModifiedDate: now,
            },
          },
        },
        null,
        2,
      ),
    );
  }
}

export async function ensureUserPool(cognito: CognitoIdentityProviderClient): Promise<void> {
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: LOCAL_USER_POOL_ID }));
  const customName = `custom:${CUSTOM_ATTRIBUTES.practiceId}`;
  if (!UserPool?.SchemaAttributes?.some((a) => a.Name === customName)) {
    await cognito.send(
      new AddCustomAttributesCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        CustomAttributes: [{ Name: CUSTOM_ATTRIBUTES.practiceId, AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } }],
      }),
    );
  }
  if (UserPool?.MfaConfiguration !== 'OPTIONAL') {
    await cognito.send(
      new UpdateUserPoolCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        MfaConfiguration: 'OPTIONAL',
        Policies: {
          PasswordPolicy: {
            MinimumLength: PASSWORD_POLICY.minLength,
            RequireLowercase: PASSWORD_POLICY.requireLowercase,
            RequireUppercase: PASSWORD_POLICY.requireUppercase,
            RequireNumbers: PASSWORD_POLICY.requireDigits,
            RequireSymbols: PASSWORD_POLICY.requireSymbols,
          },
        },
      }),
    );
  }
  const existing = new Set(((await cognito.send(new ListGroupsCommand({ UserPoolId: LOCAL_USER_POOL_ID }))).Groups ?? []).map((g) => g.GroupName));
  for (const group of Object.values(GROUPS)) {
    if (!existing.has(group)) await cognito.send(new CreateGroupCommand({ UserPoolId: LOCAL_USER_POOL_ID, GroupName: group }));
  }
}

export interface LocalClients {
  dynamo: DynamoDBClient;
  s3: S3Client;
  cognito: CognitoIdentityProviderClient;
}

export function localClients(ports: { dynamodb: number; s3: number; cognito: number }): LocalClients {
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    dynamo: new DynamoDBClient({ ...common, endpoint: `http://127.0.0.1:${ports.dynamodb}` }),
    s3: new S3Client({
      ...common,
      endpoint: `http://127.0.0.1:${ports.s3}`,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    cognito: new CognitoIdentityProviderClient({ ...common, endpoint: `http://127.0.0.1:${ports.cognito}` }),
  };
}

/** The environment every handler sees locally: the same variables CDK sets, pointed at the emulators. */
export function handlerEnvironment(ports: { dynamodb: number; s3: number; cognito: number }): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${ports.dynamodb}`,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${ports.s3}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${ports.cognito}`,
    PORTAL_LOCAL: 'true',
    [TABLES.main.envVar]: TABLES.main.localName,
    [TABLES.audit.envVar]: TABLES.audit.localName,
    [BUCKETS.documents.envVar]: BUCKETS.documents.localName,
    [BUCKETS.auditDigests.envVar]: BUCKETS.auditDigests.localName,
    [AUTH_ENV.userPoolId]: LOCAL_USER_POOL_ID,
    [AUTH_ENV.clientId]: LOCAL_CLIENT_ID,
    POWERTOOLS_SERVICE_NAME: 'patient-portal-local',
  };
}
