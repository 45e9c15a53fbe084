/**
 * What the ingestion pipeline produces from one uploaded file. Pure data: the pipeline (shared/ingest) never
 * touches AWS; the upload use case reads the object from S3, hands the bytes here, and stores the result.
 */

/** A FHIR R4 resource as plain JSON (US Core shaped where the source allows). */
export type FhirResource = { resourceType: string; id?: string; [key: string]: unknown };

/** What the bytes really are, sniffed from their content (never trusted from the name or the declared type). */
export type SniffedKind = 'pdf' | 'jpeg' | 'png' | 'ccda' | 'fhir-json' | 'fhir-ndjson';

/** USCDI data classes the portal shows, each a page in the patient's view. */
export type DataClass =
  | 'problems'
  | 'medications'
  | 'allergies'
  | 'lab-results'
  | 'vital-signs'
  | 'immunizations'
  | 'procedures'
  | 'encounters'
  | 'clinical-notes'
  | 'care-team'
  | 'goals'
  | 'health-concerns'
  | 'assessment-and-plan';

/** A resource the record keeps, with the class it is shown under and a stable key for de-duplication. */
export interface ExtractedResource {
  dataClass: DataClass;
  /**
   * Same clinical fact uploaded twice (same bundle again, or the same item in a C-CDA and a FHIR export) gets the
   * same key: its clinical identity (kind, standard code, clinical time) where it has one, else the source identifier
   * or a hash of its content. See identity.ts.
   */
  dedupeKey: string;
  resource: FhirResource;
}

/** Metadata read from the document itself, to describe it in the documents list. */
export interface DocumentFacts {
  title?: string;
  /** Clinical date (YYYY-MM-DD), e.g. the C-CDA effectiveTime or the bundle's latest encounter. */
  date?: string;
  author?: string;
  /** The patient as the document names them, for a staff warning when it does not match the registration. */
  patient?: { givenName?: string; familyName?: string; birthDate?: string };
}

export interface IngestResult {
  kind: SniffedKind;
  /** The content type the portal stores and serves for these bytes. */
  contentType: string;
  facts: DocumentFacts;
  /** Structured data (empty for PDFs and images). */
  resources: ExtractedResource[];
  /** Non-fatal findings worth showing to the uploader (e.g. an unresolvable reference that was dropped). */
  warnings: string[];
}

/** Why a file was refused: a stable code for programs and a sentence for people. Never quotes PHI. */
export class RejectedFileError extends Error {
  constructor(
    readonly code:
      | 'empty'
      | 'too-large'
      | 'unsupported-type'
      | 'disguised-type'
      | 'truncated'
      | 'malformed'
      | 'unsafe-xml'
      | 'invalid-encoding'
      | 'too-deep'
      | 'invalid-fhir'
      | 'not-a-clinical-document',
    message: string,
    /** Where in the document (e.g. "Bundle.entry[3].resource.birthDate"), when known. */
    readonly location?: string,
  ) {
    super(message);
    this.name = 'RejectedFileError';
  }
}
