import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES } from '../../../shared/platform/routes';
import { OPENAPI_FILE, renderOpenApi } from '../../../scripts/openapi';

describe('docs/openapi.yaml', () => {
  it('is what the route table and schemas generate (run `npm run openapi` after changing them)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });

  it('documents every route with its method, and marks exactly the JWT routes as secured', () => {
    const doc = parse(readFileSync(OPENAPI_FILE, 'utf8'));
    for (const route of ROUTES) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.id);
      expect(op.security.length > 0).toBe(route.auth === 'jwt');
    }
  });
});
