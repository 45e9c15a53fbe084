import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_HEADERS, CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS, SECURITY_HEADERS } from '../../infra/stacks/security-headers';
import { SPA_REWRITE_FUNCTION_CODE } from '../../infra/stacks/web-stack';
import { defaultPortalApp, logicalIdOf, onlyResourceOf, resourcesOf, synthPortal } from './portal-app';

describe('web stack', () => {
  const { web, templates } = defaultPortalApp();
  const template = templates.web;
  const [, distribution] = onlyResourceOf(template, 'AWS::CloudFront::Distribution');
  const config = distribution.Properties.DistributionConfig;
  const siteHeadersId = logicalIdOf(web.siteHeaders, web);
  const apiHeadersId = logicalIdOf(web.apiHeaders, web);
  const headerPolicies = Object.fromEntries(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));

  describe.each([
    ['pages', siteHeadersId, {}],
    ['API', apiHeadersId, API_HEADERS],
  ] as const)('security headers of the %s', (_name, policyId, extra) => {
    const policy = headerPolicies[policyId]!.Properties.ResponseHeadersPolicyConfig;

    it('send the shared CSP constant and strict transport security', () => {
      expect(policy.SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Preload: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: SECURITY_HEADERS['X-Frame-Options'], Override: true },
        ReferrerPolicy: { ReferrerPolicy: SECURITY_HEADERS['Referrer-Policy'], Override: true },
      });
      // CloudFront's ContentTypeOptions can only send nosniff, and its HSTS is rendered from the parts above.
      expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
      expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(SECURITY_HEADERS['Strict-Transport-Security']).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`);
    });

    it('send every other shared header as a custom header', () => {
      const expected = { 'Permissions-Policy': SECURITY_HEADERS['Permissions-Policy'], ...extra };
      const actual = Object.fromEntries((policy.CustomHeadersConfig.Items as Array<{ Header: string; Value: string }>).map((h) => [h.Header, h.Value]));
      expect(actual).toEqual(expected);
    });
  });

  it('serves the portal from a private bucket through Origin Access Control, with the SPA rewrite', () => {
    const site = template.toJSON().Resources[logicalIdOf(web.siteBucket, web)];
    expect(site.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(resourcesOf(template, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: siteHeadersId },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalIdOf(web.spaRewrite, web), 'FunctionARN'] } }],
    });
  });

  it('forwards /api/* to the HTTP API uncached, with all methods and viewer headers but Host', () => {
    const behavior = (config.CacheBehaviors as Array<Record<string, any>>).find((b) => b.PathPattern === '/api/*');
    expect(behavior).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      ViewerProtocolPolicy: 'https-only',
      ResponseHeadersPolicyId: { Ref: apiHeadersId },
    });
    const origin = (config.Origins as Array<Record<string, any>>).find((o) => o.Id === behavior!.TargetOriginId)!;
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
  });

  it('logs requests without cookies and sits behind AWS WAF with the common rule set', () => {
    expect(config.Logging).toMatchObject({ IncludeCookies: false, Bucket: { 'Fn::GetAtt': [logicalIdOf(web.logsBucket, web), 'RegionalDomainName'] } });
    expect(template.toJSON().Resources[logicalIdOf(web.logsBucket, web)].Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    const [aclId, acl] = onlyResourceOf(template, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.Rules.map((r: { Name: string }) => r.Name)).toContain('AWSManagedRulesCommonRuleSet');
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]),
    });
  });

  it('deploys the built portal: hashed assets immutable, index.html revalidated', () => {
    const deployments = resourcesOf(template, 'Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    expect(deployments.map((d) => d.SystemMetadata['cache-control']).sort()).toEqual(['no-cache', 'public, max-age=31536000, immutable']);
    expect(deployments.every((d) => d.Prune === false)).toBe(true);
  });

  it('rewrites client-side routes to the app shell and leaves files and the API alone', () => {
    // Prepare: the CloudFront Function's source, evaluated as CloudFront would call it.
    const handler = new Function(`${SPA_REWRITE_FUNCTION_CODE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    // Act / Assess
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/patients/p-123/documents')).toBe('/index.html');
    expect(rewrite('/assets/app-1a2b3c.js')).toBe('/assets/app-1a2b3c.js');
    expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
    expect(rewrite('/api/me')).toBe('/api/me');
  });

  it('synthesizes before the portal is built, without deployment and with a warning', () => {
    // Prepare / Act
    const unbuilt = synthPortal({ webDistPath: '/nonexistent/web/dist' });
    // Assess
    expect(resourcesOf(unbuilt.templates.web, 'Custom::CDKBucketDeployment')).toHaveLength(0);
    expect(unbuilt.web.deployments).toBeUndefined();
    Annotations.fromStack(unbuilt.web).hasWarning('/PortalWeb', Match.stringLikeRegexp('No built portal'));
  });

  it('has no web ACL outside us-east-1 (CloudFront WAF lives there)', () => {
    const elsewhere = synthPortal({ context: { 'portal:region': 'eu-west-1' } });
    expect(resourcesOf(elsewhere.templates.web, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    expect(elsewhere.web.region).toBe('eu-west-1');
  });
});
