import type { Page } from '../domain/schemas';
import type { Transmission, TransmissionEvent } from '../domain/transmissions';
import type { PageRequest } from './directory';

/** One entry of the patient's accounting of disclosures (HIPAA 164.528), written with the transmission. */
export interface Disclosure {
  patientId: string;
  practiceId: string;
  at: string;
  recipient: { name: string; organisation?: string; address: string };
  description: string;
  purpose: string;
  transmissionId: string;
}

export type IdempotencyClaim =
  | { claimed: true }
  | { claimed: false; transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string };

/**
 * Transmissions, under the patient account that made them (they may span several practices' registrations), found
 * by the hash of their link token for the recipient, and listed per registration for the practices' staff. Every
 * change a recipient can cause is a conditional write: a download past the limit, after expiry or after
 * revocation does not happen, however many arrive at once.
 */
export interface TransmissionStore {
  /** Reserves an idempotency key for a new transmission, or says what the key was used for. */
  claim(accountId: string, key: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string; expiresAt: string }): Promise<IdempotencyClaim>;
  /** Takes over a claim whose creation never finished (the first attempt failed part-way). */
  reclaim(accountId: string, key: string, previousTransmissionId: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string; expiresAt: string }): Promise<boolean>;
  /** Stores the transmission, its per-registration references and its disclosures, atomically. */
  create(transmission: Transmission, disclosures: readonly Disclosure[]): Promise<void>;
  get(accountId: string, transmissionId: string): Promise<Transmission | undefined>;
  byTokenHash(tokenHash: string): Promise<Transmission | undefined>;
  listForAccount(accountId: string, page: PageRequest): Promise<Page<Transmission>>;
  /** Transmissions that hold records of this registration (for the practice's staff), newest first. */
  listForPatient(patientId: string, page: PageRequest): Promise<Page<Transmission>>;
  /** Appends an event if the list has room (a flood of opens cannot grow the item without bound). */
  appendEvent(t: Transmission, event: TransmissionEvent): Promise<void>;
  /** Counts a wrong code; answers the count after it. */
  recordCodeFailure(t: Transmission, event: TransmissionEvent): Promise<number>;
  /** Adds a recipient session while the link is usable; false when it no longer is. */
  addSession(t: Transmission, session: { hash: string; expiresAt: string }, event: TransmissionEvent, now: Date): Promise<boolean>;
  /** Uses one download while any are left, the link has not expired and is not revoked; false otherwise. */
  useDownload(t: Transmission, event: TransmissionEvent, now: Date): Promise<boolean>;
  revoke(t: Transmission, at: string): Promise<boolean>;
  confirm(t: Transmission, at: string): Promise<boolean>;
  listDisclosures(patientIds: readonly string[], page: PageRequest): Promise<Page<Disclosure>>;
}
