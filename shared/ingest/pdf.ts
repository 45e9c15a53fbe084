/**
 * Structural checks of a PDF: enough to refuse a file that a viewer would show broken (cut off, no header), and to
 * read its title for the documents list. Encrypted PDFs are allowed: patients are entitled to them as they are.
 */
import { PDFDocument } from 'pdf-lib';
import { type DocumentFacts, RejectedFileError } from './types';

/** The end-of-file marker may be followed by a little padding; viewers look for it within the last KiB. */
const TRAILER_WINDOW = 1024;
/** `startxref` sits just before `%%EOF`; a generous window allows for comments and padding in between. */
const STARTXREF_WINDOW = 4096;
/** Loading with pdf-lib parses every object; above this size it costs more than the title is worth. */
const MAX_BYTES_TO_LOAD = 50 * 1024 * 1024;

function lastIndexOfAscii(bytes: Uint8Array, ascii: string, window: number): number {
  const from = Math.max(0, bytes.length - window);
  outer: for (let i = bytes.length - ascii.length; i >= from; i--) {
    for (let j = 0; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** Result of checking a PDF. */
export interface PdfCheck {
  /** PDF version from the header, e.g. "1.7". */
  version: string;
  /** Page count when the file was small enough to load; undefined when not loaded or pdf-lib could not read it. */
  pageCount?: number;
  facts: DocumentFacts;
}

/**
 * Checks the header and the trailer and reads the title. Throws RejectedFileError 'malformed' when the header has no
 * version and 'truncated' when the end-of-file marker or the cross-reference pointer is missing.
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024 + 16));
  const version = head.match(/%PDF-(\d\.\d)/)?.[1];
  if (!version) throw new RejectedFileError('malformed', 'The PDF header does not name a PDF version, so viewers cannot open it. Upload the original file.');
  if (lastIndexOfAscii(bytes, '%%EOF', TRAILER_WINDOW) < 0) {
    throw new RejectedFileError('truncated', 'The PDF is cut off: its end-of-file marker is missing; upload the complete file.');
  }
  if (lastIndexOfAscii(bytes, 'startxref', STARTXREF_WINDOW) < 0) {
    throw new RejectedFileError('truncated', 'The PDF is incomplete: the pointer to its table of contents (startxref) is missing; upload the complete file.');
  }
  const facts: DocumentFacts = {};
  let pageCount: number | undefined;
  if (bytes.length <= MAX_BYTES_TO_LOAD) {
    try {
      const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
      pageCount = doc.getPageCount();
      // Strings of an encrypted PDF are encrypted too: its title would be gibberish.
      const title = doc.isEncrypted ? undefined : doc.getTitle()?.trim();
      if (title) facts.title = title;
    } catch {
      // pdf-lib reads fewer PDFs than viewers do (e.g. some encrypted or damaged-but-repairable files); the header
      // and trailer checks above decide acceptance, the title is a nicety.
    }
  }
  return { version, pageCount, facts };
}
