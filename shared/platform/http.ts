/**
 * The one way a request travels through a handler, top to bottom: request, authenticate (verified claims become
 * a typed Principal), validate (zod), use case, response. Errors become `{ error: { code, message, requestId } }`;
 * only client errors show their message. Logs carry the route, status, duration and error code: never a body,
 * a header, a token or a path parameter, so that no PHI can reach them.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z, type ZodType } from 'zod';
import type { AuditAction } from '../domain/audit';
import { principalFromClaims, type Principal } from '../domain/principal';
import { DomainError, TooManyRequestsError, ValidationError } from '../errors';
import type { Deps, RequestContext } from '../usecases/deps';
import { actorOf } from '../usecases/scope';
import { getDeps } from './container';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 64 * 1024;

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'patient-portal' });

/** Headers on every API answer: nothing an API returns may be cached or sniffed. */
export const API_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
};

export interface EndpointResponse {
  status: number;
  body?: unknown;
  cookies?: string[];
  headers?: Record<string, string>;
}

interface Spec<B, Q, P, A extends 'jwt' | 'none'> {
  auth: A;
  /** Recorded as a 'denied' audit event when the caller is refused. */
  action?: AuditAction;
  body?: ZodType<B>;
  /** The body may be absent (then `body` is undefined); when present it must match the schema. */
  optionalBody?: boolean;
  query?: ZodType<Q>;
  path?: ZodType<P>;
}

export interface EndpointRequest<B, Q, P, A extends 'jwt' | 'none'> {
  principal: A extends 'jwt' ? Principal : undefined;
  body: B;
  query: Q;
  path: P;
  cookies: Record<string, string>;
  deps: Deps;
  ctx: RequestContext;
}

function issuesToDetails(error: z.ZodError, prefix: string) {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}.` : issue.message,
  }));
}

function validate<T>(schema: ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = issuesToDetails(result.error, where === 'body' ? '' : where);
    throw new ValidationError(details.length === 1 ? details[0]!.message : 'Some fields are not valid.', details);
  }
  return result.data;
}

function parseBody(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') throw new ValidationError('A JSON request body is required.');
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) throw new DomainError('unsupported_media_type', 415, 'Send the request body as application/json.');
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
}

function parseCookies(event: ApiEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cookie of event.cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0) out[cookie.slice(0, eq).trim()] = decodeURIComponent(cookie.slice(eq + 1).trim());
  }
  return out;
}

/**
 * The viewer's address. Behind CloudFront, API Gateway's sourceIp is a CloudFront edge; CloudFront appends the
 * address it saw to X-Forwarded-For, so the last entry is the one a client cannot forge (entries before it can be).
 * The local gateway appends the same way.
 */
function viewerAddress(event: ApiEvent): string {
  const forwarded = event.headers?.['x-forwarded-for']?.split(',').map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? event.requestContext?.http?.sourceIp ?? 'unknown';
}

function errorResult(error: unknown, requestId: string): ApiResult {
  const domain = error instanceof DomainError ? error : undefined;
  if (domain?.expose) {
    return {
      statusCode: domain.status,
      headers: { ...API_HEADERS, ...(domain instanceof TooManyRequestsError ? { 'retry-after': String(domain.retryAfterSeconds) } : {}) },
      body: JSON.stringify(domain.toJSON(requestId)),
    };
  }
  const status = domain?.status ?? 500;
  const message = status === 503 ? 'A service the portal depends on is unavailable. Try again shortly.' : 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.';
  return { statusCode: status, headers: API_HEADERS, body: JSON.stringify({ error: { code: domain?.code ?? 'internal_error', message, requestId } }) };
}

/**
 * Declares a handler: its authorizer, its input schemas and the use case it runs.
 * `export const handler = endpoint({ auth: 'jwt', body: X }, async ({ principal, body, deps, ctx }) => ...)`.
 */
export function endpoint<B = undefined, Q = undefined, P = undefined, A extends 'jwt' | 'none' = 'none'>(
  spec: Spec<B, Q, P, A>,
  run: (request: EndpointRequest<B, Q, P, A>) => Promise<EndpointResponse>,
) {
  return middy<ApiEvent, ApiResult, Error, Context>().handler(async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    const ctx: RequestContext = { requestId, sourceIp: viewerAddress(event) };
    const route = event.routeKey ?? 'unknown';
    let principal: Principal | undefined;
    let deps: Deps | undefined;
    let result: ApiResult;
    try {
      deps = getDeps();
      if (spec.auth === 'jwt') principal = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
      const request = {
        principal,
        body: spec.body && !(spec.optionalBody && !event.body) ? validate(spec.body, parseBody(event), 'body') : undefined,
        query: validate(spec.query, event.queryStringParameters ?? {}, 'query'),
        path: validate(spec.path, event.pathParameters ?? {}, 'path'),
        cookies: parseCookies(event),
        deps,
        ctx,
      } as EndpointRequest<B, Q, P, A>;
      const response = await run(request);
      result = {
        statusCode: response.status,
        headers: { ...API_HEADERS, ...response.headers },
        ...(response.cookies?.length ? { cookies: response.cookies } : {}),
        body: response.body === undefined ? '' : JSON.stringify(response.body),
      };
    } catch (error) {
      result = errorResult(error, requestId);
      const status = result.statusCode ?? 500;
      if (principal && deps && spec.action && [403, 404, 409, 410, 429].includes(status)) {
        await deps.audit
          .append({
            actor: actorOf(principal),
            action: spec.action,
            outcome: 'denied',
            reason: error instanceof DomainError ? error.code : 'error',
            practiceId: principal.kind === 'staff' ? principal.practiceId : undefined,
            requestId,
            sourceIp: ctx.sourceIp,
          })
          .catch((auditError: unknown) => logger.error('audit append failed', { errorName: (auditError as Error).name }));
      }
      if (status >= 500) {
        // Name and stack frames only: an error's message can quote input.
        const stack = (error as Error)?.stack?.split('\n').slice(1, 8).join('\n');
        logger.error('request failed', { route, requestId, errorName: (error as Error)?.name, stack });
      }
    }
    const code = result.statusCode ?? 500;
    logger.info('request', { route, requestId, status: code, durationMs: Math.round(performance.now() - started) });
    return result;
  });
}

/** Cookie helpers: the refresh token lives in an HttpOnly cookie scoped to the auth endpoints only. */
export const REFRESH_COOKIE = 'portal_refresh';
export const ACCOUNT_COOKIE = 'portal_account';
const AUTH_COOKIE_PATH = '/api/auth';

export function sessionCookies(refreshToken: string, accountId: string, secure: boolean, maxAgeSeconds: number): string[] {
  const attrs = `Path=${AUTH_COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  return [`${REFRESH_COOKIE}=${encodeURIComponent(refreshToken)}; ${attrs}`, `${ACCOUNT_COOKIE}=${encodeURIComponent(accountId)}; ${attrs}`];
}

export function clearedSessionCookies(secure: boolean): string[] {
  const attrs = `Path=${AUTH_COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  return [`${REFRESH_COOKIE}=; ${attrs}`, `${ACCOUNT_COOKIE}=; ${attrs}`];
}
