/**
 * Structural checks of JPEG and PNG images: complete (not cut off), with sane dimensions read from the headers.
 * Decoding the pixels is left to the viewer; these checks only walk the container, so they cost microseconds.
 */
import { RejectedFileError } from './types';

/** Largest side a viewer is asked to show; medical scans and phone photos stay far below it. */
const MAX_SIDE = 30_000;
/** Above this many pixels a decoder needs gigabytes of memory: a decompression bomb, whatever the intent. */
const MAX_PIXELS = 250_000_000;

/** Dimensions of a checked image. */
export interface ImageCheck {
  width: number;
  height: number;
}

function checkDimensions(format: string, width: number, height: number): ImageCheck {
  if (width === 0 || height === 0) throw new RejectedFileError('malformed', `The ${format} image header declares no width or height, so it cannot be shown.`);
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new RejectedFileError('too-large', `The ${format} image is ${width} × ${height} pixels, too large to display safely (at most ${MAX_SIDE} pixels a side and ${MAX_PIXELS / 1_000_000} megapixels). Scale it down and upload it again.`);
  }
  return { width, height };
}

const truncatedJpeg = () => new RejectedFileError('truncated', 'The JPEG image is cut off: its end-of-image marker is missing; upload the complete file.');

/**
 * Walks the JPEG segments to the frame header (for the size) and the first scan, then looks for the end-of-image
 * marker after it. Searching from the scan rather than checking the last two bytes accepts the many cameras that
 * append data after the image, and skips the thumbnail inside EXIF, which has an end marker of its own.
 */
export function checkJpeg(bytes: Uint8Array): ImageCheck {
  let offset = 2;
  let size: ImageCheck | undefined;
  for (;;) {
    // Markers may be preceded by fill bytes (0xFF).
    while (offset < bytes.length && bytes[offset] === 0xff && bytes[offset + 1] === 0xff) offset++;
    if (offset + 4 > bytes.length) throw truncatedJpeg();
    if (bytes[offset] !== 0xff) throw new RejectedFileError('malformed', 'The JPEG image is damaged: its segments are not where they should be.');
    const marker = bytes[offset + 1]!;
    // Standalone markers without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9) throw new RejectedFileError('malformed', 'The JPEG image ends before any image data.');
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2) throw new RejectedFileError('malformed', 'The JPEG image is damaged: a segment has an impossible length.');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) throw truncatedJpeg();
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      size = checkDimensions('JPEG', width, height);
    }
    if (marker === 0xda) {
      if (!size) throw new RejectedFileError('malformed', 'The JPEG image has no frame header, so its size is unknown.');
      for (let i = offset + 2 + length; i < bytes.length - 1; i++) {
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return size;
      }
      throw truncatedJpeg();
    }
    offset += 2 + length;
  }
}

const PNG_SIGNATURE_LENGTH = 8;

/**
 * Walks the PNG chunks by their lengths: IHDR must come first (it carries the size) and IEND must be reached inside
 * the file, otherwise it was cut off.
 */
export function checkPng(bytes: Uint8Array): ImageCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = (at: number) => String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
  if (bytes.length < PNG_SIGNATURE_LENGTH + 8 + 13 || chunkType(PNG_SIGNATURE_LENGTH) !== 'IHDR') {
    throw new RejectedFileError('malformed', 'The PNG image is damaged: its header chunk (IHDR) is not first.');
  }
  const size = checkDimensions('PNG', view.getUint32(PNG_SIGNATURE_LENGTH + 8), view.getUint32(PNG_SIGNATURE_LENGTH + 12));
  let offset = PNG_SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (chunkType(offset) === 'IEND') return size;
    // 4 bytes length, 4 type, data, 4 CRC.
    offset += 12 + length;
  }
  throw new RejectedFileError('truncated', 'The PNG image is cut off: its end chunk (IEND) is missing; upload the complete file.');
}
