import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, ReadObject } from '../../ports/document-store';

const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 4 * 1024;

/** Only the staging area may ever be deleted from: a document, once accepted, is kept (and versioned). */
export const STAGING_PREFIX = 'incoming/';

function isNotFound(error: unknown): boolean {
  return error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}

/** RFC 6266 filename for Content-Disposition: an ASCII fallback plus the UTF-8 name. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Document bytes in the documents bucket (SSE-KMS by the bucket's default encryption in AWS). */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.size(key)) !== undefined;
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async presignPut(key: string, options: { contentType: string; sha256Hex: string; expiresInSeconds: number }) {
    const checksum = Buffer.from(options.sha256Hex, 'hex').toString('base64');
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType, ChecksumSHA256: checksum });
    // Sign the content type and keep the checksum a header: real S3 then refuses any other type or other bytes.
    const url = await getSignedUrl(this.s3, command, {
      expiresIn: options.expiresInSeconds,
      signableHeaders: new Set(['content-type']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    return { url, headers: { 'content-type': options.contentType, 'x-amz-checksum-sha256': checksum } };
  }

  async presignMultipart(key: string, options: { contentType: string; partCount: number; expiresInSeconds: number }) {
    const started = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType }));
    const multipartId = started.UploadId!;
    const urls = await Promise.all(
      Array.from({ length: options.partCount }, (_, i) =>
        getSignedUrl(this.s3, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: multipartId, PartNumber: i + 1 }), { expiresIn: options.expiresInSeconds }),
      ),
    );
    return { multipartId, urls };
  }

  async completeMultipart(key: string, multipartId: string, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<void> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
    await this.s3.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: multipartId, MultipartUpload: { Parts: sorted } }));
  }

  async presignGet(key: string, options: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(options.filename),
      ResponseContentType: options.contentType,
      ResponseCacheControl: 'no-store',
    });
    return getSignedUrl(this.s3, command, { expiresIn: options.expiresInSeconds });
  }

  async read(key: string, keepUpTo: number): Promise<ReadObject> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const hash = createHash('sha256');
    const kept: Uint8Array[] = [];
    let size = 0;
    let head: Uint8Array = new Uint8Array(0);
    let tail: Uint8Array = new Uint8Array(0);
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.byteLength;
      if (size <= keepUpTo) kept.push(chunk);
      if (head.byteLength < HEAD_BYTES) head = concat(head, chunk.subarray(0, HEAD_BYTES - head.byteLength));
      tail = concat(tail, chunk).subarray(-TAIL_BYTES);
    }
    return { size, sha256: hash.digest('hex'), head, tail, ...(size <= keepUpTo ? { bytes: concat(...kept) } : {}) };
  }

  async copy(fromKey: string, toKey: string, contentType: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        CopySource: `${this.bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
        Key: toKey,
        ContentType: contentType,
        MetadataDirective: 'REPLACE',
      }),
    );
  }

  async deleteStaged(key: string): Promise<void> {
    if (!key.startsWith(STAGING_PREFIX)) throw new Error('Only staged uploads can be deleted.');
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
