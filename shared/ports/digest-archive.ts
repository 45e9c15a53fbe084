/**
 * Where published audit digests are kept: a write-once archive (in AWS an S3 bucket with Object Lock in compliance
 * mode, so that nobody, the account's root user included, can change or delete a digest before its retention ends).
 * Keys are plain object keys (`digests/2026/11/22/20.json`); values are the exact bytes that were published, since
 * anchors and third parties check them by SHA-256.
 */
export interface DigestArchive {
  /**
   * Stores `bytes` under `key`. With `ifAbsent` the write is refused when an object exists there already (an S3
   * conditional write, If-None-Match: *): the answer is then `false` and nothing changed. Otherwise `true`.
   */
  put(key: string, bytes: Uint8Array, options?: { ifAbsent?: boolean }): Promise<boolean>;
  /** The current bytes under `key`, or undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key that starts with `prefix`, in key order. */
  list(prefix: string): Promise<string[]>;
}
