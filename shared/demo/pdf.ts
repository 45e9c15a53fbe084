/**
 * Human-readable PDFs of a DemoHistory: a one-page visit summary and a laboratory report, drawn with pdf-lib's
 * standard Helvetica. pdf-lib writes no document ID and no random font subset tags for standard fonts, so with
 * fixed metadata dates the bytes depend only on the history.
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { type DemoHistory, type DemoLabResult, clinicianName, fullName, labValue, rangeText, stripTag } from './history';
import { humanDate } from './random';

const PAGE: [number, number] = [612, 792]; // US Letter
const MARGIN = 54;
const GREY = rgb(0.35, 0.35, 0.35);
const RED = rgb(0.7, 0.05, 0.05);
const BLUE = rgb(0.1, 0.25, 0.5);
const PRODUCER = 'open-patient-portal demo record generator';

// Letters outside WinAnsi that have no decomposition to a base letter; everything else falls back to NFD.
const FALLBACK: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', ŀ: 'l', Ŀ: 'L', ŉ: "'n", ø: 'o', '\u2010': '-', '\u2011': '-', '\u2212': '-' };

/**
 * Makes text drawable with a standard (WinAnsi-encoded) font: keeps what the font encodes, strips diacritics
 * the font lacks ("Ł" becomes "L", "ő" becomes "o"), and replaces anything else with "?", because pdf-lib throws on
 * characters its standard fonts cannot encode.
 */
export function toWinAnsi(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/[\t\r\n]+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (supported.has(code)) out += ch;
    else if (FALLBACK[ch]) out += FALLBACK[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

interface Fonts { regular: PDFFont; bold: PDFFont }
interface TextOptions { x?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb> }
interface Column { header: string; width: number }

async function createDocument(h: DemoHistory, title: string, subject: string) {
  // updateMetadata: false stops pdf-lib from stamping the current time; the dates come from options.today instead.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${h.today}T12:00:00Z`);
  doc.setTitle(title);
  doc.setAuthor(`${clinicianName(h.practice)}, ${h.practice.name}`);
  doc.setSubject(subject);
  doc.setKeywords(['synthetic', 'demo']);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('en-US');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  return { doc, fonts };
}

/** A top-to-bottom text flow that starts a new page, with letterhead, when the current one is full. */
function layout(doc: PDFDocument, fonts: Fonts, h: DemoHistory, docTitle: string, docDate: string) {
  let page: PDFPage;
  let y = 0;
  const clean = (s: string, bold = false) => toWinAnsi(s, bold ? fonts.bold : fonts.regular);
  const draw = (s: string, o: TextOptions & { y?: number } = {}) => {
    const font = o.bold ? fonts.bold : fonts.regular;
    page.drawText(clean(s, o.bold), { x: o.x ?? MARGIN, y: o.y ?? y, size: o.size ?? 10, font, color: o.color ?? rgb(0, 0, 0) });
  };
  const widthOf = (s: string, size: number, bold = false) => (bold ? fonts.bold : fonts.regular).widthOfTextAtSize(clean(s, bold), size);
  const wrap = (s: string, width: number, size: number, bold = false): string[] => {
    const lines: string[] = [];
    let current = '';
    for (const word of s.split(/\s+/).filter(Boolean)) {
      const next = current ? `${current} ${word}` : word;
      if (widthOf(next, size, bold) <= width || !current) current = next;
      else { lines.push(current); current = word; }
    }
    return current ? [...lines, current] : [''];
  };
  const rule = (color = GREY, thickness = 0.75) => page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE[0] - MARGIN, y }, thickness, color });

  const newPage = () => {
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    const p = h.practice;
    draw(p.name, { size: 16, bold: true, color: BLUE });
    draw(docTitle, { size: 14, bold: true, x: PAGE[0] - MARGIN - widthOf(docTitle, 14, true) });
    y -= 14;
    draw(`${p.address.line}, ${p.address.city}, ${p.address.state} ${p.address.postalCode}`, { size: 9, color: GREY });
    draw(docDate, { size: 9, color: GREY, x: PAGE[0] - MARGIN - widthOf(docDate, 9) });
    y -= 11;
    draw(`Phone ${p.phone}   ${clinicianName(h.practice)} (NPI ${p.clinician.npi})`, { size: 9, color: GREY });
    y -= 8;
    rule(BLUE, 1.5);
    y -= 16;
    const name = `Patient: ${fullName(h.patient)}`;
    draw(name, { bold: true, size: 11 });
    if (widthOf(name, 11, true) > 250) y -= 14; // long names push the identifiers to their own line
    draw(`DOB: ${humanDate(h.patient.birthDate)}    Sex: ${h.patient.gender}    MRN: ${h.patient.mrn}`, { x: widthOf(name, 11, true) > 250 ? MARGIN : MARGIN + 260, size: 10 });
    y -= 10;
    rule();
    y -= 18;
  };
  const ensure = (height: number) => { if (y - height < MARGIN + 30) newPage(); };
  newPage();

  return {
    heading(s: string) {
      ensure(40);
      y -= 4;
      draw(s, { size: 12, bold: true, color: BLUE });
      y -= 15;
    },
    paragraph(s: string, o: TextOptions & { indent?: number } = {}) {
      const size = o.size ?? 10;
      const x = MARGIN + (o.indent ?? 0);
      for (const line of wrap(s, PAGE[0] - MARGIN - x, size, o.bold)) {
        ensure(size + 3);
        draw(line, { ...o, x, size });
        y -= size + 3;
      }
    },
    bullets(items: string[], empty: string) {
      if (!items.length) return this.paragraph(empty, { color: GREY, indent: 10 });
      for (const item of items) {
        ensure(13);
        draw('-', { x: MARGIN + 6 });
        this.paragraph(item, { indent: 16 });
      }
    },
    /** Rows with `flag` set show their `emphasis` columns in bold red, as labs print abnormal values. */
    table(columns: Column[], rows: { cells: string[]; flag?: boolean }[], emphasis: number[] = []) {
      const size = 9;
      const header = () => {
        ensure(16);
        let x = MARGIN;
        for (const c of columns) { draw(c.header, { x, size, bold: true }); x += c.width; }
        y -= 4;
        rule();
        y -= 11;
      };
      header();
      for (const row of rows) {
        const cellLines = row.cells.map((cell, i) => wrap(cell, columns[i]!.width - 6, size));
        const height = Math.max(...cellLines.map((lines) => lines.length)) * (size + 2) + 2;
        if (y - height < MARGIN + 30) { newPage(); header(); }
        let x = MARGIN;
        cellLines.forEach((lines, i) => {
          const style = row.flag && emphasis.includes(i) ? { bold: true, color: RED } : {};
          lines.forEach((line, j) => draw(line, { x, y: y - j * (size + 2), size, ...style }));
          x += columns[i]!.width;
        });
        y -= height;
      }
      y -= 6;
    },
    space(points: number) { y -= points; },
    /** Page numbers are drawn last, when the page count is known. */
    finish(footer: string) {
      const pages = doc.getPages();
      pages.forEach((p, i) => {
        const text = clean(`${footer}    Page ${i + 1} of ${pages.length}`);
        p.drawLine({ start: { x: MARGIN, y: MARGIN - 8 }, end: { x: PAGE[0] - MARGIN, y: MARGIN - 8 }, thickness: 0.5, color: GREY });
        p.drawText(text, { x: MARGIN, y: MARGIN - 22, size: 8, font: fonts.regular, color: GREY });
      });
    },
  };
}

