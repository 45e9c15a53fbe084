/**
 * The whole portal on one machine: emulators, resources, the gateway with the real handlers, and the portal.
 * Used by `npm start` (persistent data, fixed ports) and by the test suites (temporary data, free ports).
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildAuditDigestDeps, setDeps } from '../../shared/platform/container';
import { loadAuditDigestConfig, MAIL_ENV } from '../../shared/platform/config';
import { LocalDigestPublisher } from './audit-digests';
import {
  ensureBuckets,
  ensureTables,
  ensureUserPool,
  handlerEnvironment,
  LOCAL_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  localClients,
  prepareCognitoFiles,
  type LocalClients,
} from './bootstrap';
import { startEmulators, stopEmulators, type EmulatorPorts, type RunningEmulator } from './emulators';
import { cognitoJwtCheck, LocalGateway } from './gateway';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The sender of the local outbox's messages. */
export const LOCAL_MAIL_FROM = 'no-reply@portal.localhost';

export interface LocalStackOptions {
  dataDir: string;
  inMemory?: boolean;
  port: number;
  ports: EmulatorPorts;
  /** 'vite': dev server with hot reload; 'static': the built portal in web/dist; 'none': API only. */
  web: 'vite' | 'static' | 'none';
  /** Extra handler environment (e.g. lower rate limits for a test). */
  env?: Record<string, string>;
  /** How often the audit digest publisher runs (0: only through POST /_local/audit/publish-digest). @default 60 000 */
  auditDigestIntervalMs?: number;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  /** Where the local mailer writes (see /_local/outbox). */
  outboxDir: string;
  ports: EmulatorPorts & { gateway: number };
  clients: LocalClients;
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function fetchJwks(cognitoPort: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${cognitoPort}/${LOCAL_USER_POOL_ID}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`cognito-local JWKS answered ${response.status}`);
  return response.json();
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  prepareCognitoFiles(join(dataDir, 'cognito'));

  let emulators: RunningEmulator[] = [];
  let gateway: LocalGateway | undefined;
  let digestPublisher: LocalDigestPublisher | undefined;
  let vite: { close(): Promise<void>; middlewares: (req: IncomingMessage, res: ServerResponse, next: () => void) => void } | undefined;
  const stop = async () => {
    await digestPublisher?.stop().catch(() => undefined);
    await gateway?.close().catch(() => undefined);
    await vite?.close().catch(() => undefined);
    await stopEmulators(emulators);
    setDeps(undefined);
  };

  try {
    emulators = await startEmulators({ ports: options.ports, dataDir, inMemory: options.inMemory ?? false, logDir });
    log(`emulators up: DynamoDB Local :${options.ports.dynamodb}, s3rver :${options.ports.s3}, cognito-local :${options.ports.cognito}`);
    const clients = localClients(options.ports);
    const t0 = performance.now();
    const origins = [`http://127.0.0.1:${options.port}`, `http://localhost:${options.port}`];
    await Promise.all([ensureTables(clients.dynamo), ensureBuckets(clients.s3, origins), ensureUserPool(clients.cognito)]);
    log(`tables, buckets and user pool ready (${Math.round(performance.now() - t0)} ms)`);

    // Handlers read their configuration from the environment exactly as in Lambda. E-mail goes to a folder that
    // the gateway shows at /_local/outbox; links in it point at this gateway (set below, once its port is known).
    const outboxDir = join(dataDir, 'outbox');
    const env: Record<string, string> = {
      ...handlerEnvironment(options.ports),
      [MAIL_ENV.outboxDir]: outboxDir,
      [MAIL_ENV.from]: LOCAL_MAIL_FROM,
      ...options.env,
    };
    Object.assign(process.env, env);
    setDeps(undefined);

    // The audit log's hourly digests, published in-process (see audit-digests.ts).
    digestPublisher = new LocalDigestPublisher(buildAuditDigestDeps(loadAuditDigestConfig(process.env)), log);

    let web: ConstructorParameters<typeof LocalGateway>[0]['web'];
    if (options.web === 'static') {
      const dir = join(REPO_ROOT, 'web', 'dist');
      if (!existsSync(join(dir, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first.');
      web = { kind: 'static', dir };
    }
    gateway = new LocalGateway({
      port: options.port,
      // The browser PUTs uploads straight to s3rver, as it does to S3 in AWS (allowed there by https://*.amazonaws.com).
      connectSrc: [`http://127.0.0.1:${options.ports.s3}`],
      jwt: cognitoJwtCheck({ userPoolId: LOCAL_USER_POOL_ID, clientId: LOCAL_CLIENT_ID, jwks: await fetchJwks(options.ports.cognito) }),
      web,
      outboxDir: env[MAIL_ENV.outboxDir],
      publishAuditDigest: (hour) => digestPublisher!.publish(hour),
    });
    await gateway.listen();
    const interval = options.auditDigestIntervalMs ?? 60_000;
    if (interval > 0) digestPublisher.start(interval);
    const url = `http://127.0.0.1:${gateway.port}`;
    if (!options.env?.[MAIL_ENV.portalUrl]) {
      env[MAIL_ENV.portalUrl] = url;
      process.env[MAIL_ENV.portalUrl] = url;
    }
    if (options.web === 'vite') {
      const { createServer } = await import('vite');
      const server = await createServer({
        configFile: join(REPO_ROOT, 'web', 'vite.config.ts'),
        server: { middlewareMode: true, ws: { server: gateway.httpServer } },
        appType: 'spa',
        logLevel: 'warn',
      });
      vite = server;
      gateway.setWeb({ kind: 'middleware', handle: server.middlewares });
    }
    return { url, outboxDir: env[MAIL_ENV.outboxDir]!, ports: { ...options.ports, gateway: gateway.port }, clients, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The package.json version, for the banner. */
export function portalVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
