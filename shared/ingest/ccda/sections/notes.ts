/**
 * Clinical notes as US Core DocumentReference: a section whose content is only narrative (Hospital Course, History
 * of Present Illness, Discharge Instructions...) becomes a text/plain note typed with the section's code; a
 * nonXMLBody (an unstructured document, typically a PDF) becomes a note carrying that document.
 */
import { createHash } from 'node:crypto';
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { clean, concept } from '../codes';
import type { MapContext } from '../context';
import { narrativeToText } from '../narrative';
import type { SectionInput } from './common';

const CATEGORY = [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' }] }];
/** Media types a nonXMLBody may carry that the portal can show. */
const SHOWABLE = new Set(['application/pdf', 'text/plain', 'text/html', 'text/rtf', 'image/jpeg', 'image/png', 'image/tiff', 'image/gif']);

export interface NoteDate {
  /** Document effectiveTime as a FHIR dateTime. */
  dateTime?: string;
}

function dateFields(date: NoteDate): Record<string, unknown> {
  const dt = date.dateTime;
  // DocumentReference.date is an instant, which needs a full time and zone; anything less goes in context.period.
  const isInstant = !!dt && /T\d{2}:\d{2}:\d{2}/.test(dt);
  return { ...(isInstant ? { date: dt } : {}), ...(dt ? { context: { period: { start: dt } } } : {}) };
}

/** Emits one clinical note: a DocumentReference carrying `bytes`, keyed by its type, date and content. */
function emitNote(
  ctx: MapContext,
  note: { source: XmlElement; sourceSuffix?: string; location: string; type: { coding?: unknown; text?: string }; title?: string; date: NoteDate; bytes: Buffer; attachment: Record<string, unknown> },
): void {
  const { type, title, date, bytes } = note;
  ctx.emit({
    dataClass: 'clinical-notes',
    source: note.source,
    ...(note.sourceSuffix ? { sourceSuffix: note.sourceSuffix } : {}),
    location: note.location,
    content: [type.coding ?? type.text, date.dateTime, createHash('sha256').update(bytes).digest('hex')],
    resource: {
      resourceType: 'DocumentReference',
      status: 'current',
      type,
      category: CATEGORY,
      ...(title ? { description: title } : {}),
      ...dateFields(date),
      content: [{ attachment: { ...note.attachment, data: bytes.toString('base64'), size: bytes.length, ...(title ? { title } : {}) } }],
    },
  });
}

/** A narrative-only section as a text/plain clinical note (skipped when the narrative is empty). */
export function mapNarrativeSection(input: SectionInput, date: NoteDate): void {
  const { section, ctx, location } = input;
  const text = narrativeToText(path(section, 'text'));
  if (!text) return;
  const title = clean(path(section, 'title')?.text);
  const code = concept(path(section, 'code'), ctx.narrative);
  const type = code ? { ...code, ...(title && !code.text ? { text: title } : {}) } : { text: title ?? 'Clinical note' };
  emitNote(ctx, { source: section, location, type, title, date, bytes: Buffer.from(text, 'utf8'), attachment: { contentType: 'text/plain; charset=utf-8' } });
}

/** The body of an unstructured document (nonXMLBody) as a note carrying the original bytes. */
export function mapNonXmlBody(root: XmlElement, body: XmlElement, ctx: MapContext, date: NoteDate): void {
  const where = 'nonXMLBody';
  const text = path(body, 'text');
  if (!text) return;
  const mediaType = clean(text.attrs.mediaType)?.toLowerCase() ?? 'text/plain';
  if (path(text, 'reference')) {
    ctx.warn(`${where}: the document body is a reference to an external file, which is not fetched.`);
    return;
  }
  if (text.attrs.compression) {
    ctx.warn(`${where}: the document body is compressed (${text.attrs.compression}), which is not supported.`);
    return;
  }
  let bytes: Buffer;
  if (text.attrs.representation === 'B64') {
    const b64 = text.text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      ctx.warn(`${where}: the embedded document is not valid base64 and was not kept.`);
      return;
    }
    bytes = Buffer.from(b64, 'base64');
  } else {
    bytes = Buffer.from(text.text.trim(), 'utf8');
  }
  if (!bytes.length) return;
  if (!SHOWABLE.has(mediaType)) {
    ctx.warn(`${where}: the embedded document type ${mediaType.replace(/[^a-z0-9/+.-]/g, '')} is not supported.`);
    return;
  }
  if (mediaType === 'application/pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    ctx.warn(`${where}: the embedded document says it is a PDF but does not start like one, so it was not kept.`);
    return;
  }
  const title = clean(path(root, 'title')?.text);
  const code = concept(path(root, 'code'), ctx.narrative);
  const type = code ?? { text: title ?? 'Clinical document' };
  emitNote(ctx, {
    source: root,
    sourceSuffix: 'body',
    location: where,
    type,
    title,
    date,
    bytes,
    // Attachment.hash is SHA-1 by FHIR's definition.
    attachment: { contentType: mediaType, hash: createHash('sha1').update(bytes).digest('base64') },
  });
}
