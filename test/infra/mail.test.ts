/** E-mail notices in AWS: the SES identity, the mail:send grant, and the sender and portal URL every function gets. */
import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { buildApp } from '../../infra/bin/build-app';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUNDLING_STACKS_CONTEXT, CDK_CONTEXT, REPO_ROOT } from '../../infra/bin/context';
import type { PortalMailProps } from '../../infra/constructs/mail';
import { ApiStack } from '../../infra/stacks/api-stack';
import { AuthStack } from '../../infra/stacks/auth-stack';
import { DataStack } from '../../infra/stacks/data-stack';
import { MAIL_ENV } from '../../shared/platform/config';
import { ROUTES } from '../../shared/platform/routes';
import { logicalIdOf, resourcesOf } from './portal-app';

const env = { account: '111111111111', region: 'eu-west-1' };

function apiWith(mail: PortalMailProps | undefined, portalUrl?: string) {
  // CDK's CloudFormation schema validation is synth.test.ts's job; here it would only add seconds.
  const app = new App({ context: { ...CDK_CONTEXT, [BUNDLING_STACKS_CONTEXT]: [] }, builtinCloudFormationValidation: false });
  const data = new DataStack(app, 'Data', { env, webOrigin: 'https://portal.example.org' });
  const auth = new AuthStack(app, 'Auth', { env });
  const api = new ApiStack(app, 'Api', { env, data, auth, projectRoot: REPO_ROOT, mail, portalUrl });
  return { api, template: Template.fromStack(api) };
}

/** The statements of the mail:send policy, and which functions' roles hold it. */
function mailGrant(api: ApiStack, template: Template) {
  const policyId = logicalIdOf(api.mail.accessPolicies['mail:send'] as never, api);
  const resources = template.toJSON().Resources as Record<string, any>;
  const holders = ROUTES.filter((route) => {
    const role = resources[logicalIdOf(api.functions[route.id]!.role, api)];
    return (role.Properties.ManagedPolicyArns ?? []).some((arn: any) => arn.Ref === policyId);
  }).map((r) => r.id);
  return { statements: resources[policyId].Properties.PolicyDocument.Statement as any[], holders };
}

const variables = (template: Template) => resourcesOf(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.Environment.Variables as Record<string, unknown>);

describe('e-mail with a mail domain', () => {
  const { api, template } = apiWith({ domain: 'Portal.Example.org', configurationSet: 'portal-notices' }, 'https://portal.example.org');

  it('creates a DKIM-signed SES identity for the domain and outputs the records to publish', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'portal.example.org',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    const outputs = Object.values(template.toJSON().Outputs as Record<string, { Description?: string }>).filter((o) => o.Description?.startsWith('DKIM record'));
    expect(outputs).toHaveLength(3);
  });

  it('tells every function the sender, the configuration set and the portal URL', () => {
    for (const vars of variables(template)) {
      expect(vars[MAIL_ENV.from]).toBe('no-reply@portal.example.org');
      expect(vars[MAIL_ENV.configurationSet]).toBe('portal-notices');
      expect(vars[MAIL_ENV.portalUrl]).toBe('https://portal.example.org');
      expect(vars).not.toHaveProperty(MAIL_ENV.outboxDir);
    }
  });

  it('lets exactly the routes with mail:send call SendEmail, as the sender only, on the identity and the configuration set', () => {
    const { statements, holders } = mailGrant(api, template);
    expect(holders.sort()).toEqual(ROUTES.filter((r) => r.grants.includes('mail:send')).map((r) => r.id).sort());
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@portal.example.org' } } });
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toContain(logicalIdOf(api.mail.identity!, api));
    expect(resources).toContain(':configuration-set/portal-notices');
    expect(resources).not.toContain('*');
  });
});

describe('e-mail from an address verified outside the stack', () => {
  const { api, template } = apiWith({ fromAddress: 'notices@clinic.example.org' }, 'https://d1234abcd.cloudfront.net');

  it('creates no identity and allows the address or its domain as the identity', () => {
    expect(resourcesOf(template, 'AWS::SES::EmailIdentity')).toEqual([]);
    const [statement] = mailGrant(api, template).statements;
    expect(statement.Effect).toBe('Allow');
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toContain(':identity/notices@clinic.example.org');
    expect(resources).toContain(':identity/clinic.example.org');
    expect(resources).not.toContain('configuration-set');
    for (const vars of variables(template)) expect(vars).toMatchObject({ [MAIL_ENV.from]: 'notices@clinic.example.org', [MAIL_ENV.portalUrl]: 'https://d1234abcd.cloudfront.net' });
  });
});

describe('e-mail not configured', () => {
  const { api, template } = apiWith(undefined);

  it('denies sending, sets no sender or portal URL, and warns at synth', () => {
    const { statements, holders } = mailGrant(api, template);
    expect(holders.length).toBe(ROUTES.filter((r) => r.grants.includes('mail:send')).length);
    expect(statements.map((s) => s.Effect)).toEqual(['Deny']);
    for (const vars of variables(template)) {
      expect(vars).not.toHaveProperty(MAIL_ENV.from);
      expect(vars).not.toHaveProperty(MAIL_ENV.portalUrl);
    }
    Annotations.fromStack(api).hasWarning('/Api/Mail', Match.stringLikeRegexp('E-mail notices are off'));
  });
});

describe('e-mail settings that cannot work', () => {
  it('fail at synth', () => {
    expect(() => apiWith({ domain: 'portal.example.org', fromAddress: 'someone@elsewhere.example' })).toThrow(/not in the mail domain/);
    expect(() => apiWith({ fromAddress: 'Portal <no-reply@portal.example.org>' })).toThrow(/not a plain e-mail address/);
    expect(() => apiWith({ domain: 'portal.example.org' }, 'http://portal.example.org')).toThrow(/https origin/);
    expect(() => apiWith({ domain: 'portal.example.org', configurationSet: 'bad name' })).toThrow(/configuration set/);
  });
});

describe('the app', () => {
  const environmentOf = (context: Record<string, string>) => {
    const { api } = buildApp({ context: { [BUNDLING_STACKS_CONTEXT]: [], ...context }, webDistPath: '/nonexistent', nagPlugins: false, cfnValidation: false });
    const fn = api.functions[ROUTES[0]!.id]!.function.node.defaultChild as CfnFunction;
    return (api.resolve(fn.environment) as { variables: Record<string, string> }).variables;
  };

  it('takes the portal URL from portal:webOrigin, else the custom domain, and the sender from the mail context', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
    expect(environmentOf({ 'portal:webOrigin': 'https://d1234abcd.cloudfront.net', 'portal:mailFrom': 'notices@clinic.example.org' })).toMatchObject({
      [MAIL_ENV.portalUrl]: 'https://d1234abcd.cloudfront.net',
      [MAIL_ENV.from]: 'notices@clinic.example.org',
    });
    expect(environmentOf({ 'portal:domainName': 'portal.example.org', 'portal:certificateArn': certificateArn, 'portal:mailDomain': 'portal.example.org' })).toMatchObject({
      [MAIL_ENV.portalUrl]: 'https://portal.example.org',
      [MAIL_ENV.from]: 'no-reply@portal.example.org',
    });
    expect(environmentOf({})).not.toHaveProperty(MAIL_ENV.portalUrl);
  });
});
