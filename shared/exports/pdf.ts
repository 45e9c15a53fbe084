/**
 * The patient's record as a human-readable PDF: a cover (patient, date range, when it was made, what it contains),
 * then one section per USCDI class with a plain-language heading, each item with its date and source practice, then
 * "Corrections and amendments" (every correction request that travels with the record, each step in plain language
 * and a denial letter in full; amended items say so beside their name), and page numbers. Standard Helvetica only; every string goes through toWinAnsi so that any script (a name in Greek
 * or Chinese) degrades to "?" instead of throwing.
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { toWinAnsi } from '../demo/pdf';
import type { RecordItem } from '../domain/record';
import {
  AMENDED_MARK, amendedItems, CORRECTIONS_HEADING, correctionStatusText, correctionSteps, EXPORT_SECTIONS, type ExportInput, flagText, itemDetails, itemsOf,
  itemTitle, patientName, practiceNameOf, rangeLabel, referenceRangeText, stepHeading, valueText,
} from './model';

const PAGE: [number, number] = [612, 792]; // US Letter
const MARGIN = 54;
const GREY = rgb(0.35, 0.35, 0.35);
const BLUE = rgb(0.1, 0.25, 0.5);
const BLACK = rgb(0, 0, 0);
const PRODUCER = 'open-patient-portal record export';

interface Column { header: string; width: number; cell: (item: RecordItem) => string }

const dateOf = (item: RecordItem) => item.date ?? 'No date';

function columnsFor(dataClass: string, input: ExportInput): Column[] {
  const practice: Column = { header: 'Source practice', width: 110, cell: (i) => practiceNameOf(input, i) };
  const date: Column = { header: 'Date', width: 66, cell: dateOf };
  const isAmended = amendedItems(input);
  const title = (i: RecordItem) => (isAmended(i) ? `${itemTitle(i.resource)} ${AMENDED_MARK}` : itemTitle(i.resource));
  if (dataClass === 'lab-results' || dataClass === 'vital-signs') {
    return [
      date,
      { header: dataClass === 'lab-results' ? 'Test' : 'Measurement', width: 112, cell: title },
      { header: 'Value', width: 80, cell: (i) => (i.resource.resourceType === 'Observation' ? (valueText(i.resource) ?? '') : itemDetails(i.resource)) },
      { header: 'Reference range', width: 78, cell: (i) => referenceRangeText(i.resource) ?? '' },
      { header: 'Flag', width: 58, cell: (i) => [flagText(i.resource), ['corrected', 'amended'].includes(String(i.resource.status)) ? String(i.resource.status) : ''].filter(Boolean).join(', ') },
      practice,
    ];
  }
  if (dataClass === 'clinical-notes') {
    return [date, { header: 'Title', width: 328, cell: title }, practice];
  }
  return [date, { header: 'Item', width: 170, cell: title }, { header: 'Details', width: 158, cell: (i) => itemDetails(i.resource) }, practice];
}

/** Builds the PDF. Pure apart from pdf-lib: metadata dates come from input.generatedAt, not the clock. */
export async function buildRecordPdf(input: ExportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(input.generatedAt);
  doc.setTitle('Health record');
  doc.setSubject(`Health record export: ${rangeLabel(input)}`);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('en-US');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const fontOf = (bold?: boolean): PDFFont => (bold ? fonts.bold : fonts.regular);
  const clean = (s: string, bold?: boolean) => toWinAnsi(s, fontOf(bold));
  const widthOf = (s: string, size: number, bold?: boolean) => fontOf(bold).widthOfTextAtSize(clean(s, bold), size);

  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const draw = (s: string, o: { x?: number; y?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb> } = {}) =>
    page.drawText(clean(s, o.bold), { x: o.x ?? MARGIN, y: o.y ?? y, size: o.size ?? 10, font: fontOf(o.bold), color: o.color ?? BLACK });
  const wrap = (s: string, width: number, size: number, bold?: boolean): string[] => {
    const lines: string[] = [];
    let current = '';
    for (const word of s.split(/\s+/).filter(Boolean)) {
      const next = current ? `${current} ${word}` : word;
      if (widthOf(next, size, bold) <= width || !current) current = next;
      else { lines.push(current); current = word; }
    }
    // A single word wider than the column (a long code) is cut rather than drawn over the next column.
    return (current ? [...lines, current] : ['']).flatMap((line) => {
      if (widthOf(line, size, bold) <= width) return [line];
      const parts: string[] = [];
      let part = '';
      for (const ch of line) {
        if (widthOf(part + ch, size, bold) > width && part) { parts.push(part); part = ch; } else part += ch;
      }
      return part ? [...parts, part] : parts;
    });
  };
  const newPage = () => {
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    draw(`Health record of ${patientName(input)}`, { size: 9, color: GREY });
    y -= 20;
  };
  const ensure = (height: number) => { if (y - height < MARGIN + 24) newPage(); };
  const paragraph = (s: string, o: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number } = {}) => {
    const size = o.size ?? 10;
    const x = MARGIN + (o.indent ?? 0);
    for (const line of wrap(s, PAGE[0] - MARGIN - x, size, o.bold)) {
      ensure(size + 4);
      draw(line, { ...o, x, size });
      y -= size + 4;
    }
  };

  // Cover.
  y -= 120;
  draw('Health record', { size: 28, bold: true, color: BLUE });
  y -= 40;
  paragraph(patientName(input), { size: 18, bold: true });
  const birthDate = input.registrations.find((r) => r.birthDate)?.birthDate;
  if (birthDate) paragraph(`Date of birth: ${birthDate}`, { size: 12 });
  y -= 16;
  paragraph(`Dates covered: ${rangeLabel(input)}`, { size: 12 });
  paragraph(`Generated: ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC`, { size: 12 });
  paragraph(`Practices: ${[...new Set(input.registrations.map((r) => r.practiceName))].join(', ') || 'none linked'}`, { size: 12 });
  y -= 16;
  paragraph('Contents', { size: 13, bold: true, color: BLUE });
  for (const { dataClass, heading } of EXPORT_SECTIONS) {
    const n = input.items.filter((i) => i.dataClass === dataClass).length;
    paragraph(`${heading}: ${n === 0 ? 'none' : `${n} item${n === 1 ? '' : 's'}`}`, { indent: 10 });
  }
  const requests = input.corrections.length;
  paragraph(`${CORRECTIONS_HEADING}: ${requests === 0 ? 'none' : `${requests} request${requests === 1 ? '' : 's'}`}`, { indent: 10 });
  y -= 16;
  paragraph('This file is a copy of the structured record the portal holds from your practices. Original documents can be downloaded separately.', { size: 9, color: GREY });

  for (const { dataClass, heading } of EXPORT_SECTIONS) {
    const items = itemsOf(input, dataClass);
    if (!items.length) continue;
    newPage();
    paragraph(heading, { size: 16, bold: true, color: BLUE });
    y -= 4;
    const columns = columnsFor(dataClass, input);
    const size = 8.5;
    const header = () => {
      ensure(18);
      let x = MARGIN;
      for (const c of columns) { draw(c.header, { x, size, bold: true }); x += c.width; }
      y -= 4;
      page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE[0] - MARGIN, y }, thickness: 0.75, color: GREY });
      y -= 11;
    };
    header();
    for (const item of items) {
      const cells = columns.map((c) => wrap(c.cell(item), c.width - 6, size));
      const height = Math.max(...cells.map((lines) => lines.length)) * (size + 2) + 3;
      if (y - height < MARGIN + 24) { newPage(); header(); }
      let x = MARGIN;
      cells.forEach((lines, i) => {
        lines.forEach((line, j) => draw(line, { x, y: y - j * (size + 2), size }));
        x += columns[i]!.width;
      });
      y -= height;
    }
  }

  // Correction requests travel with every copy of the record (HIPAA 164.526(d)(4)-(5), (f)).
  if (input.corrections.length) {
    newPage();
    paragraph(CORRECTIONS_HEADING, { size: 16, bold: true, color: BLUE });
    paragraph('Requests to correct this record, with every answer and statement made about them. Each stays linked to the record and goes with every copy of it.', { size: 9, color: GREY });
    for (const c of input.corrections) {
      y -= 10;
      ensure(60);
      paragraph(c.targetLabel, { size: 12, bold: true });
      paragraph(`${c.practiceName}. Received ${c.receivedAt.slice(0, 10)}. ${correctionStatusText(c)}.`, { size: 9, color: GREY });
      for (const step of correctionSteps(c)) {
        y -= 4;
        ensure(30);
        paragraph(stepHeading(step), { size: 10, bold: true, indent: 10 });
        for (const line of step.lines) paragraph(line, { indent: 20 });
        for (const line of step.letter ?? []) paragraph(line, { indent: 32, size: 9.5 });
      }
    }
  }

  // Page numbers last, when the count is known.
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const text = `Page ${i + 1} of ${pages.length}`;
    p.drawText(text, { x: PAGE[0] - MARGIN - widthOf(text, 8), y: MARGIN - 22, size: 8, font: fonts.regular, color: GREY });
  });
  return doc.save();
}
