import type { CreatedUpload } from '../domain';
import { ApiError, NETWORK_ERROR_MESSAGE } from './api-error';

/**
 * The largest file the portal uploads from the browser. Hashing reads the whole file into memory
 * (crypto.subtle has no streaming digest), which is fine for a few hundred MB; anything larger goes through
 * the command-line uploader, which streams (the server accepts up to 5 GB).
 */
export const MAX_BROWSER_UPLOAD_BYTES = 256 * 1024 ** 2;

export const TOO_LARGE_FOR_BROWSER_MESSAGE =
  'This file is larger than 256 MB. Files this large must be uploaded with the command-line uploader (npm run upload).';

/** The file types the portal accepts (the server checks the content itself; this only narrows the file picker). */
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,.xml,.ccd,.txt,.json,.ndjson';

/** The SHA-256 of the file as 64 lower-case hex digits, as the upload endpoint wants it. */
export async function sha256Hex(file: Blob): Promise<string> {
  // A Uint8Array view rather than the bare ArrayBuffer: accepted across realms too (jsdom in the unit tests).
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(await file.arrayBuffer()));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The browser's idea of the file type, when the API would accept it as a content type. */
export function declaredContentType(file: File): string | undefined {
  return /^[\w.+-]+\/[\w.+-]+$/.test(file.type) && file.type.length <= 100 ? file.type : undefined;
}

/**
 * Step 2 of an upload: PUT the bytes straight to storage with exactly the headers the API signed.
 * XMLHttpRequest rather than fetch because only it reports upload progress. No credentials: the URL is the
 * authorisation. Failures are ApiErrors with status 0 (the network) or the storage's status.
 */
export function putFile(target: Extract<CreatedUpload, { method: 'PUT' }>, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(
          new ApiError({
            status: xhr.status,
            code: 'storage_error',
            message: `The storage service did not accept the file (HTTP ${xhr.status}). Try again.`,
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
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', abort);
    xhr.send(file);
  });
}
