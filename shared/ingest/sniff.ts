/**
 * Decides what uploaded bytes are from their content alone. The file name and the declared content type are never
 * trusted; they only make the refusal clearer when they disagree with the content ("named .pdf, but is a Windows
 * program").
 */
import { RejectedFileError } from './types';

/** What the content looks like; XML becomes 'ccda' (or is refused) only once it has been parsed safely. */
export type ContentKind = 'pdf' | 'jpeg' | 'png' | 'xml' | 'json' | 'ndjson';

/** What the uploader claimed, used only to word a refusal. */
export interface DeclaredType {
  filename?: string;
  declaredType?: string;
}

/** How far into the file the PDF header may start (the PDF specification tolerates leading junk up to 1 KiB). */
const PDF_HEADER_WINDOW = 1024;

/** Formats that are never health records; each is named so that the uploader knows what they actually picked. */
const REFUSED_SIGNATURES: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x4d, 0x5a], what: 'a Windows program (EXE)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a Linux program (ELF)' },
  { bytes: [0xfe, 0xed, 0xfa, 0xce], what: 'a macOS program (Mach-O)' },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], what: 'a macOS program (Mach-O)' },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], what: 'a macOS program (Mach-O)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'a macOS program (Mach-O)' },
  // Shared by Mach-O universal binaries and Java class files: both are programs.
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'a program (Mach-O or Java class)' },
  { bytes: [0x23, 0x21], what: 'a script (#!)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, what: 'a tar archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document' },
];

/** Real formats the portal does not take: refused as unsupported, with what to convert them to. */
const UNSUPPORTED_SIGNATURES: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { bytes: [0x42, 0x4d], what: 'a BMP image' },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' },
  { bytes: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69], offset: 4, what: 'a HEIC image' },
  { bytes: [0x44, 0x49, 0x43, 0x4d], offset: 128, what: 'a DICOM image' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
];

