/** Content sniffing and the PDF / JPEG / PNG structure checks, on bytes made here (no fixtures needed). */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkJpeg, checkPng } from '../../../shared/ingest/image';
import { ingestFile } from '../../../shared/ingest/ingest';
import { sniffContent } from '../../../shared/ingest/sniff';
import { RejectedFileError } from '../../../shared/ingest/types';

const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | number[])[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

function refusal(run: () => unknown): RejectedFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof RejectedFileError) return error;
    throw error;
  }
  throw new Error('accepted');
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<RejectedFileError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof RejectedFileError) return error;
    throw error;
  }
  throw new Error('accepted');
}

function pngChunk(type: string, data: number[]): number[] {
  const length = [(data.length >>> 24) & 255, (data.length >>> 16) & 255, (data.length >>> 8) & 255, data.length & 255];
  // The CRC is not checked by the structure walk, so zeros do.
  return [...length, ...ascii(type), ...data, 0, 0, 0, 0];
}

function png(width: number, height: number, withEnd = true): Uint8Array {
  const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const ihdr = [...be32(width), ...be32(height), 8, 2, 0, 0, 0];
  return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', ihdr), pngChunk('IDAT', [1, 2, 3, 4]), withEnd ? pngChunk('IEND', []) : []);
}

function jpeg(width: number, height: number, withEnd = true): Uint8Array {
  const sof = [0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x01, 0x01, 0x11, 0x00];
  const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  // An EXIF-like APP1 segment holding a thumbnail's own end marker must not count as the image's end.
  const app1 = [0xff, 0xe1, 0x00, 0x06, 0xff, 0xd9, 0x00, 0x00];
  return concat([0xff, 0xd8], app1, sof, sos, [0x12, 0x34, 0xff, 0x00, 0x56], withEnd ? [0xff, 0xd9] : []);
}

