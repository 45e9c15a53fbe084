/**
 * The local API Gateway and CloudFront in one origin. `/api/*` requests become the API Gateway HTTP API v2
 * event that AWS sends (with the Cognito JWT verified as the JWT authorizer does) and go to the very handler
 * modules that CDK deploys, listed in shared/platform/routes.ts; everything else is the portal, served with the
 * same security headers as CloudFront.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ROUTES, type RouteDef } from '../../shared/platform/routes';
import type { ApiEvent, ApiResult } from '../../shared/platform/http';
import { SECURITY_HEADERS } from '../stacks/security-headers';
import { readOutbox, readOutboxMessage } from '../../shared/adapters/mail/outbox-mailer';
import { OUTBOX_HTML_CSP, OUTBOX_PAGE_CSP, renderOutboxList, renderOutboxMessage } from './outbox-page';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** API Gateway's payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout. */
const HANDLER_TIMEOUT_MS = 30_000;

/**
 * CloudFront's headers, less the two that only make sense over https: the local origin is plain http on
 * loopback, where HSTS is ignored and upgrade-insecure-requests would send the page's requests to a port
 * that speaks no TLS.
 */
export function localSecurityHeaders(connectSrc: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SECURITY_HEADERS)
      .filter(([name]) => name !== 'Strict-Transport-Security')
      .map(([name, value]) => [
        name,
        name === 'Content-Security-Policy'
          ? value.replace(/;\s*upgrade-insecure-requests/, '').replace(/connect-src ([^;]*)/, (_m, sources: string) => `connect-src ${[sources, ...connectSrc].join(' ')}`)
          : value,
      ]),
  );
}

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  params: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const params: string[] = [];
  const source = def.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${source}$`), params };
}

/** Claims as the HTTP API JWT authorizer hands them to Lambda: every value a string, arrays as "[a b]". */
export function authorizerClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    out[key] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

export interface JwtCheck {
  verify(token: string): Promise<Record<string, unknown>>;
}

export function cognitoJwtCheck(options: { userPoolId: string; clientId: string; jwks: unknown }): JwtCheck {
  // The HTTP API authorizer accepts tokens whose aud (ID token) or client_id (access token) is the client; the
  // handlers then refuse anything but an ID token. Verifying ID tokens only here is the stricter equivalent.
  const verifier = CognitoJwtVerifier.create({ userPoolId: options.userPoolId, clientId: options.clientId, tokenUse: 'id' });
  verifier.cacheJwks(options.jwks as Parameters<typeof verifier.cacheJwks>[0]);
  return { verify: async (token) => (await verifier.verify(token)) as unknown as Record<string, unknown> };
}

export interface GatewayOptions {
  port: number;
  host?: string;
  jwt: JwtCheck;
  /** Serve the built portal from this folder (static mode), or hand non-API requests to this middleware (Vite dev). */
  web?: { kind: 'static'; dir: string } | { kind: 'middleware'; handle: (req: IncomingMessage, res: ServerResponse, next: () => void) => void };
  /** Extra connect-src origins for the local CSP (the local storage endpoint). */
  connectSrc?: string[];
  /** The local mailer's folder: serve it at /_local/outbox (developers) and /_local/outbox.json (tests). */
  outboxDir?: string;
  /**
   * The local stack's audit digest publisher: `POST /_local/audit/publish-digest[?hour=YYYY-MM-DDTHH]` runs it
   * now (the hour given, or the hour in progress and the one before) and answers what it published.
   */
  publishAuditDigest?: (hour?: string) => Promise<unknown>;
  /** Called for each API request after it completes (status only; used for logs). */
  onRequest?: (info: { method: string; route: string; status: number; ms: number }) => void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isTextual(contentType: string | undefined): boolean {
  return !contentType || /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i.test(contentType);
}

export class LocalGateway {
  private readonly routes = ROUTES.map(compile);
  private readonly handlers = new Map<string, Promise<Handler>>();
  private readonly securityHeaders: Record<string, string>;
  private server?: Server;

  constructor(private readonly options: GatewayOptions) {
    this.securityHeaders = localSecurityHeaders(options.connectSrc);
  }

  /** Attaches the portal after start-up (the Vite dev server needs the gateway's HTTP server for hot reload). */
  setWeb(web: GatewayOptions['web']): void {
    this.options.web = web;
  }

  private handlerFor(def: RouteDef): Promise<Handler> {
    let handler = this.handlers.get(def.id);
    if (!handler) {
      handler = import(pathToFileURL(join(REPO_ROOT, def.handler)).href).then((mod: { handler?: Handler }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${def.handler} does not export a handler`);
        return mod.handler;
      });
      this.handlers.set(def.id, handler);
    }
    return handler;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.dispatch(req, res).catch((error: unknown) => {
        // A fault in the gateway itself: answer like API Gateway would and keep serving.
        console.error(`gateway error: ${(error as Error).name}`);
        if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
        else res.end();
      });
    });
    this.server.requestTimeout = 60_000;
    await new Promise<void>((resolveListen, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolveListen());
    });
  }

  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  get httpServer(): Server | undefined {
    return this.server;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.api(req, res, url);
    if (this.options.outboxDir && /^\/_local\/outbox(\.json|\/.*)?$/.test(url.pathname)) return this.outbox(req, res, url, this.options.outboxDir);
    if (this.options.publishAuditDigest && url.pathname === '/_local/audit/publish-digest') return this.publishDigest(req, res, url, this.options.publishAuditDigest);
    return this.web(req, res, url);
  }

  /** Runs the local digest publisher now (tests, and developers who do not want to wait for the next minute). */
  private async publishDigest(req: IncomingMessage, res: ServerResponse, url: URL, publish: (hour?: string) => Promise<unknown>): Promise<void> {
    const headers = { ...this.securityHeaders, 'cache-control': 'no-store', 'content-type': 'application/json' };
    if (req.method !== 'POST') {
      send(res, 405, { ...headers, allow: 'POST' }, JSON.stringify({ message: 'Method not allowed' }));
      return;
    }
    const hour = url.searchParams.get('hour') ?? undefined;
    try {
      send(res, 200, headers, JSON.stringify(await publish(hour)));
    } catch (error) {
      const invalid = (error as { code?: string }).code === 'invalid_request';
      if (!invalid) console.error(`audit digest publisher failed: ${(error as Error).name}`);
      send(res, invalid ? 400 : 500, headers, JSON.stringify({ message: invalid ? (error as Error).message : 'The digest could not be published.' }));
    }
  }

  /** The developer's view of the local mailer (see outbox-page.ts). Read-only; a local stack has no other reader. */
  private async outbox(req: IncomingMessage, res: ServerResponse, url: URL, dir: string): Promise<void> {
    const headers = { ...this.securityHeaders, 'Content-Security-Policy': OUTBOX_PAGE_CSP, 'cache-control': 'no-store' };
    const html = (status: number, body: string, csp = OUTBOX_PAGE_CSP) =>
      send(res, status, { ...headers, 'Content-Security-Policy': csp, 'content-type': 'text/html; charset=utf-8' }, req.method === 'HEAD' ? undefined : body);
    const json = (status: number, body: unknown) =>
      send(res, status, { ...headers, 'content-type': 'application/json' }, req.method === 'HEAD' ? undefined : JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }, 'Method not allowed');
      return;
    }
    if (url.pathname === '/_local/outbox.json') {
      // ?to= and ?tag= narrow the list (exact, the address case-insensitively), for tests that look for one message.
      const to = url.searchParams.get('to')?.toLowerCase();
      const tag = url.searchParams.get('tag');
      const messages = (await readOutbox(dir)).filter((m) => (!to || m.to.toLowerCase() === to) && (!tag || m.tag === tag));
      return json(200, { messages });
    }
    if (url.pathname === '/_local/outbox' || url.pathname === '/_local/outbox/') return html(200, renderOutboxList(await readOutbox(dir), dir));
    const [, id = '', suffix] = /^\/_local\/outbox\/([^/]+?)(\.json|\.html)?$/.exec(url.pathname) ?? [];
    // Ids are plain ASCII: anything encoded is not one (readOutboxMessage refuses it).
    const message = await readOutboxMessage(dir, id);
    if (!message || (suffix === '.html' && !message.html)) return html(404, '<!doctype html><title>Not found</title><p>No such message. <a href="/_local/outbox">Outbox</a></p>');
    if (suffix === '.json') return json(200, message);
    if (suffix === '.html') return html(200, message.html!, OUTBOX_HTML_CSP);
    return html(200, renderOutboxMessage(message));
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = this.routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m);
    const match = matches.find((x) => x.r.def.method === method);
    if (!match) {
      // API Gateway answers unknown routes with 404 {"message":"Not Found"}.
      send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const { def, params } = match.r;
    const pathParameters = Object.fromEntries(params.map((name, i) => [name, decodeURIComponent(match.m![i + 1]!)]));

    let claims: Record<string, string> | undefined;
    if (def.auth === 'jwt') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      try {
        if (!token) throw new Error('missing');
        claims = authorizerClaims(await this.options.jwt.verify(token));
      } catch {
        send(res, 401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, JSON.stringify({ message: 'Unauthorized' }));
        this.options.onRequest?.({ method, route: `${def.method} ${def.path}`, status: 401, ms: performance.now() - started });
        return;
      }
    }

    const raw = await readBody(req);
    if (raw === 'too-large') {
      send(res, 413, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Entity Too Large' }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    // As CloudFront does: append the address this hop saw, so the last entry is trustworthy.
    const peer = req.socket.remoteAddress ?? '127.0.0.1';
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${peer}` : peer;
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const textual = isTextual(headers['content-type']);
    const requestId = randomUUID();
    const now = new Date();
    const routeKey = `${def.method} ${def.path}`;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/).filter(Boolean) } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(params.length ? { pathParameters } : {}),
      ...(raw.length ? { body: textual ? raw.toString('utf8') : raw.toString('base64') } : {}),
      isBase64Encoded: raw.length > 0 && !textual,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      },
    } as unknown as ApiEvent;
    const context = {
      awsRequestId: requestId,
      functionName: def.id,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${def.id}`,
      memoryLimitInMB: '512',
      logGroupName: `/aws/lambda/${def.id}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => HANDLER_TIMEOUT_MS,
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } as unknown as Context;

    let result: ApiResult;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await this.handlerFor(def);
      result = await Promise.race([
        handler(event, context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), HANDLER_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      const timedOut = (error as Error).message === 'timeout';
      // API Gateway's answers when the integration fails or times out.
      send(res, timedOut ? 504 : 500, { 'content-type': 'application/json' }, JSON.stringify({ message: timedOut ? 'Service Unavailable' : 'Internal Server Error' }));
      console.error(`handler ${def.id} failed: ${(error as Error).name}`);
      return;
    } finally {
      clearTimeout(timer);
    }
    const outHeaders: Record<string, string | string[]> = { ...this.securityHeaders, ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) outHeaders['set-cookie'] = result.cookies;
    const body = result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    res.writeHead(result.statusCode ?? 200, outHeaders);
    res.end(body);
    this.options.onRequest?.({ method, route: routeKey, status: result.statusCode ?? 200, ms: performance.now() - started });
  }

  private web(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const web = this.options.web;
    if (!web) {
      send(res, 404, { 'content-type': 'text/plain' }, 'Not found');
      return;
    }
    if (web.kind === 'middleware') {
      web.handle(req, res, () => send(res, 404, { 'content-type': 'text/plain' }, 'Not found'));
      return;
    }
    const root = resolve(web.dir);
    const requested = normalize(join(root, decodeURIComponent(url.pathname)));
    const inside = requested.startsWith(root);
    let file = inside && existsSync(requested) && statSync(requested).isFile() ? requested : undefined;
    // SPA fallback for extension-less paths, as the CloudFront function does in production.
    if (!file && !extname(url.pathname)) file = join(root, 'index.html');
    if (!file || !existsSync(file)) {
      send(res, 404, { 'content-type': 'text/plain', ...this.securityHeaders }, 'Not found');
      return;
    }
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // Hashed assets are immutable; the HTML shell must always be fetched anew.
      'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...this.securityHeaders,
    });
    createReadStream(file).pipe(res);
  }
}
