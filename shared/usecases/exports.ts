import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../domain/principal';
import type { RecordItem } from '../domain/record';
import { DATA_CLASSES, type CreatedExport, type CreateExportInput, type ExportFormat } from '../domain/schemas';
import type { CorrectionRequest } from '../domain/corrections';
import type { DataClass } from '../ingest/types';
import { correctionsForExport, type ExportInput, type ExportRegistration } from '../exports/model';
import type { Deps, RequestContext } from './deps';
import { readAll } from './paging';
import { patientScope, type PatientScope } from './scope';

/** Long enough to start the download (S3 checks expiry when a request starts), short enough not to linger. */
const GET_URL_SECONDS = 5 * 60;

const FORMAT: Record<ExportFormat, { extension: string; contentType: string }> = {
  fhir: { extension: 'json', contentType: 'application/fhir+json' },
  pdf: { extension: 'pdf', contentType: 'application/pdf' },
  ccda: { extension: 'xml', contentType: 'application/xml' },
};

/** Builders are loaded on demand: a FHIR export never loads pdf-lib, a PDF never the XML writer. */
export async function buildExport(format: ExportFormat, input: ExportInput): Promise<Uint8Array> {
  switch (format) {
    case 'fhir': {
      const { buildFhirBundle } = await import('../exports/fhir-bundle');
      return new TextEncoder().encode(JSON.stringify(buildFhirBundle(input).bundle, null, 2));
    }
    case 'pdf': {
      const { buildRecordPdf } = await import('../exports/pdf');
      return buildRecordPdf(input);
    }
    case 'ccda': {
      const { buildRecordCcd } = await import('../exports/ccda');
      return new TextEncoder().encode(buildRecordCcd(input).xml);
    }
  }
}

/**
 * Everything a copy of the record holds, for a download or a transmission: every item of the chosen classes across
 * the scope's registrations (dated within the window, if one is given: undated items belong only to the whole
 * record), the registrations' demographics, and the correction requests that must travel with it.
 */
export async function gatherRecord(
  deps: Deps,
  scope: Pick<PatientScope, 'patientIds' | 'registrations'>,
  window: { from?: string | undefined; to?: string | undefined },
  dataClasses: readonly DataClass[] = DATA_CLASSES,
): Promise<Omit<ExportInput, 'generatedAt'>> {
  const items: RecordItem[] = [];
  for (const dataClass of dataClasses) {
    if (!scope.patientIds.length) break;
    items.push(...(await readAll((page) => deps.records.list(scope.patientIds, dataClass, page, window))));
  }
  const registrations: ExportRegistration[] = await Promise.all(
    scope.registrations.map(async (r) => {
      const patient = await deps.directory.getPatient(r.practiceId, r.patientId);
      return { ...r, ...(patient ? { givenName: patient.givenName, familyName: patient.familyName, birthDate: patient.birthDate } : {}) };
    }),
  );
  const requests: CorrectionRequest[] = scope.patientIds.length ? await readAll((page) => deps.corrections.listForPatients(scope.patientIds, page)) : [];
  const from = window.from;
  const to = window.to;
  const corrections = correctionsForExport(requests, { registrations, items, from, to });
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), registrations, items, corrections };
}

/**
 * A patient downloads their record, whole or a date range, as a FHIR R4 Bundle, a PDF or a C-CDA CCD: every item
 * of every class across the registrations in their scope is gathered, the file is built and stored under the
 * account's exports prefix, and the answer is a short-lived URL for exactly that object. Audited per registration.
 *
 * The correction requests about the record go with it (HIPAA 164.526(d)(4)-(5), (f)): every request of the
 * registrations in scope is read, and correctionsForExport keeps what belongs with this copy. Withdrawn requests
 * are left out; the whole record carries all the others; a date range carries the requests about items in the
 * range plus every request about a document or about nothing in particular, since those may concern anything in it.
 */
export async function createExport(deps: Deps, principal: Principal, input: CreateExportInput, ctx: RequestContext): Promise<CreatedExport> {
  const scope = await patientScope(deps, principal);
  const record = await gatherRecord(deps, scope, { from: input.from, to: input.to });
  const { items } = record;

  const now = deps.clock.now();
  const bytes = await buildExport(input.format, { generatedAt: now.toISOString(), ...record });

  const { extension, contentType } = FORMAT[input.format];
  // Names stay out of keys and file names: the date of the export is all the name says.
  const link = await storeForDownload(deps, principal.accountId, `health-record-${now.toISOString().slice(0, 10)}.${extension}`, bytes, contentType);
  await scope.audit('record.export', ctx, { type: 'export', id: input.format });
  return { ...link, itemCount: items.length };
}

/**
 * A file made for the account on request (a record export, a history, a report): stored under its exports prefix
 * (removed after a day by the bucket's lifecycle) and answered as a 5-minute link for exactly that object.
 */
export async function storeForDownload(deps: Deps, accountId: string, filename: string, bytes: Uint8Array, contentType: string) {
  const key = `exports/${accountId}/${randomUUID()}/${filename}`;
  await deps.blobs.put(key, bytes, contentType);
  const url = await deps.blobs.presignGet(key, { filename, contentType, expiresInSeconds: GET_URL_SECONDS });
  return {
    url,
    expiresAt: new Date(deps.clock.now().getTime() + GET_URL_SECONDS * 1000).toISOString(),
    filename,
    contentType,
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
