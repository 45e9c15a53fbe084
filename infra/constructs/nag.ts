/**
 * Helpers for acknowledging cdk-nag 3 findings with CDK's native `Validations.of(scope).acknowledge()`.
 *
 * cdk-nag 3 has no prefix matching: a rule that reports several findings per resource (IAM5) needs each finding
 * acknowledged by its full id, `AwsSolutions-IAM5[Resource::<Bucket1234.Arn>/*]`. `nagResource()` renders a token
 * the way cdk-nag does, so an acknowledgement names exactly one resource and cannot silently cover a new one.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges one or more rule ids on `scope` (and everything below it) with one written reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ruleIds: string[]): void {
  if (reason.trim().length < 20) throw new Error(`A nag acknowledgement needs a real reason (got "${reason}")`);
  Validations.of(scope).acknowledge(...ruleIds.map((id) => ({ id, reason })));
}

/**
 * Renders `value` (a string that may contain tokens) as cdk-nag renders an IAM resource: `Ref` becomes `<Id>`,
 * `Fn::GetAtt` becomes `<Id.Attr>`, `Fn::Join` is joined. Only for values of the stack that owns `scope`.
 */
export function nagResource(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

/**
 * The IAM5 findings cdk-nag will report for `document` (an IAM policy document of the stack that owns `scope`):
 * `Action::s3:List*` for each wildcard action and `Resource::<Bucket.Arn>/*` for each wildcard resource of an
 * Allow statement. Used to acknowledge a CDK-generated policy after checking its findings against a list.
 */
export function wildcardFindings(scope: IConstruct, document: unknown): string[] {
  const resolved = Stack.of(scope).resolve(document) as { Statement?: Array<Record<string, unknown>> };
  const findings = new Set<string>();
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
  for (const statement of resolved.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of list(statement.Action)) if (String(action).includes('*')) findings.add(`Action::${String(action)}`);
    for (const resource of list(statement.Resource).map(flatten)) if (resource.includes('*')) findings.add(`Resource::${resource}`);
  }
  return [...findings];
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj['Fn::Join'])) {
      const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (obj['Fn::Sub'] !== undefined) return flatten(obj['Fn::Sub']);
    if (Array.isArray(obj['Fn::GetAtt'])) {
      const [id, attr] = obj['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(id)}.${flatten(attr)}>`;
    }
    if (obj['Fn::ImportValue'] !== undefined) return flatten(obj['Fn::ImportValue']);
    if (obj.Ref !== undefined) return `<${flatten(obj.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Rule ids used by more than one stack, so a typo cannot turn an acknowledgement into a no-op. */
export const NAG = {
  lambdaLatestRuntime: 'AwsSolutions-L1',
  iamManagedPolicy: 'AwsSolutions-IAM4',
  iamWildcard: (finding: string) => `AwsSolutions-IAM5[${finding}]`,
  hipaaLambdaConcurrency: 'HIPAA.Security-LambdaConcurrency',
  hipaaLambdaDlq: 'HIPAA.Security-LambdaDLQ',
  hipaaLambdaVpc: 'HIPAA.Security-LambdaInsideVPC',
  hipaaInlinePolicy: 'HIPAA.Security-IAMNoInlinePolicy',
  hipaaS3Replication: 'HIPAA.Security-S3BucketReplicationEnabled',
  hipaaS3Kms: 'HIPAA.Security-S3DefaultEncryptionKMS',
  hipaaSecretRotation: 'HIPAA.Security-SecretsManagerRotationEnabled',
} as const;
