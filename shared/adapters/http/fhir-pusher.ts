import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FhirPushRefused, type FhirPusher } from '../../ports/fhir-pusher';

const TIMEOUT_MS = 10_000;

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

/**
 * POSTs with a 10-second limit and no redirects (a redirect could lead inside the network). A server URL is the
 * patient's input: unless the deployment allows it (the local stack, whose test server is on 127.0.0.1), only
 * https targets whose every address is public are contacted.
 */
export class HttpFhirPusher implements FhirPusher {
  constructor(private readonly options: { allowPrivateTargets: boolean }) {}

  async post(url: string, bundle: Uint8Array): Promise<{ status: number }> {
    const target = new URL(url);
    if (!this.options.allowPrivateTargets) {
      if (target.protocol !== 'https:') throw new FhirPushRefused('not-https');
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((r) => r.map((a) => a.address)).catch(() => []);
      if (!addresses.length) throw new FhirPushRefused('unresolvable');
      if (addresses.some(isPrivateAddress)) throw new FhirPushRefused('private-address');
    }
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: Buffer.from(bundle),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { status: response.status };
  }
}
