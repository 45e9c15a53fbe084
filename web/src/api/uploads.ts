import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { MAX_UPLOAD_BYTES, type CompleteUploadInput, type CreatedUpload } from '../domain';
import { ApiError, NETWORK_ERROR_MESSAGE } from './api-error';

/**
 * The largest file the portal uploads: what the server accepts (5 GB). Hashing streams and large files go up in
 * parts, so the browser needs no limit of its own.
 */
export const MAX_BROWSER_UPLOAD_BYTES = MAX_UPLOAD_BYTES;

export const TOO_LARGE_FOR_BROWSER_MESSAGE =
  'This file is larger than 5 GB, the most the portal accepts. Split it into smaller files (a long scan into several PDFs, for example) and upload those.';

/** The file types the portal accepts (the server checks the content itself; this only narrows the file picker). */
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,.xml,.ccd,.txt,.json,.ndjson';

/** Read at a time: large enough that reading is not the bottleneck, small enough to keep memory flat. */
export const HASH_CHUNK_BYTES = 8 * 1024 ** 2;

/**
 * Hashed between two turns of the page: hashing runs on the page's thread (tens of MB/s in pure JS), so it stops
 * every MiB, about 20 ms on a slow machine, to let the page handle input and repaint the progress.
 */
const HASH_STEP_BYTES = 1024 ** 2;

/** Parts of one file sent at the same time: enough to fill an uplink, few enough not to starve the other file. */
export const PART_CONCURRENCY = 3;

/** Tries per part: a part that fails is sent again twice, after a pause, before the file fails. */
export const PART_ATTEMPTS = 3;

export interface HashOptions {
  /** Called after each MiB hashed, with the fraction of the file hashed so far. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  chunkBytes?: number;
}

/** A turn of the event loop without setTimeout's 4 ms clamp for nested timers. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The SHA-256 of the file as 64 lower-case hex digits, as the upload endpoint wants it. crypto.subtle has no
 * streaming digest, so a pure-JS hash (no WebAssembly: the CSP forbids it) takes the file chunk by chunk; the next
 * chunk is read while one is hashed, so at most two chunks are in memory whatever the file's size.
 */
export async function sha256Hex(file: Blob, options: HashOptions = {}): Promise<string> {
  const chunkBytes = options.chunkBytes ?? HASH_CHUNK_BYTES;
  const hash = sha256.create();
  const read = (start: number) => {
    const reading = file.slice(start, start + chunkBytes).arrayBuffer();
    // A read left behind by a cancellation must not end as an unhandled rejection; awaiting it still throws.
    reading.catch(() => {});
    return reading;
  };
  let next = file.size > 0 ? read(0) : undefined;
  for (let start = 0; next; start += chunkBytes) {
    // A Uint8Array of this realm over the buffer: accepted whichever realm made it (jsdom in the unit tests).
    const chunk = new Uint8Array(await next);
    next = start + chunkBytes < file.size ? read(start + chunkBytes) : undefined;
    for (let offset = 0; offset < chunk.length; offset += HASH_STEP_BYTES) {
      await nextTurn();
      options.signal?.throwIfAborted();
      hash.update(chunk.subarray(offset, offset + HASH_STEP_BYTES));
      options.onProgress?.((start + Math.min(chunk.length, offset + HASH_STEP_BYTES)) / file.size);
    }
  }
  return bytesToHex(hash.digest());
}

/** The browser's idea of the file type, when the API would accept it as a content type. */
export function declaredContentType(file: File): string | undefined {
  return /^[\w.+-]+\/[\w.+-]+$/.test(file.type) && file.type.length <= 100 ? file.type : undefined;
}

type MultipartTarget = Extract<CreatedUpload, { method: 'MULTIPART' }>;
export type SentPart = CompleteUploadInput['parts'][number];

/** One part of a file to send: its URL and the bytes [start, end) of the file. */
export interface PartPlan {
  partNumber: number;
  url: string;
  start: number;
  end: number;
}

/**
 * Where each part's bytes come from: part n is the n-th slice of `partSize` bytes, the last one the rest. Refuses
 * a list of parts that does not cover the file exactly once (the server's answer and the file disagree).
 */
export function planParts(size: number, partSize: number, parts: MultipartTarget['parts']): PartPlan[] {
  const count = Number.isInteger(partSize) && partSize > 0 ? Math.ceil(size / partSize) : -1;
  const numbers = new Set(parts.map((part) => part.partNumber));
  if (size <= 0 || parts.length !== count || numbers.size !== count || parts.some((part) => !Number.isInteger(part.partNumber) || part.partNumber < 1 || part.partNumber > count)) {
    throw new ApiError({ status: 500, code: 'parts_mismatch', message: 'The portal asked for this file in parts that do not fit its size. Try again.' });
  }
  return parts
    .map((part) => {
      const start = (part.partNumber - 1) * partSize;
      return { partNumber: part.partNumber, url: part.url, start, end: Math.min(size, start + partSize) };
    })
    .sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * The progress of a file sent in parts: the bytes sent of each part, summed over the file. A part sent again
 * starts from zero, so the total may step back on a retry rather than overstate what arrived.
 */
export class PartProgress {
  private readonly lengths = new Map<number, number>();
  private readonly sent = new Map<number, number>();
  private readonly total: number;
  private sum = 0;

  constructor(plan: readonly PartPlan[]) {
    for (const part of plan) this.lengths.set(part.partNumber, part.end - part.start);
    this.total = plan.reduce((sum, part) => sum + part.end - part.start, 0);
  }

  /** Records that `bytes` of the part have been sent (clamped to the part) and answers the file's fraction. */
  set(partNumber: number, bytes: number): number {
    const length = this.lengths.get(partNumber) ?? 0;
    const clamped = Math.min(length, Math.max(0, bytes));
    this.sum += clamped - (this.sent.get(partNumber) ?? 0);
    this.sent.set(partNumber, clamped);
    return this.fraction;
  }

  /** Records that the whole part is in storage. */
  finish(partNumber: number): number {
    return this.set(partNumber, this.lengths.get(partNumber) ?? 0);
  }

  get fraction(): number {
    return this.total > 0 ? this.sum / this.total : 1;
  }
}

/**
 * Whether a failed PUT may succeed when sent again: the network, throttling, the storage's own trouble, and the 400
 * that S3 answers when a transfer stalls (RequestTimeout). Not 403: an expired or refused signature stays refused.
 */
export function isTransientStorageError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === 'network_error') return true;
  return error.code === 'storage_error' && (error.status === 400 || error.status === 408 || error.status === 429 || error.status >= 500);
}