const FOOTER = 'Synthetic demo record - not real patient data.';
const flag = (x: DemoLabResult) => (x.interpretation === 'N' ? '' : x.interpretation === 'H' ? 'H (high)' : 'L (low)') + (x.status === 'corrected' ? `${x.interpretation === 'N' ? '' : ', '}corrected` : '');

/**
 * A one- or two-page visit summary of one encounter (default: the latest): letterhead, patient, vitals,
 * problems, medications, allergies, this visit's results and the plan.
 */
export async function buildVisitSummaryPdf(h: DemoHistory, encounterId?: string): Promise<Uint8Array> {
  const enc = h.encounters.find((e) => e.id === encounterId) ?? h.encounters[h.encounters.length - 1]!;
  const { doc, fonts } = await createDocument(h, `Visit summary: ${fullName(h.patient)}, ${humanDate(enc.date)}`, `After-visit summary, ${h.practice.name}`);
  const l = layout(doc, fonts, h, 'Visit Summary', `Visit date: ${humanDate(enc.date)}`);
  const vit = h.vitals.find((v) => v.encounterId === enc.id);
  const atVisit = (date: string) => date <= enc.date;

  l.paragraph(`Visit type: ${stripTag(enc.type.display)} | Clinician: ${clinicianName(h.practice)}`);
  l.paragraph(`Reason for visit: ${enc.reason}`);
  l.space(6);
  l.heading('Vital signs');
  if (vit) l.table([{ header: 'Blood pressure', width: 110 }, { header: 'Heart rate', width: 90 }, { header: 'Weight', width: 90 }, { header: 'Height', width: 90 }, { header: 'BMI', width: 100 }],
    [{ cells: [`${vit.systolic}/${vit.diastolic} mm Hg`, `${vit.heartRate} /min`, `${vit.weightKg} kg`, `${vit.heightCm} cm`, `${vit.bmi} kg/m2`] }]);
  l.heading('Problems');
  l.bullets(h.conditions.filter((c) => atVisit(c.onset) && (c.status === 'active' || c.encounterId === enc.id))
    .map((c) => `${stripTag(c.code.display)} (ICD-10 ${c.icd10.code})${c.status === 'resolved' ? `, resolved ${humanDate(c.abatement ?? enc.date)}` : `, since ${humanDate(c.onset)}`}`), 'No active problems.');
  l.heading('Medications');
  l.bullets(h.medications.filter((m) => atVisit(m.start) && (m.status === 'active' || m.encounterId === enc.id)).map((m) => `${m.code.display}: ${m.dosage}`), 'No medications.');
  l.heading('Allergies');
  l.bullets(h.allergies.map((a) => `${stripTag(a.code.display)}: ${stripTag(a.reaction.display).toLowerCase()} (${a.severity}), ${a.criticality} criticality`), 'No known allergies.');
  const results = h.labs.filter((x) => x.encounterId === enc.id);
  l.heading('Results from this visit');
  if (results.length) l.table([{ header: 'Test', width: 170 }, { header: 'Result', width: 90 }, { header: 'Reference range', width: 110 }, { header: 'Flag', width: 134 }],
    results.map((x) => ({ cells: [x.name, labValue(x), `${rangeText(x.range, x.decimals)} ${x.unit}`, flag(x)], flag: x.interpretation !== 'N' || x.status === 'corrected' })), [1, 3]);
  else l.paragraph('No tests this visit.', { color: GREY });
  const shots = h.immunizations.filter((i) => i.encounterId === enc.id);
  if (shots.length) {
    l.heading('Immunizations given');
    l.bullets(shots.map((i) => `${i.code.display} (lot ${i.lot})`), '');
  }
  l.heading('Plan and next steps');
  l.bullets([...h.plan.map((p) => `${p.description}: on or after ${humanDate(p.date)}`), ...h.goals.map((g) => `Goal: ${g.description}${g.achieved ? ' (achieved)' : ''}`)], 'No follow-up needed.');
  l.space(8);
  l.paragraph('Call the practice if symptoms worsen or you have questions about your medications.', { color: GREY, size: 9 });
  l.finish(FOOTER);
  return doc.save();
}

