import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DigestArchive } from '../../ports/digest-archive';

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Published audit digests in their own bucket (AUDIT_DIGESTS_BUCKET). In AWS the bucket has S3 Object Lock in
 * compliance mode and a policy that refuses any put without If-None-Match: a digest, once written, is the only
 * version there will ever be under its key. s3rver (the local stack) has neither: there a put may replace.
 *
 * Every put carries the body's SHA-256 (S3 checks it, and Object Lock buckets require an integrity header).
 */
export class S3DigestArchive implements DigestArchive {
  constructor(
    private readonly s3: S3Client,
    /** Undefined where the environment names no digest bucket: every call then fails, nothing else does. */
    private readonly bucket: string | undefined,
  ) {}

  private get name(): string {
    if (!this.bucket) throw new Error('No audit digest bucket is configured (AUDIT_DIGESTS_BUCKET).');
    return this.bucket;
  }

  async put(key: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.name,
          Key: key,
          Body: bytes,
          ContentType: 'application/json',
          ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
          ...(options.ifAbsent ? { IfNoneMatch: '*' } : {}),
        }),
      );
      return true;
    } catch (error) {
      // 412: an object exists; 409: a concurrent conditional write to the same key won.
      if (options.ifAbsent && (status(error) === 412 || status(error) === 409)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      return await out.Body!.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || status(error) === 404) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(out.Contents ?? []).map((o) => o.Key!).filter(Boolean));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}
