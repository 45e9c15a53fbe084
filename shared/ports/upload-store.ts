import type { UploadRecord, UploadStatus } from '../domain/entities';

/** Uploads in flight. State changes are conditional: an upload is verified once, by one request. */
export interface UploadStore {
  create(upload: UploadRecord): Promise<void>;
  /** Only uploads of the given practice: another practice's upload id is simply not found. */
  get(practiceId: string, uploadId: string): Promise<UploadRecord | undefined>;
  /** Moves the upload from `from` to `to`; throws ConflictError when it is no longer in `from`. */
  transition(upload: UploadRecord, from: UploadStatus, to: UploadStatus, reason?: UploadRecord['reason']): Promise<void>;
}
