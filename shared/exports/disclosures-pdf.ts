/**
 * The accounting of disclosures (HIPAA 164.528) as a PDF the patient can keep or hand on: for each disclosure
 * its date, the practice it was made from, the recipient and their address, what was disclosed and why.
 * Standard Helvetica only; text goes through toWinAnsi, so any script degrades to "?" instead of throwing.
 */
import { PDFDocument, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { toWinAnsi } from '../demo/pdf';
import type { DisclosureView } from '../domain/schemas';

const PAGE: [number, number] = [612, 792];
const MARGIN = 54;
const BLUE = rgb(0.1, 0.25, 0.5);
const GREY = rgb(0.35, 0.35, 0.35);

export async function buildDisclosuresPdf(input: { generatedAt: string; since: string; items: readonly DisclosureView[] }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(input.generatedAt);
  doc.setTitle('Accounting of disclosures');
  doc.setProducer('open-patient-portal');
  doc.setLanguage('en-US');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;

  const line = (text: string, o: { size?: number; strong?: boolean; color?: ReturnType<typeof rgb>; indent?: number } = {}) => {
    const size = o.size ?? 10;
    const font = o.strong ? bold : regular;
    const x = MARGIN + (o.indent ?? 0);
    const width = PAGE[0] - MARGIN - x;
    const words = toWinAnsi(text, font).split(/\s+/).filter(Boolean);
    let current = '';
    const flush = () => {
      if (y < MARGIN + size) {
        page = doc.addPage(PAGE);
        y = PAGE[1] - MARGIN;
      }
      page.drawText(current, { x, y, size, font, color: o.color ?? rgb(0, 0, 0) });
      y -= size + 4;
      current = '';
    };
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && current) {
        flush();
        current = word;
      } else current = next;
    }
    if (current || !words.length) flush();
  };

  line('Accounting of disclosures', { size: 22, strong: true, color: BLUE });
  y -= 6;
  line(`Disclosures of your health information made through the patient portal since ${input.since.slice(0, 10)}.`, { size: 11 });
  line(`Generated ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, { size: 9, color: GREY });
  y -= 10;
  if (!input.items.length) line('There were no disclosures in this period.', { size: 11 });
  for (const d of input.items) {
    line(`${d.at.slice(0, 10)} — to ${d.recipient.name}${d.recipient.organisation ? `, ${d.recipient.organisation}` : ''}`, { size: 11, strong: true });
    line(`Address: ${d.recipient.address}`, { indent: 12 });
    line(`From: ${d.practiceName}`, { indent: 12 });
    line(`What: ${d.description}`, { indent: 12 });
    line(`Purpose: ${d.purpose}`, { indent: 12 });
    line(`Reference: ${d.transmissionId}`, { indent: 12, size: 8, color: GREY });
    y -= 8;
  }
  return doc.save({ useObjectStreams: false });
}