/** A laboratory report listing every result, newest first, with units, reference ranges and flags. */
export async function buildLabReportPdf(h: DemoHistory): Promise<Uint8Array> {
  const latest = h.labReports[h.labReports.length - 1]!;
  const { doc, fonts } = await createDocument(h, `Laboratory report: ${fullName(h.patient)}, ${humanDate(latest.issued)}`, `Laboratory results, ${h.practice.name}`);
  const l = layout(doc, fonts, h, 'Laboratory Report', `Reported: ${humanDate(latest.issued)}`);
  l.paragraph(`Ordering clinician: ${clinicianName(h.practice)} | Specimens: serum/plasma and whole blood, venipuncture`);
  l.space(6);
  for (const report of [...h.labReports].reverse()) {
    l.heading(`Collected ${humanDate(report.date)}, reported ${humanDate(report.issued)}${report.status === 'corrected' ? ' (corrected report)' : ''}`);
    l.table([{ header: 'Test', width: 150 }, { header: 'LOINC', width: 60 }, { header: 'Result', width: 80 }, { header: 'Reference range', width: 110 }, { header: 'Flag', width: 104 }],
      h.labs.filter((x) => x.reportId === report.id).map((x) => ({ cells: [x.name, x.code.code, labValue(x), `${rangeText(x.range, x.decimals)} ${x.unit}`, flag(x)], flag: x.interpretation !== 'N' || x.status === 'corrected' })), [2, 4]);
    for (const x of h.labs.filter((r) => r.reportId === report.id && r.previousValue !== undefined)) {
      l.paragraph(`Corrected result: ${x.name} was originally reported as ${x.previousValue!.toFixed(x.decimals)} ${x.unit}; the specimen was re-analyzed and the value above replaces it.`, { size: 9, color: RED });
      l.space(6);
    }
  }
  l.paragraph('H = above reference range, L = below reference range. Ranges are for adults and may differ between laboratories.', { size: 9, color: GREY });
  l.finish(FOOTER);
  return doc.save();
}
