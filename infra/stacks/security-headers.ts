/**
 * The HTTP response headers the portal is served with: by CloudFront in AWS (infra/stacks/web-stack.ts) and by
 * the local gateway (infra/local), which imports these constants so that a page that works locally cannot break
 * on a header it only meets after deployment. Plain data: no CDK imports.
 */

/**
 * Content Security Policy. Scripts and styles only from the portal's own origin (no inline code), images also
 * from data:/blob: (generated previews), blob: frames for PDF previews, and connections to the API (same origin)
 * and to S3 presigned URLs (https://*.amazonaws.com). Nothing may frame the portal.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https://*.amazonaws.com",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'upgrade-insecure-requests',
].join('; ');

/** HSTS lifetime: two years, the minimum the preload list accepts. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Browser features the portal never uses; denying them limits what an injected script could reach. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** Headers sent with every response, the portal's pages and the API alike. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': PERMISSIONS_POLICY,
} as const satisfies Record<string, string>;

/**
 * Extra headers for API responses (/api/*): ONC 170.315(d)(7) asks that nothing with PHI stays on the device,
 * so neither the browser nor any shared cache may store an answer.
 */
export const API_HEADERS = {
  'Cache-Control': 'no-store',
} as const satisfies Record<string, string>;
