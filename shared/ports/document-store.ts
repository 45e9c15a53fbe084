import type { DocumentRecord } from '../domain/entities';
import type { Page } from '../domain/schemas';
import type { PageRequest } from './directory';

/** Document metadata. Reads take the set of patients the caller may see (from a PatientScope). */
export interface DocumentIndex {
  put(document: DocumentRecord): Promise<void>;
  /** Newest clinical date first, merged across the given patients, paged with an opaque cursor. */
  listForPatients(patientIds: readonly string[], page: PageRequest): Promise<Page<DocumentRecord>>;
}

/** Document bytes. */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}
