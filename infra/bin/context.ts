/**
 * The CDK context the project runs with, read from cdk.json, plus the repository paths the stacks need.
 *
 * The CLI hands cdk.json's context to the app by itself; tests build the app in-process with `new App({ context })`
 * and must see exactly the same feature flags, or they would assert against a different template than the one
 * that gets deployed. Reading the file (instead of copying the flags) keeps one list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file lives in infra/bin). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of cdk.json. */
export const CDK_JSON_PATH = path.join(REPO_ROOT, 'cdk.json');

/** The `context` block of cdk.json: the recommended feature flags and any project settings. */
export const CDK_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze(
  (JSON.parse(readFileSync(CDK_JSON_PATH, 'utf8')) as { context?: Record<string, unknown> }).context ?? {},
);

/**
 * Context keys the portal's stacks read (pass with `-c key=value` or add to cdk.json's context).
 * All optional: synth works offline without any of them.
 */
export const PORTAL_CONTEXT = {
  /** AWS account to synthesize for; otherwise CDK_DEFAULT_ACCOUNT, otherwise a placeholder. */
  account: 'portal:account',
  /** AWS region to synthesize for; otherwise CDK_DEFAULT_REGION, otherwise us-east-1. */
  region: 'portal:region',
  /**
   * Origin of the portal (https://portal.example.org): allowed to PUT/GET presigned document URLs, and the base of
   * links in e-mails (the functions' PORTAL_URL). Defaults to https://<portal:domainName>. Without either, the
   * CloudFront address is only known after the first deployment (the web stack depends on the API stack, so the
   * functions cannot read it): set this to the PortalWeb.PortalUrl output and deploy again; until then no e-mail
   * is sent.
   */
  webOrigin: 'portal:webOrigin',
  /** Custom domain of the portal and the ARN of its ACM certificate (us-east-1); both or neither. */
  domainName: 'portal:domainName',
  certificateArn: 'portal:certificateArn',
  /** 'false' to run the user pool on the Essentials plan without threat protection (saves the Plus tier price). */
  threatProtection: 'portal:threatProtection',
  /** Reserved concurrency per API function (unset: none; a new account's concurrency quota may be only 10). */
  reservedConcurrency: 'portal:reservedConcurrency',
  /**
   * Domain to send e-mail notices from (portal.example.org): an SES domain identity with Easy DKIM is created for
   * it, and the API stack outputs the three DKIM CNAME records to publish. Sender: no-reply@<domain> unless
   * portal:mailFrom says otherwise.
   */
  mailDomain: 'portal:mailDomain',
  /**
   * Sender address of e-mail notices. Without portal:mailDomain, it (or its domain) must already be a verified SES
   * identity in the region. Neither set: e-mail notices are off (synth warns).
   */
  mailFrom: 'portal:mailFrom',
  /** Name of an existing SES configuration set to send through (bounce and complaint events). Optional. */
  mailConfigurationSet: 'portal:mailConfigurationSet',
  /** Directory of the built portal; defaults to web/dist. */
  webDist: 'portal:webDist',
  /**
   * Object Lock retention (compliance mode) of each audit digest, in days; default 2190 (six years). Compliance
   * mode cannot be shortened or lifted by anyone, the root user included, and the bucket cannot be deleted while
   * it holds a locked object: a throw-away stack should pass 1.
   */
  auditDigestRetentionDays: 'portal:auditDigestRetentionDays',
  /** 'false' for no CloudTrail trail of document downloads (development stacks); default on. */
  documentAccessTrail: 'portal:documentAccessTrail',
  /** Object Lock retention (compliance mode) of the trail's log files, in days; default 2190. */
  documentAccessTrailRetentionDays: 'portal:documentAccessTrailRetentionDays',
} as const;

/** The context key that lists the stacks whose assets get bundled; `[]` skips bundling (unit tests). */
export const BUNDLING_STACKS_CONTEXT = 'aws:cdk:bundling-stacks';
