import { App, Stack, Validations, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { BUNDLING_STACKS_CONTEXT, CDK_CONTEXT, REPO_ROOT } from '../../infra/bin/context';
import { ApiStack } from '../../infra/stacks/api-stack';
import { AuthStack } from '../../infra/stacks/auth-stack';
import { DataStack } from '../../infra/stacks/data-stack';
import { ROUTES, type RouteDef } from '../../shared/platform/routes';
import { defaultPortalApp, synthPortal, type SynthesizedPortal } from './portal-app';

/** The two packs the app registers, optionally blind to acknowledgements (to see the raw findings). */
function packs(ignoreAcknowledgements = false): NagPack[] {
  const all: NagPack[] = [new AwsSolutionsChecks(), new HIPAASecurityChecks()];
  if (ignoreAcknowledgements) {
    // cdk-nag has no public switch for this; its private check is replaced on these two instances only.
    for (const pack of all) Object.assign(pack, { isAcknowledged: () => false });
  }
  return all;
}

/** "rule @ construct path" lines, readable in a failing assertion. */
function describeViolations(violations: PolicyViolation[]): string[] {
  return violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)).sort();
}

const stacksOf = (portal: SynthesizedPortal) => [portal.data, portal.auth, portal.api, portal.web, portal.audit];

/** Every acknowledgement recorded in the app: the construct it is on and the rule id. */
function acknowledgements(root: IConstruct): { scope: IConstruct; id: string; reason: string }[] {
  return root.node.findAll().flatMap((scope) =>
    scope.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([key, reason]) => ({ scope, id: key.replace(/^annotation::/i, ''), reason }))),
  );
}

const variants: [string, () => SynthesizedPortal][] = [
  ['default (us-east-1, portal built)', defaultPortalApp],
  [
    'eu-west-1, no threat protection, portal not built, sender verified outside the stack, no document access trail, one-day digest retention',
    () =>
      synthPortal({
        webDistPath: '/nonexistent',
        context: {
          'portal:region': 'eu-west-1',
          'portal:threatProtection': 'false',
          'portal:webOrigin': 'https://d1234abcd.cloudfront.net',
          'portal:mailFrom': 'notices@clinic.example.org',
          'portal:documentAccessTrail': 'false',
          'portal:auditDigestRetentionDays': '1',
        },
      }),
  ],
  [
    'custom domain, reserved concurrency and a mail domain',
    () =>
      synthPortal({
        context: {
          'portal:domainName': 'portal.example.org',
          'portal:certificateArn': 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
          'portal:reservedConcurrency': '5',
          'portal:mailDomain': 'portal.example.org',
          'portal:mailConfigurationSet': 'portal-notices',
        },
      }),
  ],
];

describe.each(variants)('cdk-nag (AwsSolutions + HIPAA Security), %s', (_name, build) => {
  const portal = build();

  it.each(stacksOf(portal).map((s) => [s.stackName, s] as const))('%s has no unacknowledged finding', (_stackName, stack) => {
    // Act
    const violations = packs().flatMap((pack) => pack.validateScope(stack).violations);
    // Assess
    expect(describeViolations(violations)).toEqual([]);
  });

  it('has no acknowledgement that matches no finding, and none made for a whole stack or the app', () => {
    // Prepare: the findings as they would be without any acknowledgement.
    const raw = stacksOf(portal).flatMap((stack) => packs(true).flatMap((pack) => pack.validateScope(stack).violations));
    // Act
    const acks = acknowledgements(portal.app).filter((a) => /^(AwsSolutions|HIPAA\.Security)-/.test(a.id));
    // Assess
    expect(acks.length).toBeGreaterThan(0);
    const unused = acks
      .filter(({ scope, id }) => {
        const path = scope.node.path;
        return !raw.some((v) => v.ruleName === id && v.violatingResources.some((r) => r.constructPath === path || r.constructPath!.startsWith(`${path}/`)));
      })
      .map(({ scope, id }) => `${id} @ ${scope.node.path}`);
    expect(unused).toEqual([]);
    expect(acks.filter(({ scope }) => Stack.isStack(scope) || App.isApp(scope)).map((a) => a.id)).toEqual([]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});

describe('cdk-nag on a public route outside the reviewed public paths', () => {
  it('reports it (AwsSolutions-APIG4), so that nobody exposes a handler without a review', () => {
    // Prepare: the route table plus one unauthenticated practice route.
    const app = new App({ context: { ...CDK_CONTEXT, [BUNDLING_STACKS_CONTEXT]: [] } });
    const env = { account: '111111111111', region: 'us-east-1' };
    const data = new DataStack(app, 'Data', { env, webOrigin: 'https://portal.example.org' });
    const auth = new AuthStack(app, 'Auth', { env });
    const leaky: RouteDef = { id: 'LeakyExport', method: 'GET', path: '/api/practice/export', handler: ROUTES[0]!.handler, auth: 'none', grants: ['main:read'] };
    const api = new ApiStack(app, 'Api', { env, data, auth, projectRoot: REPO_ROOT, routes: [...ROUTES, leaky] });
    // Act
    const violations = packs().flatMap((pack) => pack.validateScope(api).violations);
    // Assess
    expect(describeViolations(violations)).toEqual(['AwsSolutions-APIG4 @ Api/HttpApi/GET--api--practice--export/Resource']);
  });
});
