import type { CorrectionRequest } from '../domain/corrections';
import type { Page } from '../domain/schemas';
import type { PageRequest } from './directory';

/**
 * Correction requests. Reads take the registrations the caller may see (a PatientScope) or the staff member's
 * practice; writes are conditional on the version the caller read, so two people acting at once cannot both win.
 */
export interface CorrectionStore {
  create(request: CorrectionRequest): Promise<void>;
  get(patientId: string, requestId: string): Promise<CorrectionRequest | undefined>;
  /** Newest first, merged across the given registrations. */
  listForPatients(patientIds: readonly string[], page: PageRequest): Promise<Page<CorrectionRequest>>;
  /** Open requests soonest due first; closed ones most recently changed first. */
  listForPractice(practiceId: string, status: 'open' | 'closed', page: PageRequest): Promise<Page<CorrectionRequest>>;
  /**
   * Replaces the request with `next` if it is still at `expectedVersion`; false when someone else changed it first.
   * With `markTarget`, the document or record item the request is about is marked as amended by it, atomically.
   */
  save(next: CorrectionRequest, expectedVersion: number, options?: { markTarget?: boolean }): Promise<boolean>;
}
