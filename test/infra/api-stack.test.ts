import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUNDLING_STACKS_CONTEXT, CDK_CONTEXT, REPO_ROOT } from '../../infra/bin/context';
import { ApiStack } from '../../infra/stacks/api-stack';
import { AuthStack } from '../../infra/stacks/auth-stack';
import { DataStack } from '../../infra/stacks/data-stack';
import { AUTH_ENV, BUCKETS, TABLES } from '../../shared/platform/resources';
import { ROUTES, type Grant, type RouteDef } from '../../shared/platform/routes';
import { API_ACCESS_LOG_FIELDS } from '../../infra/stacks/api-stack';
import { defaultPortalApp, logicalIdOf, onlyResourceOf, resourcesOf, type SynthesizedPortal } from './portal-app';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/**
 * Every IAM statement a route's function holds: its role's inline policy (API stack) plus the managed policies it
 * is given, followed through the cross-stack references into the stacks that define them.
 */
function statementsOf(portal: SynthesizedPortal, route: RouteDef): Statement[] {
  const { api, templates } = portal;
  const roleId = logicalIdOf(api.functions[route.id]!.role, api);
  const apiResources = templates.api.toJSON().Resources as Record<string, any>;
  const producers: Record<string, any> = { [portal.data.stackName]: templates.data.toJSON(), [portal.auth.stackName]: templates.auth.toJSON() };

  const managed = (apiResources[roleId].Properties.ManagedPolicyArns ?? []).map((arn: any) => {
    // The API stack's own policies (mail:send) are plain references.
    if (typeof arn.Ref === 'string') {
      expect(apiResources[arn.Ref].Type).toBe('AWS::IAM::ManagedPolicy');
      return apiResources[arn.Ref].Properties.PolicyDocument.Statement as Statement[];
    }
    const ref = arn['Fn::GetStackOutput'];
    if (!ref) throw new Error(`Unexpected managed policy reference ${JSON.stringify(arn)}`);
    const producer = producers[ref.StackName];
    const policyId = producer.Outputs[ref.OutputName].Value.Ref as string;
    expect(producer.Resources[policyId].Type).toBe('AWS::IAM::ManagedPolicy');
    return producer.Resources[policyId].Properties.PolicyDocument.Statement as Statement[];
  });
  const inline = Object.values(apiResources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .map((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  return [...managed, ...inline].flat();
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** Actions allowed on resources whose ARN refers to the given logical id (a table, bucket, key...). */
function actionsOn(statements: Statement[], logicalId: string): string[] {
  return [...new Set(statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(`"${logicalId}"`)).flatMap((s) => list(s.Action)))].sort();
}

const routeWith = (...grants: Grant[]) => ROUTES.find((r) => grants.every((g) => r.grants.includes(g)) && r.grants.length === grants.length)!;

describe('api stack', () => {
  const portal = defaultPortalApp();
  const { api, data, auth, templates } = portal;
  const template = templates.api;
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const mainId = logicalIdOf(data.tables.main, data);
  const auditId = logicalIdOf(data.tables.audit, data);

  it('has one function per route of the route table', () => {
    expect(functions).toHaveLength(ROUTES.length);
    expect(Object.keys(api.functions).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  describe.each(ROUTES.map((r) => [r.id, r] as const))('route %s', (_id, route) => {
    const fnId = logicalIdOf(api.functions[route.id]!.function, api);
    const fn = template.toJSON().Resources[fnId];

    it(`runs Node 22 on arm64 with tracing, ${route.runtime?.timeoutSeconds ?? 10} s and ${route.runtime?.memoryMb ?? 512} MiB`, () => {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: route.runtime?.timeoutSeconds ?? 10,
        MemorySize: route.runtime?.memoryMb ?? 512,
        LoggingConfig: expect.objectContaining({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } }),
      });
    });

    it('gets every resource name from the definitions (and no sender or portal URL when none is configured)', () => {
      const vars = Object.keys(fn.Properties.Environment.Variables);
      const expected = [
        ...Object.values(TABLES).map((t) => t.envVar),
        ...Object.values(BUCKETS).map((b) => b.envVar),
        AUTH_ENV.userPoolId,
        AUTH_ENV.clientId,
        AUTH_ENV.clientSecretArn,
        AUTH_ENV.requireStaffMfa,
        'NODE_OPTIONS',
        'POWERTOOLS_SERVICE_NAME',
      ];
      expect(vars.sort()).toEqual(expected.sort());
      expect(fn.Properties.Environment.Variables[AUTH_ENV.requireStaffMfa]).toBe('true');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    });

    it(`is routed as ${route.method} ${route.path} with auth '${route.auth}'`, () => {
      const matching = resourcesOf(template, 'AWS::ApiGatewayV2::Route').filter(([, res]) => res.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(matching).toHaveLength(1);
      const [, r] = matching[0]!;
      if (route.auth === 'jwt') {
        expect(r.Properties.AuthorizationType).toBe('JWT');
        expect(r.Properties.AuthorizerId).toBeDefined();
      } else {
        expect(r.Properties.AuthorizationType).toBe('NONE');
        expect(r.Properties.AuthorizerId).toBeUndefined();
      }
      expect(JSON.stringify(r.Properties.Target)).toContain(route.id);
    });

    it('holds no wildcard action, no Scan, and never changes audit entries', () => {
      const statements = statementsOf(portal, route);
      const actions = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      expect(actions).not.toContain('dynamodb:Scan');
      const onAudit = actionsOn(statements, auditId);
      expect(onAudit).not.toContain('dynamodb:UpdateItem');
      expect(onAudit).not.toContain('dynamodb:DeleteItem');
      expect(onAudit).not.toContain('dynamodb:BatchWriteItem');
      expect(onAudit.length > 0).toBe(route.grants.includes('audit:append') || route.grants.includes('health'));
    });

    it('deletes objects only with documents:stage, and then only under incoming/', () => {
      const deletes = statementsOf(portal, route).filter((s) => s.Effect === 'Allow' && list(s.Action).includes('s3:DeleteObject'));
      expect(deletes.length > 0).toBe(route.grants.includes('documents:stage'));
      for (const statement of deletes) expect(JSON.stringify(statement.Resource)).toMatch(/\/incoming\/\*"/);
    });

    it('may touch SES only with mail:send, and then is denied while no sender is configured', () => {
      const ses = statementsOf(portal, route).filter((s) => list(s.Action).some((a) => a.startsWith('ses:')));
      expect(ses.length > 0).toBe(route.grants.includes('mail:send'));
      for (const statement of ses) expect(statement.Effect).toBe('Deny');
    });

    it('can read the client secret only with userpool:auth, and call admin APIs only with userpool:admin', () => {
      const actions = statementsOf(portal, route).flatMap((s) => list(s.Action));
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(route.grants.includes('userpool:auth'));
      expect(actions.some((a) => a.startsWith('cognito-idp:Admin'))).toBe(route.grants.includes('userpool:admin'));
    });
  });

  it('grants audit:append PutItem and Query on the audit table and its indexes, nothing else', () => {
    // Prepare: a reader (main:read + audit:append) against a writer (main:write + audit:append).
    const reader = statementsOf(portal, routeWith('main:read', 'audit:append'));
    const writer = statementsOf(portal, routeWith('main:write', 'audit:append'));
    // Assess
    expect(actionsOn(reader, auditId)).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(actionsOn(writer, auditId)).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    const auditQuery = reader.find((s) => list(s.Action).includes('dynamodb:Query') && JSON.stringify(s.Resource).includes(auditId))!;
    for (const index of TABLES.audit.globalIndexes) expect(JSON.stringify(auditQuery.Resource)).toContain(`/index/${index.indexName}`);
    expect(actionsOn(reader, mainId)).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(actionsOn(writer, mainId)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
  });

  it('gives the health check only Describe calls', () => {
    const health = statementsOf(portal, ROUTES.find((r) => r.grants.length === 1 && r.grants[0] === 'health')!);
    const actions = health.filter((s) => !list(s.Action).some((a) => a.startsWith('logs:') || a.startsWith('xray:'))).flatMap((s) => list(s.Action));
    expect(actions.sort()).toEqual(['cognito-idp:DescribeUserPool', 'dynamodb:DescribeTable', 's3:ListBucket']);
    expect(actionsOn(health, logicalIdOf(auth.userPool, auth))).toEqual(['cognito-idp:DescribeUserPool']);
  });

  it('has as many HTTP API routes as the route table, behind a Cognito JWT authorizer for the app client', () => {
    expect(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).toHaveLength(ROUTES.length);
    const [authorizerId, authorizer] = onlyResourceOf(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain(logicalIdOf(auth.userPoolClient, auth));
    const jwtRoutes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.AuthorizerId);
    expect(jwtRoutes).toHaveLength(ROUTES.filter((r) => r.auth === 'jwt').length);
    for (const [, r] of jwtRoutes) expect(r.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
  });

  it('logs each request as JSON without bodies, paths or query strings, and throttles', () => {
    const [, stage] = onlyResourceOf(template, 'AWS::ApiGatewayV2::Stage');
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toEqual(API_ACCESS_LOG_FIELDS);
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/\$context\.(path|requestBody|body)|querystring/i);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
    for (const route of ROUTES.filter((r) => r.path.startsWith('/api/auth/'))) {
      expect(stage.Properties.RouteSettings[`${route.method} ${route.path}`]).toMatchObject({ ThrottlingRateLimit: expect.any(Number) });
    }
    const logGroup = template.toJSON().Resources[logicalIdOf(api.accessLogGroup, api)];
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: expect.any(Number), KmsKeyId: expect.anything() });
  });

  it('encrypts every function log group and keeps it for a limited time', () => {
    for (const [, group] of resourcesOf(template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });
});

describe('a route whose handler module does not exist', () => {
  const missing: RouteDef = { id: 'NotWrittenYet', method: 'GET', path: '/api/not-written-yet', handler: 'functions/none/not-written-yet.ts', auth: 'jwt', grants: ['main:read'] };
  const build = (context: Record<string, unknown>) => {
    // CDK's CloudFormation schema validation is synth.test.ts's job; here it would only add seconds.
    const app = new App({ context: { ...CDK_CONTEXT, ...context }, builtinCloudFormationValidation: false });
    const env = { account: '111111111111', region: 'us-east-1' };
    const data = new DataStack(app, 'Data', { env, webOrigin: 'https://portal.example.org' });
    const auth = new AuthStack(app, 'Auth', { env });
    return new ApiStack(app, 'Api', { env, data, auth, projectRoot: REPO_ROOT, routes: [missing] });
  };

  it('fails synth when bundling (cdk synth, deploy)', () => {
    expect(() => build({})).toThrow(/functions\/none\/not-written-yet\.ts does not exist/);
  });

  it('gets a placeholder and a warning when bundling is skipped (unit tests)', () => {
    const api = build({ [BUNDLING_STACKS_CONTEXT]: [] });
    Annotations.fromStack(api).hasWarning('/Api/NotWrittenYet', Match.stringLikeRegexp('does not exist yet'));
  });
});