const HTML_ROOTS = new Set(['html', 'head', 'body', 'script', 'iframe', 'svg']);

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function indexOfAscii(bytes: Uint8Array, ascii: string, from: number, to: number): number {
  const end = Math.min(to, bytes.length) - ascii.length;
  outer: for (let i = Math.max(0, from); i <= end; i++) {
    for (let j = 0; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** A short phrase for what the uploader said the file was, or undefined when they said nothing useful. */
function claimed(declared: DeclaredType): string | undefined {
  const ext = declared.filename?.toLowerCase().match(/\.([a-z0-9]{1,8})$/)?.[1];
  const byExt: Record<string, string> = {
    pdf: 'a PDF', jpg: 'a JPEG image', jpeg: 'a JPEG image', png: 'a PNG image', xml: 'an XML document', ccd: 'a C-CDA document',
    ccda: 'a C-CDA document', cda: 'a C-CDA document', json: 'a FHIR JSON file', ndjson: 'a FHIR NDJSON file', txt: 'a text file',
  };
  if (ext && byExt[ext]) return byExt[ext];
  const type = declared.declaredType?.toLowerCase().split(';')[0]?.trim();
  const byType: Record<string, string> = {
    'application/pdf': 'a PDF', 'image/jpeg': 'a JPEG image', 'image/png': 'a PNG image', 'application/xml': 'an XML document',
    'text/xml': 'an XML document', 'application/fhir+json': 'a FHIR JSON file', 'application/json': 'a FHIR JSON file',
    'application/fhir+ndjson': 'a FHIR NDJSON file', 'application/x-ndjson': 'a FHIR NDJSON file',
  };
  return type ? byType[type] : undefined;
}

function disguised(what: string, declared: DeclaredType): RejectedFileError {
  const claim = claimed(declared);
  const lead = claim ? `The file is presented as ${claim}, but its content is ${what}` : `The file's content is ${what}`;
  return new RejectedFileError('disguised-type', `${lead}, not a health record. Upload the PDF, image, C-CDA or FHIR file itself.`);
}

/** Skips an optional UTF-8 BOM and ASCII whitespace; returns the index of the first significant byte. */
function firstSignificant(bytes: Uint8Array): number {
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}

/**
 * The first element name of a markup prolog, skipping the XML declaration, processing instructions and comments,
 * and whether a DOCTYPE names html: enough to tell a web page from an XML health document without parsing it.
 */
function markupRoot(head: string): { root?: string; htmlDoctype: boolean } {
  let rest = head;
  let htmlDoctype = false;
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return { htmlDoctype };
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return { htmlDoctype };
      rest = rest.slice(end + 3);
    } else if (/^<!doctype/i.test(rest)) {
      if (/^<!doctype\s+html\b/i.test(rest)) htmlDoctype = true;
      const end = rest.indexOf('>');
      if (end < 0) return { htmlDoctype };
      rest = rest.slice(end + 1);
    } else {
      const name = rest.match(/^<([A-Za-z_][\w.:-]*)/)?.[1];
      return { root: name ? name.slice(name.indexOf(':') + 1).toLowerCase() : undefined, htmlDoctype };
    }
  }
}

/**
 * A JSON text is NDJSON when its first line is a whole object on its own and more content follows on later lines.
 * Pretty-printed JSON never has a first line that both opens and closes an object, so this needs no parsing (the
 * file has not been checked for nesting depth yet, so parsing here would be unsafe).
 */
function looksLikeNdjson(bytes: Uint8Array, start: number): boolean {
  const newline = bytes.indexOf(0x0a, start);
  if (newline < 0) return false;
  let end = newline - 1;
  while (end > start && (bytes[end] === 0x0d || bytes[end] === 0x20 || bytes[end] === 0x09)) end--;
  if (bytes[start] !== 0x7b || bytes[end] !== 0x7d) return false;
  for (let i = newline + 1; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}

/**
 * Sniffs the content kind. Throws RejectedFileError: 'empty' for zero bytes (or only whitespace), 'disguised-type'
 * for programs, archives and web pages, 'invalid-encoding' for UTF-16 text, 'unsupported-type' for anything else.
 */
export function sniffContent(bytes: Uint8Array, declared: DeclaredType = {}): ContentKind {
  if (bytes.length === 0) throw new RejectedFileError('empty', 'The file is empty (0 bytes). Upload it again; the original may not have been saved completely.');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  for (const signature of REFUSED_SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.offset)) throw disguised(signature.what, declared);
  }
  for (const signature of UNSUPPORTED_SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.offset)) {
      throw new RejectedFileError('unsupported-type', `The file is ${signature.what}, which the portal does not accept. Convert it to PDF, JPEG or PNG and upload that.`);
    }
  }
  if (indexOfAscii(bytes, '%PDF-', 0, PDF_HEADER_WINDOW) >= 0) return 'pdf';
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new RejectedFileError('invalid-encoding', 'The file is UTF-16 text. Save it as UTF-8 and upload it again.');
  }
  const start = firstSignificant(bytes);
  if (start >= bytes.length) throw new RejectedFileError('empty', 'The file contains only blank space, no record. Upload the complete file.');
  const first = bytes[start];
  if (first === 0x3c) {
    // Decoding leniently is fine here: this only looks at the prolog; strict decoding happens when the XML is parsed.
    const head = new TextDecoder('utf-8').decode(bytes.subarray(start, start + 4096));
    const { root, htmlDoctype } = markupRoot(head);
    if (htmlDoctype || (root !== undefined && HTML_ROOTS.has(root))) {
      const claim = claimed(declared);
      const lead = claim ? `The file is presented as ${claim}, but it` : 'The file';
      throw new RejectedFileError('disguised-type', `${lead} looks like a web page (HTML), not a health record. Upload the PDF, image, C-CDA or FHIR file itself.`);
    }
    return 'xml';
  }
  if (first === 0x7b) return looksLikeNdjson(bytes, start) ? 'ndjson' : 'json';
  if (first === 0x5b) return 'json';
  throw new RejectedFileError('unsupported-type', 'The file is not a format the portal accepts. Upload a PDF, a JPEG or PNG image, a C-CDA document (XML) or FHIR R4 JSON.');
}
