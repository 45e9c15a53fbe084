import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { endpoint, logger, type ApiEvent } from '../../../shared/platform/http';
import { setDeps } from '../../../shared/platform/container';
import { ForbiddenError } from '../../../shared/errors';
import { memoryDeps } from '../../support/memory';

function event(body?: string, claims?: Record<string, string>): ApiEvent {
  return {
    routeKey: 'POST /api/test',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', http: { sourceIp: '192.0.2.1' }, ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
  } as unknown as ApiEvent;
}

const context = { awsRequestId: 'aws-1' } as Context;
const staffClaims = { sub: 's1', email: 'staff@p.example', token_use: 'id', 'cognito:groups': '[practice-staff]', 'custom:practice_id': 'p1' };

afterEach(() => {
  setDeps(undefined);
  vi.restoreAllMocks();
});

describe('endpoint pipeline', () => {
  it('validates the body and names each wrong field', async () => {
    setDeps(memoryDeps());
    const handler = endpoint({ auth: 'none', body: z.strictObject({ name: z.string().min(2, 'Name is too short.') }) }, async ({ body }) => ({ status: 200, body }));

    const result = await handler(event('{"name":"x"}'), context);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!)).toEqual({ error: { code: 'invalid_request', message: 'Name is too short.', details: [{ path: 'name', message: 'Name is too short.' }], requestId: 'req-1' } });
  });

  it('turns an unexpected error into a generic 500 that leaks nothing, and logs no message or body', async () => {
    setDeps(memoryDeps());
    const logged: string[] = [];
    vi.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => void logged.push(JSON.stringify(args)));
    const handler = endpoint({ auth: 'none', body: z.object({ name: z.string() }) }, async () => {
      throw new Error('database said: patient Jane Doe 1970-01-01 not found');
    });

    const result = await handler(event('{"name":"Jane Doe"}'), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('Jane');
    expect(JSON.parse(result.body!).error.code).toBe('internal_error');
    expect(logged.join('')).not.toContain('Jane');
    expect(logged.join('')).toContain('request failed');
  });

  it('audits a refusal as a denied event of the declared action', async () => {
    const deps = memoryDeps();
    setDeps(deps);
    const handler = endpoint({ auth: 'jwt', action: 'patient.read' }, async () => {
      throw new ForbiddenError();
    });

    const result = await handler(event(undefined, staffClaims), context);
    expect(result.statusCode).toBe(403);
    expect(deps.audit.all()).toEqual([expect.objectContaining({ action: 'patient.read', outcome: 'denied', reason: 'forbidden', actor: { id: 's1', role: 'staff', practiceId: 'p1', label: 'staff@p.example' } })]);
  });

  it('refuses invalid UTF-8 in a JSON body as not valid JSON', async () => {
    setDeps(memoryDeps());
    const handler = endpoint({ auth: 'none', body: z.object({}) }, async () => ({ status: 200 }));
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const result = await handler({ ...event(), body: raw.toString('base64'), isBase64Encoded: true } as ApiEvent, context);
    expect(result.statusCode).toBe(400);
  });

  it('sends no-store on every answer', async () => {
    setDeps(memoryDeps());
    const handler = endpoint({ auth: 'none' }, async () => ({ status: 200, body: { ok: true } }));
    const result = await handler(event(), context);
    expect(result.headers?.['cache-control']).toBe('no-store');
  });
});

describe('viewer address', () => {
  it('is the last X-Forwarded-For entry (the one CloudFront appended), not one the client wrote', async () => {
    const deps = memoryDeps();
    setDeps(deps);
    let seen = '';
    const handler = endpoint({ auth: 'none' }, async ({ ctx }) => {
      seen = ctx.sourceIp;
      return { status: 204 };
    });
    await handler({ ...event(), headers: { 'x-forwarded-for': '10.9.9.9, 203.0.113.5' } } as ApiEvent, context);
    expect(seen).toBe('203.0.113.5');
    await handler(event(), context);
    expect(seen).toBe('192.0.2.1');
  });
});
