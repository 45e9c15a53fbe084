/** Sends a FHIR Bundle to a server the patient named (a transmission's optional FHIR delivery). */
export interface FhirPusher {
  /** POSTs the bundle; answers the HTTP status, or throws FhirPushRefused for a target that is not allowed. */
  post(url: string, bundle: Uint8Array): Promise<{ status: number }>;
}

/** A target refused before anything was sent (not https, or an address inside private networks). */
export class FhirPushRefused extends Error {
  constructor(readonly reason: 'not-https' | 'private-address' | 'unresolvable') {
    super(`FHIR target refused: ${reason}`);
    this.name = 'FhirPushRefused';
  }
}
