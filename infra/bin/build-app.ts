/**
 * Builds the portal's CDK app: the five stacks, wired together, with cdk-nag's AWS Solutions and HIPAA Security
 * packs registered as validation plugins. infra/bin/app.ts synthesizes it for the CLI; tests call it in-process.
 */
import path from 'node:path';
import { Annotations, App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { ApiStack } from '../stacks/api-stack';
import { AuditStack } from '../stacks/audit-stack';
import { AuthStack } from '../stacks/auth-stack';
import { AUDIT_RETENTION_DAYS, DataStack } from '../stacks/data-stack';
import { WebStack } from '../stacks/web-stack';
import { CDK_CONTEXT, PORTAL_CONTEXT, REPO_ROOT } from './context';

/** Placeholder account used when neither context nor credentials name one, so that synth works offline. */
export const PLACEHOLDER_ACCOUNT = '111111111111';
export const DEFAULT_REGION = 'us-east-1';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * Context merged over cdk.json's (tests: `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling). The CLI's own
   * context (cdk.json, `-c`) still applies on top when run by the CLI.
   */
  readonly context?: Record<string, unknown>;
  /** @default - from context portal:account/portal:region, then CDK_DEFAULT_ACCOUNT/REGION, then placeholders */
  readonly env?: Required<Pick<Environment, 'account' | 'region'>>;
  /** @default - context portal:webDist, then <repo>/web/dist */
  readonly webDistPath?: string;
  /** Directory of the cloud assembly. @default - the CLI's choice (cdk.out), or a temporary directory */
  readonly outdir?: string;
  /**
   * Register cdk-nag as validation plugins, so that an unacknowledged finding fails synthesis. Tests that want
   * itemised findings turn this off and call the packs' `validateScope()` themselves.
   * @default true
   */
  readonly nagPlugins?: boolean;
  /**
   * CDK's built-in CloudFormation template validation at synth (schema checks of every resource). It takes most
   * of synthesis time, so unit tests that assert on templates may turn it off; `cdk synth` keeps it.
   * @default true
   */
  readonly cfnValidation?: boolean;
}

/** The app and its stacks. */
export interface PortalApp {
  readonly app: App;
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly audit: AuditStack;
}

/** Builds the app; see {@link BuildAppOptions}. */
export function buildApp(options: BuildAppOptions = {}): PortalApp {
  const app = new App({
    context: { ...CDK_CONTEXT, ...options.context },
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? true,
  });
  const ctx = (key: string): string | undefined => {
    const value = app.node.tryGetContext(key) as unknown;
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };

  const env = options.env ?? {
    account: ctx(PORTAL_CONTEXT.account) ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT,
    region: ctx(PORTAL_CONTEXT.region) ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION,
  };
  const domainName = ctx(PORTAL_CONTEXT.domainName);
  // Presigned uploads come from the portal's own origin. Without a custom domain the CloudFront host name is only
  // known after deployment (and the data stack cannot depend on the web stack), so any CloudFront origin is allowed
  // until portal:webOrigin is set; CORS does not grant access to S3 here, the presigned signature does.
  const webOrigin = ctx(PORTAL_CONTEXT.webOrigin) ?? (domainName ? `https://${domainName}` : 'https://*.cloudfront.net');
  // Links in e-mails need the one concrete origin; a wildcard means it is not known yet.
  const portalUrl = webOrigin.includes('*') ? undefined : webOrigin;
  const reservedConcurrency = ctx(PORTAL_CONTEXT.reservedConcurrency);
  const webDistPath = options.webDistPath ?? ctx(PORTAL_CONTEXT.webDist) ?? path.join(REPO_ROOT, 'web', 'dist');

  Tags.of(app).add('application', 'patient-portal');

  const retention = (key: string) => {
    const value = ctx(key);
    return value === undefined ? AUDIT_RETENTION_DAYS : positiveInteger(key, value);
  };
  const data = new DataStack(app, 'PortalData', {
    env,
    description: 'Patient portal: tables, documents bucket and keys (PHI at rest), audit digests and document access trail',
    terminationProtection: env.account !== PLACEHOLDER_ACCOUNT,
    webOrigin,
    auditDigestRetentionDays: retention(PORTAL_CONTEXT.auditDigestRetentionDays),
    documentAccessTrail: ctx(PORTAL_CONTEXT.documentAccessTrail) === 'false' ? false : { retentionDays: retention(PORTAL_CONTEXT.documentAccessTrailRetentionDays) },
  });
  const auth = new AuthStack(app, 'PortalAuth', {
    env,
    description: 'Patient portal: Cognito user pool, groups and app client',
    terminationProtection: env.account !== PLACEHOLDER_ACCOUNT,
    threatProtection: ctx(PORTAL_CONTEXT.threatProtection) !== 'false',
  });
  const api = new ApiStack(app, 'PortalApi', {
    env,
    description: 'Patient portal: HTTP API and one Lambda function per route',
    data,
    auth,
    projectRoot: REPO_ROOT,
    reservedConcurrency: reservedConcurrency === undefined ? undefined : positiveInteger(PORTAL_CONTEXT.reservedConcurrency, reservedConcurrency),
    mail: { domain: ctx(PORTAL_CONTEXT.mailDomain), fromAddress: ctx(PORTAL_CONTEXT.mailFrom), configurationSet: ctx(PORTAL_CONTEXT.mailConfigurationSet) },
    // Not the distribution's domain: the web stack depends on this one (see PORTAL_CONTEXT.webOrigin).
    portalUrl,
  });
  const audit = new AuditStack(app, 'PortalAudit', {
    env,
    description: 'Patient portal: hourly audit digest publisher',
    data,
    projectRoot: REPO_ROOT,
    reservedConcurrency: reservedConcurrency === undefined ? undefined : positiveInteger(PORTAL_CONTEXT.reservedConcurrency, reservedConcurrency),
  });
  const web = new WebStack(app, 'PortalWeb', {
    env,
    description: 'Patient portal: CloudFront distribution, site bucket, WAF',
    api,
    logsKey: data.logsKey,
    webDistPath,
    domainName,
    certificateArn: ctx(PORTAL_CONTEXT.certificateArn),
  });

  if (env.account === PLACEHOLDER_ACCOUNT) {
    Annotations.of(data).addInfo(`No AWS account configured: synthesized for the placeholder account ${PLACEHOLDER_ACCOUNT}. Deploy with credentials or -c ${PORTAL_CONTEXT.account}=...`);
  }
  if (webOrigin.includes('*')) {
    Annotations.of(data).addInfo(`Documents bucket CORS allows ${webOrigin}; set -c ${PORTAL_CONTEXT.webOrigin}=https://<portal host> once the portal's address is known.`);
    Annotations.of(api).addWarningV2(
      'portal:portal-url-unknown',
      `The portal's address is not known yet, so the functions send no e-mail (their links would lead nowhere): set -c ${PORTAL_CONTEXT.webOrigin}=<PortalWeb.PortalUrl output> and deploy again.`,
    );
  }

  // cdk-nag 3 runs as a policy-validation plugin at the end of synthesis: an unacknowledged finding fails `cdk synth`.
  if (options.nagPlugins ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  }

  return { app, data, auth, api, web, audit };
}

function positiveInteger(key: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Context ${key} must be a positive whole number, got "${value}"`);
  return n;
}
