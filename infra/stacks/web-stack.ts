import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { ACCESS_LOG_LIFECYCLE, LOG_RETENTION, SECURE_BUCKET } from '../constructs/defaults';
import { NAG, acknowledge, nagResource, wildcardFindings } from '../constructs/nag';
import type { ApiStack } from './api-stack';
import { API_HEADERS, CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS, SECURITY_HEADERS } from './security-headers';

/**
 * CloudFront Function (viewer request, default behavior only): a path without a file extension is a client-side
 * route of the single-page portal, so it gets the app shell. Custom error responses would do the same for 403/404
 * but apply to every behavior, and would turn the API's 403/404 answers into HTML.
 */
export const SPA_REWRITE_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('/api/') !== 0 && !/\\.[A-Za-z0-9]+$/.test(uri)) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Properties of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  readonly api: ApiStack;
  /** Key for the WAF log group (the data stack's logs key). */
  readonly logsKey: kms.IKey;
  /** Directory with the built portal (index.html and assets); deployed only if it exists at synth time. */
  readonly webDistPath: string;
  /** Custom domain of the portal, with the ARN of its ACM certificate in us-east-1. Both or neither. */
  readonly domainName?: string;
  readonly certificateArn?: string;
}

/**
 * The portal's front door: a private S3 bucket with the built single-page app, a CloudFront distribution that
 * serves it and forwards /api/* to the HTTP API (one origin, so no CORS and SameSite cookies work), strict security
 * headers on every response, access logs, and AWS WAF where CloudFront's WAF can be created (us-east-1).
 */
export class WebStack extends Stack {
  public readonly siteBucket: s3.Bucket;
  public readonly logsBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** Security headers of the portal's pages. */
  public readonly siteHeaders: cloudfront.ResponseHeadersPolicy;
  /** Security headers plus `Cache-Control: no-store` for API answers. */
  public readonly apiHeaders: cloudfront.ResponseHeadersPolicy;
  public readonly spaRewrite: cloudfront.Function;
  /** Undefined outside us-east-1 (CloudFront web ACLs can only be created there). */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** Undefined when the portal has not been built (no web/dist at synth time). */
  public readonly deployments?: readonly s3deploy.BucketDeployment[];

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    if (Boolean(props.domainName) !== Boolean(props.certificateArn)) {
      throw new Error('WebStack: domainName and certificateArn go together (a custom domain needs its certificate)');
    }

