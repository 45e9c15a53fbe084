import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PortalConfig } from '../platform/config';

/**
 * SDK clients for the configured environment. Endpoints of the local emulators come from the SDK's standard
 * AWS_ENDPOINT_URL_* variables; local mode adds what the emulators need (see TOOLCHAIN.md): explicit dummy
 * credentials, path-style S3 and no streaming checksums.
 */
export interface AwsClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  cognito: CognitoIdentityProviderClient;
}

export function createAwsClients(config: PortalConfig): AwsClients {
  const common = {
    region: config.region,
    ...(config.local ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  };
  const dynamo = new DynamoDBClient({ ...common, maxAttempts: config.local ? 2 : 3 });
  return {
    dynamo,
    doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    s3: new S3Client({
      ...common,
      ...(config.local
        ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
    }),
    cognito: new CognitoIdentityProviderClient(common),
  };
}
