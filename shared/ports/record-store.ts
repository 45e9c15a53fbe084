import type { DateWindow, RecordItem } from '../domain/record';
import type { Page } from '../domain/schemas';
import type { DataClass, ExtractedResource } from '../ingest/types';
import type { PageRequest } from './directory';

/**
 * The patient's structured record, kept as FHIR R4 resources per practice registration. Merging is idempotent:
 * a fact that arrives again adds the new document to its sources instead of appearing twice.
 */
export interface RecordStore {
  merge(patientId: string, practiceId: string, documentId: string, resources: readonly ExtractedResource[], now: Date): Promise<{ added: number; known: number }>;
  /** One item of one registration's record. */
  get(patientId: string, dataClass: DataClass, itemKey: string): Promise<RecordItem | undefined>;
  /** One data class, newest first, merged across the given registrations (the caller's scope), optionally dated within a window. */
  list(patientIds: readonly string[], dataClass: DataClass, page: PageRequest, window?: DateWindow): Promise<Page<RecordItem>>;
}
