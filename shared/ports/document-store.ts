import type { DocumentRecord } from '../domain/entities';
import type { DateWindow } from '../domain/record';
import type { Page } from '../domain/schemas';
import type { PageRequest } from './directory';

/** Document metadata. Reads take the set of patients the caller may see (from a PatientScope). */
export interface DocumentIndex {
  /** Stores a document; with `supersedes`, atomically marks that earlier version as replaced by this one. */
  put(document: DocumentRecord, supersedes?: DocumentRecord): Promise<void>;
  /** Newest clinical date first, merged across the given patients, paged with an opaque cursor, optionally dated within a window. */
  listForPatients(patientIds: readonly string[], page: PageRequest, window?: DateWindow): Promise<Page<DocumentRecord>>;
  /** One document of one of the given patients; undefined when it is not theirs or does not exist. */
  getForPatients(patientIds: readonly string[], documentId: string): Promise<DocumentRecord | undefined>;
}

/** An object as read back for verification: its hash, its size and its bytes when small enough to parse. */
export interface ReadObject {
  size: number;
  sha256: string;
  /** The whole content when size <= the caller's limit; otherwise only the first and last bytes, for sniffing. */
  bytes?: Uint8Array;
  head: Uint8Array;
  tail: Uint8Array;
}

/**
 * Document bytes. Uploads and downloads go straight between the client and storage through short-lived
 * presigned URLs; the server only reads an object back to verify it.
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A PUT URL for exactly this key, content type and SHA-256 (real S3 enforces both signed headers). */
  presignPut(key: string, options: { contentType: string; sha256Hex: string; expiresInSeconds: number }): Promise<{ url: string; headers: Record<string, string> }>;
  /** A GET URL for exactly this key that makes the browser save the file under the given name. */
  presignGet(key: string, options: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string>;
  size(key: string): Promise<number | undefined>;
  /** Starts a multipart upload and presigns a PUT for each part. */
  presignMultipart(key: string, options: { contentType: string; partCount: number; expiresInSeconds: number }): Promise<{ multipartId: string; urls: string[] }>;
  /** Assembles the parts the uploader sent (their numbers and the ETags storage answered). */
  completeMultipart(key: string, multipartId: string, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<void>;
  /** Streams the object once: hashes all of it, keeps all of it only when it is at most `keepUpTo` bytes. */
  read(key: string, keepUpTo: number): Promise<ReadObject>;
  /** Server-side copy: the bytes never pass through the caller. */
  copy(fromKey: string, toKey: string, contentType: string): Promise<void>;
  /** Only for staging objects that never became documents. */
  deleteStaged(key: string): Promise<void>;
}
