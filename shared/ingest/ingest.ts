/**
 * The ingestion pipeline for one uploaded file, pure (no AWS): sniff the content, check it structurally, and for
 * structured documents read it into FHIR R4 resources by USCDI data class. The upload use case reads the object,
 * calls ingestFile, and stores the result or removes the object with the RejectedFileError's reason.
 */
import { classifyResources } from './classify';
import { type ParsedFhir, readFhirJson, readFhirNdjson } from './fhir';
import { checkJpeg, checkPng } from './image';
import { fhirSourceKey, withIdentityKeys } from './identity';
import { collapseDuplicates, normalizeFhir, patientFacts } from './normalize';
import { checkPdf } from './pdf';
import { sniffContent } from './sniff';
import { type DocumentFacts, type ExtractedResource, type IngestResult, RejectedFileError } from './types';
import { parseXmlSafely } from './xml';

/** What the caller knows about the upload besides its bytes. */
export interface IngestOptions {
  /** The uploader's file name; only used to word a refusal more clearly. */
  filename?: string;
  /** The declared content type; only used to word a refusal more clearly. */
  declaredType?: string;
  /** The document the result belongs to: stamped into every resource's meta.source and into derived ids. */
  documentId: string;
  /** Largest file accepted at all (default 2 GiB). Structured documents are also capped at 50 MB. */
  maxBytes?: number;
}

const GIB = 1024 * 1024 * 1024;
/** Default ceiling for PDFs and images, which are stored and served as they are. */
export const DEFAULT_MAX_BYTES = 2 * GIB;
/**
 * Structured documents are parsed in memory into a tree several times their size; 50 MB is far beyond any real
 * patient's C-CDA or FHIR export and keeps a Lambda's memory safe.
 */
export const MAX_STRUCTURED_BYTES = 50 * 1024 * 1024;

const CDA_NAMESPACE = 'urn:hl7-org:v3';
const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(size: number, limit: number, what: string): RejectedFileError {
  return new RejectedFileError('too-large', `The file is ${MB(size)}, larger than the ${MB(limit)} allowed for ${what}. ${what === 'structured records (C-CDA or FHIR)' ? 'Split the export into several files (for example one per year) and upload those.' : 'Reduce its size and upload it again.'}`);
}

/** The clinical date of a record: the latest encounter's start, else the Composition's or the Bundle's date. */
function latestDate(parsed: ParsedFhir[], resources: { resource: Record<string, any> }[], composition?: Record<string, any>): string | undefined {
  const encounterDates = resources
    .filter(({ resource }) => resource.resourceType === 'Encounter')
    .map(({ resource }) => resource.period?.start ?? resource.period?.end)
    .filter((d): d is string => typeof d === 'string')
    .map((d) => d.slice(0, 10))
    .sort();
  const candidate = encounterDates.at(-1) ?? composition?.date ?? (parsed[0]?.resource as Record<string, any> | undefined)?.timestamp;
  return typeof candidate === 'string' && /^\d{4}-\d{2}-\d{2}/.test(candidate) ? candidate.slice(0, 10) : undefined;
}

function ingestFhir(parsed: ParsedFhir[], kind: 'fhir-json' | 'fhir-ndjson', documentId: string): IngestResult {
  const file = normalizeFhir(parsed, documentId);
  const { items, unclassified } = classifyResources(file);
  const keyed: ExtractedResource[] = withIdentityKeys(items.map(({ dataClass, resource }) => ({ dataClass, dedupeKey: fhirSourceKey(resource), resource })));
  const resources = collapseDuplicates(keyed);
  const warnings = [...file.warnings];
  if (resources.length < keyed.length) warnings.push(`${keyed.length - resources.length} duplicate entries in the file were kept once.`);
  if (unclassified.size) {
    const list = [...unclassified].map(([label, count]) => `${count} ${label}`).join(', ');
    warnings.push(`Some entries fit none of the record's sections and were not added to it: ${list}. The original file keeps them.`);
  }
  const composition = file.composition as Record<string, any> | undefined;
  const facts: DocumentFacts = {};
  if (typeof composition?.title === 'string') facts.title = composition.title;
  const date = latestDate(parsed, file.entries, composition);
  if (date) facts.date = date;
  const author = composition?.author?.[0]?.display;
  if (typeof author === 'string') facts.author = author;
  const patient = patientFacts(file.patients[0]);
  if (patient) facts.patient = patient;
  return { kind, contentType: kind === 'fhir-json' ? 'application/fhir+json' : 'application/fhir+ndjson', facts, resources, warnings };
}

/**
 * Checks one uploaded file and reads what it contains. PDFs and images come back with facts and no resources;
 * C-CDA and FHIR come back as FHIR R4 resources by USCDI data class, each with meta.source pointing at the document
 * and a de-duplication key.
 *
 * Throws RejectedFileError with a specific code and a sentence a person can act on (never quoting the file's
 * content); any other error is a defect of the pipeline, not of the file.
 */
export async function ingestFile(bytes: Uint8Array, options: IngestOptions): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes, 'uploads');
  const kind = sniffContent(bytes, options);
  const structuredLimit = Math.min(maxBytes, MAX_STRUCTURED_BYTES);
  if ((kind === 'xml' || kind === 'json' || kind === 'ndjson') && bytes.length > structuredLimit) {
    throw tooLarge(bytes.length, structuredLimit, 'structured records (C-CDA or FHIR)');
  }
  switch (kind) {
    case 'pdf': {
      const { facts } = await checkPdf(bytes);
      return { kind: 'pdf', contentType: 'application/pdf', facts, resources: [], warnings: [] };
    }
    case 'jpeg':
      checkJpeg(bytes);
      return { kind: 'jpeg', contentType: 'image/jpeg', facts: {}, resources: [], warnings: [] };
    case 'png':
      checkPng(bytes);
      return { kind: 'png', contentType: 'image/png', facts: {}, resources: [], warnings: [] };
    case 'json':
      return ingestFhir(readFhirJson(bytes), 'fhir-json', options.documentId);
    case 'ndjson':
      return ingestFhir(readFhirNdjson(bytes), 'fhir-ndjson', options.documentId);
    case 'xml': {
      const root = parseXmlSafely(bytes);
      const inCdaNamespace = Object.entries(root.attrs).some(([name, value]) => (name === 'xmlns' || name.startsWith('xmlns:')) && value === CDA_NAMESPACE);
      if (root.name !== 'ClinicalDocument' || !inCdaNamespace) {
        throw new RejectedFileError('not-a-clinical-document', 'The XML file is not a C-CDA clinical document (its root is not an HL7 v3 ClinicalDocument). Upload a C-CDA export such as a CCD.');
      }
      // Loaded on the first C-CDA only: PDF, image and FHIR uploads never pay for the mapper's module graph.
      const { mapCcda } = await import('./ccda/map-ccda');
      const mapped = mapCcda(root, { documentId: options.documentId });
      // The same entry listed in two sections (common in CCDs) is one item, as it is for FHIR; the clinical key makes
      // an item read from a C-CDA the same item as its FHIR twin.
      const resources = collapseDuplicates(withIdentityKeys(mapped.resources));
      return { kind: 'ccda', contentType: 'application/xml', facts: mapped.facts, resources, warnings: mapped.warnings };
    }
  }
}