describe('sniffContent', () => {
  it('recognises each accepted kind from content, whatever the name says', () => {
    // Prepare / Act / Assess
    expect(sniffContent(ascii('%PDF-1.7\n...'), { filename: 'scan.jpg' })).toBe('pdf');
    expect(sniffContent(concat(new Uint8Array(300), ascii('%PDF-1.4')))).toBe('pdf');
    expect(sniffContent(png(10, 10))).toBe('png');
    expect(sniffContent(jpeg(10, 10))).toBe('jpeg');
    expect(sniffContent(ascii('\uFEFF  <?xml version="1.0"?><ClinicalDocument/>'), { filename: 'x.txt' })).toBe('xml');
    expect(sniffContent(ascii('\n {\n  "resourceType": "Patient"\n}\n'))).toBe('json');
    expect(sniffContent(ascii('{"resourceType":"Patient"}\n{"resourceType":"Patient"}\n'))).toBe('ndjson');
    expect(sniffContent(ascii('{"resourceType":"Patient"}\n'))).toBe('json');
  });

  it('refuses empty and blank files as empty', () => {
    expect(refusal(() => sniffContent(new Uint8Array(0))).code).toBe('empty');
    expect(refusal(() => sniffContent(ascii(' \n\t '))).code).toBe('empty');
  });

  it.each([
    [[0x4d, 0x5a, 0x90, 0x00], 'a Windows program (EXE)'],
    [[0x7f, 0x45, 0x4c, 0x46, 2, 1], 'a Linux program (ELF)'],
    [[0xcf, 0xfa, 0xed, 0xfe, 7, 0], 'a macOS program (Mach-O)'],
    [[0x50, 0x4b, 0x03, 0x04, 20, 0], 'a ZIP archive'],
  ])('names a disguised %j as %s and mentions the claimed type', (bytes, what) => {
    // Prepare / Act
    const error = refusal(() => sniffContent(new Uint8Array(bytes), { filename: 'report.PDF' }));
    // Assess
    expect(error.code).toBe('disguised-type');
    expect(error.message).toContain(what);
    expect(error.message).toContain('presented as a PDF');
  });

  it.each(['<!DOCTYPE html><p>x</p>', '<html><body>x</body></html>', '<script>alert(1)</script>', '<?xml version="1.0"?>\n<!-- c -->\n<html xmlns="http://www.w3.org/1999/xhtml"/>', '  <HEAD></HEAD>', '<body onload="x()">'])(
    'refuses web pages: %s',
    (html) => {
      const error = refusal(() => sniffContent(ascii(html), { declaredType: 'application/xml' }));
      expect(error.code).toBe('disguised-type');
      expect(error.message).toContain('looks like a web page (HTML), not a health record');
    },
  );

  it('refuses UTF-16 text, other image formats and unknown bytes with a specific code', () => {
    expect(refusal(() => sniffContent(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).code).toBe('invalid-encoding');
    expect(refusal(() => sniffContent(ascii('GIF89a....'))).code).toBe('unsupported-type');
    expect(refusal(() => sniffContent(ascii('hello, world'))).code).toBe('unsupported-type');
  });
});

describe('PDF checks', () => {
  it('accepts a complete PDF and reads its title', async () => {
    // Prepare
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setTitle('Discharge summary');
    const bytes = await doc.save();
    // Act
    const result = await ingestFile(bytes, { documentId: 'd1' });
    // Assess
    expect(result).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', facts: { title: 'Discharge summary' }, resources: [], warnings: [] });
  });

  it('refuses a cut-off PDF as truncated with the sentence a person can act on', async () => {
    // Prepare
    const doc = await PDFDocument.create();
    doc.addPage();
    const bytes = await doc.save();
    // Act
    const error = await asyncRefusal(() => ingestFile(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { documentId: 'd1', filename: 'a.pdf' }));
    // Assess
    expect(error.code).toBe('truncated');
    expect(error.message).toBe('The PDF is cut off: its end-of-file marker is missing; upload the complete file.');
  });

  it('refuses a PDF whose end marker is present but whose cross-reference pointer is missing', async () => {
    const error = await asyncRefusal(() => ingestFile(ascii('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n'), { documentId: 'd1' }));
    expect(error.code).toBe('truncated');
  });

  it('refuses a header without a version as malformed', async () => {
    const error = await asyncRefusal(() => ingestFile(ascii('%PDF-x\nstartxref\n0\n%%EOF'), { documentId: 'd1' }));
    expect(error.code).toBe('malformed');
  });
});

describe('image checks', () => {
  it('reads JPEG and PNG dimensions', () => {
    expect(checkJpeg(jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    expect(checkPng(png(800, 600))).toEqual({ width: 800, height: 600 });
  });

  it('refuses cut-off images as truncated, even when an EXIF thumbnail has its own end marker', () => {
    expect(refusal(() => checkJpeg(jpeg(640, 480, false))).code).toBe('truncated');
    expect(refusal(() => checkPng(png(800, 600, false))).code).toBe('truncated');
  });

  it('refuses absurd and empty dimensions', () => {
    expect(refusal(() => checkPng(png(100_000, 10))).code).toBe('too-large');
    expect(refusal(() => checkPng(png(20_000, 20_000))).code).toBe('too-large');
    expect(refusal(() => checkJpeg(jpeg(0, 10))).code).toBe('malformed');
  });

  it('returns images through ingestFile with no resources', async () => {
    const result = await ingestFile(png(4, 4), { documentId: 'd', filename: 'x.png' });
    expect(result).toEqual({ kind: 'png', contentType: 'image/png', facts: {}, resources: [], warnings: [] });
  });
});

describe('ingestFile size limits and XML', () => {
  it('refuses anything over maxBytes, and structured records over 50 MB even when maxBytes allows more', async () => {
    // Prepare
    const big = new Uint8Array(50 * 1024 * 1024 + 1);
    big.set(ascii('{"resourceType":"Patient"'));
    // Act
    const overMax = await asyncRefusal(() => ingestFile(ascii('%PDF-1.7 ...'), { documentId: 'd', maxBytes: 4 }));
    const structured = await asyncRefusal(() => ingestFile(big, { documentId: 'd' }));
    // Assess
    expect(overMax.code).toBe('too-large');
    expect(structured.code).toBe('too-large');
    expect(structured.message).toContain('structured records');
  });

  it('refuses XML that is not an HL7 v3 ClinicalDocument', async () => {
    const other = await asyncRefusal(() => ingestFile(ascii('<?xml version="1.0"?><invoice><total>1</total></invoice>'), { documentId: 'd' }));
    const wrongNamespace = await asyncRefusal(() => ingestFile(ascii('<ClinicalDocument xmlns="urn:example"/>'), { documentId: 'd', filename: 'a.ccd' }));
    expect(other.code).toBe('not-a-clinical-document');
    expect(wrongNamespace.code).toBe('not-a-clinical-document');
  });

  it('refuses XML with a DOCTYPE and XML that is not well-formed', async () => {
    const doctype = await asyncRefusal(() => ingestFile(ascii('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><ClinicalDocument xmlns="urn:hl7-org:v3"/>'), { documentId: 'd' }));
    const broken = await asyncRefusal(() => ingestFile(ascii('<ClinicalDocument xmlns="urn:hl7-org:v3"><title></ClinicalDocument>'), { documentId: 'd' }));
    expect(doctype.code).toBe('unsafe-xml');
    expect(broken.code).toBe('malformed');
  });
});
