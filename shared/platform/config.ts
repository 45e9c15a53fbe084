import { AUTH_ENV, BUCKETS, TABLES } from './resources';

/** The environment variables of e-mail and links, set by CDK in AWS and by the local stack on this machine. */
export const MAIL_ENV = {
  /** The portal's public origin (https://portal.example.org), for links in e-mails. */
  portalUrl: 'PORTAL_URL',
  /** The sender address; its address or domain must be a verified SES identity in AWS. */
  from: 'MAIL_FROM',
  /** Optional SES configuration set (event publishing, suppression, dedicated IPs). */
  configurationSet: 'MAIL_CONFIGURATION_SET',
  /** Local stack only: write each message into this folder instead of sending it. */
  outboxDir: 'MAIL_OUTBOX_DIR',
} as const;

/**
 * How e-mail leaves the portal: through SES (AWS), or as files in a folder (the local stack's outbox).
 * In SES mode `from` may be missing when no sender was configured at deployment: sending then fails (see
 * shared/adapters/mail), and nothing else does.
 */
export type MailConfig =
  | { mode: 'outbox'; dir: string; from: string }
  | { mode: 'ses'; from?: string; configurationSet?: string };

/** What a handler needs to know about its environment, read once per cold start. */
export interface PortalConfig {
  region: string;
  tables: { main: string; audit: string };
  /** The digest archive's bucket is optional: only the digest publisher and the verifiers use it. */
  buckets: { documents: string; auditDigests?: string };
  userPoolId: string;
  clientId: string;
  /** ARN of the Secrets Manager secret holding the app client's secret (deployed only). */
  clientSecretArn?: string;
  /** Local mode: emulators (path-style S3, no streaming checksums, dummy credentials). */
  local: boolean;
  requireStaffMfa: boolean;
  /** Cookies get `Secure` unless the local stack serves plain http on loopback. */
  secureCookies: boolean;
  /** The portal's public origin without a trailing slash; missing when the deployment did not say (no e-mail then). */
  portalUrl?: string;
  mail: MailConfig;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

/** An http(s) origin, or nothing: links in e-mails are built as `${portalUrl}/path`. */
function origin(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function mailConfig(env: NodeJS.ProcessEnv, local: boolean): MailConfig {
  const from = env[MAIL_ENV.from]?.trim() || undefined;
  const dir = env[MAIL_ENV.outboxDir]?.trim();
  if (dir) {
    // In Lambda an outbox would swallow every notice without a trace.
    if (!local) throw new Error(`${MAIL_ENV.outboxDir} is for the local stack only (PORTAL_LOCAL=true)`);
    return { mode: 'outbox', dir, from: from ?? 'no-reply@portal.localhost' };
  }
  return { mode: 'ses', from, configurationSet: env[MAIL_ENV.configurationSet]?.trim() || undefined };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const local = env.PORTAL_LOCAL === 'true';
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    tables: { main: required(env, TABLES.main.envVar), audit: required(env, TABLES.audit.envVar) },
    buckets: { documents: required(env, BUCKETS.documents.envVar), auditDigests: env[BUCKETS.auditDigests.envVar] || undefined },
    userPoolId: required(env, AUTH_ENV.userPoolId),
    clientId: required(env, AUTH_ENV.clientId),
    clientSecretArn: env[AUTH_ENV.clientSecretArn] || undefined,
    local,
    requireStaffMfa: env[AUTH_ENV.requireStaffMfa] === 'true',
    secureCookies: !local,
    portalUrl: origin(env, MAIL_ENV.portalUrl),
    mail: mailConfig(env, local),
  };
}

/**
 * The configuration of the audit digest publisher (and of `npm run audit:verify`): the audit table and the digest
 * bucket are all they need, so those two are the only variables required. The other resources are left empty:
 * nothing built from this configuration may use them.
 */
export function loadAuditDigestConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const local = env.PORTAL_LOCAL === 'true';
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    tables: { main: '', audit: required(env, TABLES.audit.envVar) },
    buckets: { documents: '', auditDigests: required(env, BUCKETS.auditDigests.envVar) },
    userPoolId: '',
    clientId: '',
    local,
    requireStaffMfa: true,
    secureCookies: !local,
    mail: { mode: 'ses' },
  };
}