/** The pause before try number `attempt` + 1 (attempt counts from 1): about 1 s, then 2 s, jittered so parts do not retry in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(1000 * 2 ** (attempt - 1) * (0.5 + random()));
}

const cancelled = () => new DOMException('The upload was cancelled.', 'AbortError');

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

interface StoragePut {
  url: string;
  headers?: Record<string, string>;
  body: Blob;
  /** Bytes of the body sent so far, of `total`. */
  onProgress: (loaded: number, total: number) => void;
  /** Names the failure for people ("the file", "part 3 of the file"). */
  what: string;
  signal?: AbortSignal | undefined;
}

/**
 * One PUT straight to storage with exactly the headers the API signed. XMLHttpRequest rather than fetch because
 * only it reports upload progress. No credentials: the URL is the authorisation. Failures are ApiErrors with
 * status 0 (the network) or the storage's status; a cancellation is an AbortError.
 */
function putToStorage(request: StoragePut): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = () => request.signal?.removeEventListener('abort', abort);
    xhr.open('PUT', request.url);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(xhr);
      } else {
        reject(
          new ApiError({
            status: xhr.status,
            code: 'storage_error',
            message: `The storage service did not accept ${request.what} (HTTP ${xhr.status}). Try again.`,
          }),
        );
      }
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError({ status: 0, code: 'network_error', message: NETWORK_ERROR_MESSAGE }));
    };
    xhr.onabort = () => {
      done();
      reject(cancelled());
    };
    request.signal?.addEventListener('abort', abort);
    xhr.send(request.body);
  });
}

/** Step 2 of an upload in one piece: PUT the whole file, reporting the fraction sent. */
export async function putFile(target: Extract<CreatedUpload, { method: 'PUT' }>, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  await putToStorage({
    url: target.url,
    headers: target.headers,
    body: file,
    onProgress: (loaded, total) => onProgress(loaded / total),
    what: 'the file',
    signal,
  });
  onProgress(1);
}

/** One part, tried up to PART_ATTEMPTS times; answers the ETag that completing the upload needs. */
async function putPart(part: PartPlan, file: Blob, progress: PartProgress, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    onProgress(progress.set(part.partNumber, 0));
    try {
      const xhr = await putToStorage({
        url: part.url,
        body: file.slice(part.start, part.end),
        onProgress: (loaded) => onProgress(progress.set(part.partNumber, loaded)),
        what: `part ${part.partNumber} of the file`,
        signal,
      });
      const etag = xhr.getResponseHeader('ETag');
      // Only missing when the storage's CORS rules do not expose ETag: a set-up problem, not worth a retry.
      if (!etag) throw new ApiError({ status: 502, code: 'storage_setup', message: 'The storage service did not confirm the parts it received. Ask your administrator to check its CORS settings (ETag must be exposed).' });
      onProgress(progress.finish(part.partNumber));
      return etag;
    } catch (error) {
      if (signal.aborted || attempt >= PART_ATTEMPTS || !isTransientStorageError(error)) throw error;
      await pause(retryDelayMs(attempt), signal);
    }
  }
}

/**
 * Step 2 of an upload in parts: PUT each slice to its own URL, PART_CONCURRENCY at a time, and answer each part's
 * ETag for the completion. `sent` holds the parts already in storage (from an earlier try of the same upload): they
 * are not sent again, and the parts that arrive now are added to it, so that a retry after a failure resumes.
 * The first part that fails for good stops the others.
 */
export async function putParts(
  target: MultipartTarget,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  sent: Map<number, string> = new Map(),
): Promise<SentPart[]> {
  const plan = planParts(file.size, target.partSize, target.parts);
  const progress = new PartProgress(plan);
  for (const partNumber of sent.keys()) progress.finish(partNumber);
  onProgress(progress.fraction);
  const todo = plan.filter((part) => !sent.has(part.partNumber));
  const stop = new AbortController();
  const abort = () => stop.abort();
  if (signal?.aborted) throw cancelled();
  signal?.addEventListener('abort', abort);
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !stop.signal.aborted) {
      const part = todo[next++]!;
      sent.set(part.partNumber, await putPart(part, file, progress, onProgress, stop.signal));
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(PART_CONCURRENCY, todo.length) }, () =>
        worker().catch((error: unknown) => {
          failure ??= error;
          stop.abort();
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (signal?.aborted) throw cancelled();
  if (failure !== undefined) throw failure;
  return plan.map((part) => ({ partNumber: part.partNumber, etag: sent.get(part.partNumber)! }));
}