    this.logsBucket = new s3.Bucket(this, 'LogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...SECURE_BUCKET,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: ACCESS_LOG_LIFECYCLE,
    });
    acknowledge(this.logsBucket, 'It receives S3 server access logs, which can only be delivered to an SSE-S3 bucket; the logs hold request metadata, no PHI.', NAG.hipaaS3Kms);
    acknowledge(this.logsBucket, 'Access logs are versioned and retained in-region; replicating them elsewhere is not needed to recover the service.', NAG.hipaaS3Replication);

    this.siteBucket = new s3.Bucket(this, 'SiteBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...SECURE_BUCKET,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'site/',
      lifecycleRules: [{ id: 'expire-replaced-builds', noncurrentVersionExpiration: Duration.days(30) }],
    });
    acknowledge(this.siteBucket, 'The bucket holds the public build of the portal (HTML, JS, CSS), no PHI; SSE-S3 lets CloudFront read it through OAC without a KMS key policy.', NAG.hipaaS3Kms);
    acknowledge(this.siteBucket, 'The content is a build artefact that CI can redeploy to any region; replication would add nothing to recovery.', NAG.hipaaS3Replication);

    this.spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'Serve index.html for client-side routes of the portal',
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    };
    // Headers CloudFront has no dedicated setting for go in as custom headers, from the same shared record.
    const structured = new Set(['Content-Security-Policy', 'Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy']);
    const customHeaders = (extra: Record<string, string>): cloudfront.ResponseCustomHeader[] =>
      Object.entries({ ...SECURITY_HEADERS, ...extra })
        .filter(([header]) => !structured.has(header))
        .map(([header, value]) => ({ header, value, override: true }));

    this.siteHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SiteHeaders', {
      comment: 'Patient portal pages: security headers',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders: customHeaders({}) },
    });
    this.apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Patient portal API: security headers, no caching of answers',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders: customHeaders(API_HEADERS) },
    });

    this.webAcl = this.region === 'us-east-1' ? this.createWebAcl(props.logsKey) : undefined;

    const apiDomain = `${props.api.httpApi.apiId}.execute-api.${props.api.region}.${this.urlSuffix}`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Patient portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.siteHeaders,
        functionAssociations: [{ function: this.spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Everything but Host: API Gateway routes on its own host name.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.apiHeaders,
        },
      },
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate: props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined,
      // Only settable with a custom certificate; the default *.cloudfront.net certificate has a fixed policy.
      minimumProtocolVersion: props.certificateArn ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      // Cookies carry the session: never into logs.
      logIncludesCookies: false,
      webAclId: this.webAcl?.attrArn,
    });
    acknowledge(this.distribution, 'The portal serves patients wherever they are (travel, relocation); HIPAA does not restrict access by country.', 'AwsSolutions-CFR1');
    if (!props.certificateArn) {
      acknowledge(
        this.distribution,
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes (TLSv1); with portal:domainName and portal:certificateArn set the stack requires TLSv1.2_2021. Browsers in use negotiate TLS 1.2+ anyway.',
        'AwsSolutions-CFR4',
      );
    }
    if (!this.webAcl) {
      acknowledge(
        this.distribution,
        `A CloudFront web ACL can only be created in us-east-1 and this stack deploys to ${this.region}; deploy to us-east-1 to get the WAF rules of this stack (managed common rules, IP reputation, sign-in rate limit).`,
        'AwsSolutions-CFR2',
      );
    }

    this.deployments = this.deploySite(props.webDistPath, props.logsKey);

    new CfnOutput(this, 'PortalUrl', { value: `https://${props.domainName ?? this.distribution.distributionDomainName}` });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  private createWebAcl(logsKey: kms.IKey): wafv2.CfnWebACL {
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests keep headers (tokens, cookies) for hours in the console: off.
      sampledRequestsEnabled: false,
    });
    const managed = (name: string, priority: number, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('PatientPortal'),
      rules: [
        // JSON bodies over 8 KB (a long amendment request) are legitimate; the handlers cap input sizes.
        managed('AWSManagedRulesCommonRuleSet', 0, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        managed('AWSManagedRulesAmazonIpReputationList', 2),
        {
          // Credential stuffing against the sign-in endpoints, per client IP (API Gateway sees only CloudFront).
          name: 'AuthRateLimit',
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: 100,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/auth/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('AuthRateLimit'),
        },
      ],
    });

    // WAF delivers only to log groups whose name starts with aws-waf-logs-.
    const logGroupName = `aws-waf-logs-${this.stackName}`;
    const logGroup = new logs.LogGroup(this, 'WafLogs', { logGroupName, retention: LOG_RETENTION, encryptionKey: logsKey });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: acl.attrArn,
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // Tokens and session cookies never reach the logs; query strings may carry cursors only, but stay safe.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }, { queryString: {} }],
    });
    logging.node.addDependency(logGroup);
    return acl;
  }

  private deploySite(webDistPath: string, logsKey: kms.IKey): s3deploy.BucketDeployment[] | undefined {
    if (!existsSync(path.join(webDistPath, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'portal:web-not-built',
        `No built portal at ${webDistPath} (run the web build first): the site bucket is created but nothing is deployed to it.`,
      );
      return undefined;
    }
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION, encryptionKey: logsKey });
    // A role of our own instead of CDK's default (AWSLambdaBasicExecutionRole: every log group in the account).
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Patient portal: copies the built portal into the site bucket at deploy time',
    });
    logGroup.grantWrite(role);
    const common = { destinationBucket: this.siteBucket, prune: false, memoryLimit: 512, logGroup, role };
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      ...common,
      // Vite names assets by content hash: a file never changes, so browsers may keep it.
      sources: [s3deploy.Source.asset(webDistPath, { exclude: ['index.html'] })],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const index = new s3deploy.BucketDeployment(this, 'DeployIndex', {
      ...common,
      // The app shell must be revalidated so that a new build is picked up at once.
      sources: [s3deploy.Source.asset(webDistPath, { exclude: ['*', '!index.html'] })],
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
    });
    // The new shell must not arrive before the assets it names.
    index.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(role);
    return [assets, index];
  }

  /**
   * The deployment handler is CDK's (a Python Lambda that runs only during deployments). Its grants come from
   * BucketDeployment; the wildcards in them are checked against what the copy needs, so that a CDK upgrade that
   * widened them would fail synth instead of being acknowledged unseen.
   */
  private acknowledgeDeploymentHandler(role: iam.Role): void {
    const policy = role.node.findChild('DefaultPolicy') as iam.Policy;
    const siteObjects = `Resource::${nagResource(this, this.siteBucket.arnForObjects('*'))}`;
    const expected = (finding: string) =>
      finding === siteObjects ||
      // The CDK bootstrap bucket the build is uploaded to (read only).
      /^Resource::arn:[^:]+:s3:::cdk-[a-z0-9]+-assets-\d{12}-[a-z0-9-]+\/\*$/.test(finding) ||
      // CloudFront invalidations have no resource-level permissions.
      finding === 'Resource::*' ||
      ['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*'].includes(finding);
    const findings = wildcardFindings(this, policy.document);
    const unexpected = findings.filter((f) => !expected(f));
    if (unexpected.length > 0) {
      throw new Error(`BucketDeployment's role has wildcard permissions that were never reviewed: ${unexpected.join(', ')}`);
    }
    acknowledge(
      role,
      'CDK BucketDeployment grants: read the uploaded build from the CDK assets bucket, write it into the site bucket (object keys are the wildcard), and invalidate the distribution (CloudFront has no resource-level permissions for invalidations). Runs only during deployments.',
      ...findings.map(NAG.iamWildcard),
    );
    acknowledge(role, "The deployment handler's inline policy belongs to this role only and is generated by CDK for the copy.", NAG.hipaaInlinePolicy);

    const handler = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found: CDK changed its construct id');
    acknowledge(handler, "CDK's BucketDeployment handler: CDK chooses and updates its Python runtime.", NAG.lambdaLatestRuntime);
    acknowledge(
      handler,
      'Deployment-time custom resource: invoked by CloudFormation only, which reports its failures; no queue, VPC or concurrency reservation adds protection to a copy of public static files.',
      NAG.hipaaLambdaDlq,
      NAG.hipaaLambdaVpc,
      NAG.hipaaLambdaConcurrency,
    );
  }
}
