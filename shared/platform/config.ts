import { AUTH_ENV, BUCKETS, TABLES } from './resources';

/** What a handler needs to know about its environment, read once per cold start. */
export interface PortalConfig {
  region: string;
  tables: { main: string; audit: string };
  buckets: { documents: string };
  userPoolId: string;
  clientId: string;
  /** ARN of the Secrets Manager secret holding the app client's secret (deployed only). */
  clientSecretArn?: string;
  /** Local mode: emulators (path-style S3, no streaming checksums, dummy credentials). */
  local: boolean;
  requireStaffMfa: boolean;
  /** Cookies get `Secure` unless the local stack serves plain http on loopback. */
  secureCookies: boolean;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const local = env.PORTAL_LOCAL === 'true';
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    tables: { main: required(env, TABLES.main.envVar), audit: required(env, TABLES.audit.envVar) },
    buckets: { documents: required(env, BUCKETS.documents.envVar) },
    userPoolId: required(env, AUTH_ENV.userPoolId),
    clientId: required(env, AUTH_ENV.clientId),
    clientSecretArn: env[AUTH_ENV.clientSecretArn] || undefined,
    local,
    requireStaffMfa: env[AUTH_ENV.requireStaffMfa] === 'true',
    secureCookies: !local,
  };
}
