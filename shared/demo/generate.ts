/**
 * Deterministic synthetic health records for demos and tests: for one patient at one practice, a FHIR R4 bundle,
 * a C-CDA R2.1 CCD and two PDFs that all tell the same clinical story. No real data, no clock, no Math.random.
 */
import { buildCcd } from './ccda';
import { buildFhirBundle } from './fhir';
import { type DemoHistory, type DemoPatient, type DemoPractice, type GenerateOptions, buildDemoHistory, clinicianName } from './history';
import { buildLabReportPdf, buildVisitSummaryPdf } from './pdf';
import { humanDate } from './random';

export { buildCcd, escapeXml } from './ccda';
export { buildFhirBundle, type FhirBundle, type FhirResource } from './fhir';
export { buildDemoHistory, type DemoHistory, type DemoPatient, type DemoPractice, type GenerateOptions } from './history';
export { buildLabReportPdf, buildVisitSummaryPdf, toWinAnsi } from './pdf';

export type DemoDocumentKind = 'fhir' | 'ccda' | 'pdf';

export interface DemoDocument {
  filename: string;
  title: string;
  kind: DemoDocumentKind;
  contentType: string;
  /** Clinical date (YYYY-MM-DD): the latest visit, or the visit or report the document is about. */
  date: string;
  author: string;
  bytes: Uint8Array;
}

/** ASCII file-name part: diacritics dropped, anything else outside [a-z0-9] collapsed to "-". */
function slug(text: string): string {
  // Ł, Đ, Ø and friends have no decomposition, so they are mapped by hand before the ASCII filter.
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[łŁ]/g, 'l').replace(/[đĐ]/g, 'd').replace(/[øØ]/g, 'o').replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/[œŒ]/g, 'oe');
  return folded.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Generates the demo records of one patient at one practice: a FHIR R4 collection bundle
 * (application/fhir+json), a C-CDA R2.1 CCD (application/xml) and two PDFs, a visit summary of the latest visit and a
 * laboratory report. Same seed, patient, practice and options give byte-identical documents.
 */
export async function generateDemoRecords(patient: DemoPatient, practice: DemoPractice, options: GenerateOptions): Promise<DemoDocument[]> {
  const h: DemoHistory = buildDemoHistory(patient, practice, options);
  const base = [slug(patient.familyName), slug(patient.givenName), slug(practice.name)].filter(Boolean).join('-') || slug(patient.mrn) || 'patient';
  const author = `${clinicianName(practice)}, ${practice.name}`;
  const lastVisit = h.encounters[h.encounters.length - 1]!;
  const lastReport = h.labReports[h.labReports.length - 1]!;
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return [
    {
      filename: `${base}-health-record.fhir.json`, title: `Health record (FHIR) from ${practice.name}`, kind: 'fhir', contentType: 'application/fhir+json',
      date: lastVisit.date, author, bytes: utf8(`${JSON.stringify(buildFhirBundle(h), null, 2)}\n`),
    },
    {
      filename: `${base}-ccd.xml`, title: `Continuity of Care Document from ${practice.name}`, kind: 'ccda', contentType: 'application/xml',
      date: lastVisit.date, author, bytes: utf8(buildCcd(h)),
    },
    {
      filename: `${base}-visit-summary-${lastVisit.date}.pdf`, title: `Visit summary, ${humanDate(lastVisit.date)}`, kind: 'pdf', contentType: 'application/pdf',
      date: lastVisit.date, author, bytes: await buildVisitSummaryPdf(h),
    },
    {
      filename: `${base}-lab-report-${lastReport.date}.pdf`, title: `Laboratory report, ${humanDate(lastReport.issued)}`, kind: 'pdf', contentType: 'application/pdf',
      date: lastReport.date, author, bytes: await buildLabReportPdf(h),
    },
  ];
}
