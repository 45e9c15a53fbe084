import { randomUUID } from 'node:crypto';
import type { DocumentRecord, UploadRecord } from '../domain/entities';
import { requireStaff, type Principal } from '../domain/principal';
import type { CreatedUpload, CreateUploadInput, DocumentSummary, DownloadLink } from '../domain/schemas';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { ingestFile } from '../ingest/ingest';
import { RejectedFileError, type IngestResult } from '../ingest/types';
import type { Deps, RequestContext } from './deps';
import { actorOf, patientScope } from './scope';
import { documentSummary } from './views';

/** Presigned URLs live just long enough to start the transfer (S3 checks expiry when a request starts). */
const PUT_URL_SECONDS = 15 * 60;
/** A multi-gigabyte transfer in parts may take a while on a practice's uplink. */
const PARTS_URL_SECONDS = 6 * 60 * 60;
const GET_URL_SECONDS = 5 * 60;
/** Objects up to this size are read whole and parsed; larger ones may only be PDFs or images, checked by their ends. */
const PARSE_LIMIT_BYTES = 64 * 1024 * 1024;

const KIND_OF: Record<IngestResult['kind'], DocumentRecord['kind']> = {
  pdf: 'pdf',
  jpeg: 'image',
  png: 'image',
  ccda: 'ccda',
  'fhir-json': 'fhir',
  'fhir-ndjson': 'fhir',
};

const TITLE_OF: Record<DocumentRecord['kind'], string> = {
  pdf: 'PDF document',
  image: 'Image',
  ccda: 'Clinical document (C-CDA)',
  fhir: 'Health record (FHIR)',
};

/** The content type the client will send: theirs when plausible, else a neutral one (the server sniffs later anyway). */
function uploadContentType(input: CreateUploadInput): string {
  return input.contentType ?? 'application/octet-stream';
}

/**
 * Staff start an upload for a patient of their practice: the answer is a presigned PUT for a staging key, bound to
 * the declared content type and SHA-256. Nothing is visible to the patient until the upload is completed and verified.
 */
export async function createUpload(deps: Deps, principal: Principal, patientId: string, input: CreateUploadInput, ctx: RequestContext): Promise<CreatedUpload> {
  const staff = requireStaff(principal);
  const patient = await deps.directory.getPatient(staff.practiceId, patientId);
  if (!patient) throw new NotFoundError('No patient with this id at your practice.');
  if (input.supersedes) {
    const previous = await deps.documents.getForPatients([patientId], input.supersedes);
    if (!previous) throw new NotFoundError('The document to replace was not found for this patient.');
    if (previous.supersededBy) throw new ConflictError('That document has already been replaced by a newer version.', 'already_superseded');
  }
  const now = deps.clock.now();
  const uploadId = randomUUID();
  const upload: UploadRecord = {
    uploadId,
    practiceId: staff.practiceId,
    patientId,
    documentId: randomUUID(),
    stagingKey: `incoming/${staff.practiceId}/${uploadId}`,
    filename: input.filename,
    declaredSize: input.size,
    declaredType: uploadContentType(input),
    sha256: input.sha256,
    ...(input.title ? { title: input.title } : {}),
    ...(input.supersedes ? { supersedes: input.supersedes } : {}),
    status: 'pending',
    createdAt: now.toISOString(),
    createdBy: staff.accountId,
    expiresAt: new Date(now.getTime() + PUT_URL_SECONDS * 1000).toISOString(),
  };
  const multipart = input.size > deps.limits.multipartThresholdBytes;
  let target: CreatedUpload;
  if (multipart) {
    const partCount = Math.ceil(input.size / deps.limits.partSizeBytes);
    const { multipartId, urls } = await deps.blobs.presignMultipart(upload.stagingKey, { contentType: upload.declaredType, partCount, expiresInSeconds: PARTS_URL_SECONDS });
    upload.multipartId = multipartId;
    upload.expiresAt = new Date(now.getTime() + PARTS_URL_SECONDS * 1000).toISOString();
    target = { uploadId, documentId: upload.documentId, method: 'MULTIPART', partSize: deps.limits.partSizeBytes, parts: urls.map((url, i) => ({ partNumber: i + 1, url })), expiresAt: upload.expiresAt };
  } else {
    const { url, headers } = await deps.blobs.presignPut(upload.stagingKey, { contentType: upload.declaredType, sha256Hex: input.sha256, expiresInSeconds: PUT_URL_SECONDS });
    target = { uploadId, documentId: upload.documentId, method: 'PUT', url, headers, expiresAt: upload.expiresAt };
  }
  await deps.uploads.create(upload);
  await deps.audit.append({
    actor: actorOf(principal),
    action: 'document.upload-start',
    outcome: 'success',
    patientId,
    practiceId: staff.practiceId,
    resource: { type: 'upload', id: uploadId },
    requestId: ctx.requestId,
  });
  return target;
}

function endsWith(tail: Uint8Array, marker: number[]): boolean {
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0x0a || tail[end - 1] === 0x0d || tail[end - 1] === 0x20 || tail[end - 1] === 0x00)) end--;
  return marker.every((b, i) => tail[end - marker.length + i] === b);
}

/**
 * Files too large to hold in memory can only be PDFs or images: checked by their signature at the start and their
 * end-of-file marker at the end (a cut-off transfer fails the second check).
 */
function verifyLargeBinary(head: Uint8Array, tail: Uint8Array): IngestResult {
  const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
  const result = (kind: IngestResult['kind'], contentType: string): IngestResult => ({ kind, contentType, facts: {}, resources: [], warnings: [] });
  if (ascii(head.subarray(0, 1024)).includes('%PDF-')) {
    if (!ascii(tail).includes('%%EOF')) throw new RejectedFileError('truncated', 'The PDF is cut off: its end-of-file marker is missing. Upload the complete file.');
    return result('pdf', 'application/pdf');
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    if (!endsWith(tail, [0xff, 0xd9])) throw new RejectedFileError('truncated', 'The JPEG image is cut off. Upload the complete file.');
    return result('jpeg', 'image/jpeg');
  }
  if (ascii(head.subarray(0, 8)) === '\x89PNG\r\n\x1a\n') {
    if (!ascii(tail).includes('IEND')) throw new RejectedFileError('truncated', 'The PNG image is cut off. Upload the complete file.');
    return result('png', 'image/png');
  }
  throw new RejectedFileError('too-large', 'Files over 64 MB must be PDFs or images; structured records (C-CDA, FHIR) that large are refused.');
}

/**
 * Verifies an uploaded object before anything becomes visible: size and SHA-256 as declared, type sniffed from the
 * content, then the full checks of the ingestion pipeline. An accepted file is copied server-side to its document
 * key and indexed; a rejected one is removed from staging and the uploader learns exactly why.
 */
export async function completeUpload(
  deps: Deps,
  principal: Principal,
  uploadId: string,
  ctx: RequestContext,
  parts?: ReadonlyArray<{ partNumber: number; etag: string }>,
): Promise<{ document: DocumentSummary; structured: { items: number; added: number; alreadyKnown: number }; warnings: string[] }> {
  const staff = requireStaff(principal);
  const upload = await deps.uploads.get(staff.practiceId, uploadId);
  if (!upload) throw new NotFoundError('No upload with this id at your practice.');
  if (upload.status !== 'pending') {
    throw new ConflictError(
      upload.status === 'rejected' ? `This upload was rejected: ${upload.reason?.message ?? ''}`.trim() : 'This upload has already been completed.',
      'upload_not_pending',
    );
  }
  // Parts become one object only when the uploader says it is done; the parts S3 holds are the ones that arrived.
  if (upload.multipartId && (await deps.blobs.size(upload.stagingKey)) === undefined) {
    if (!parts) throw new DomainError('parts_missing', 409, 'This file was sent in parts: complete it with the partNumber and ETag of every part.');
    try {
      await deps.blobs.completeMultipart(upload.stagingKey, upload.multipartId, parts);
    } catch (error) {
      const name = (error as Error).name;
      if (['InvalidPart', 'InvalidPartOrder', 'NoSuchUpload', 'EntityTooSmall', 'InvalidRequest'].includes(name)) {
        throw new DomainError('parts_invalid', 409, 'Storage could not assemble these parts (a part is missing, too small or has another ETag). Send the parts again.');
      }
      throw error;
    }
  }
  const size = await deps.blobs.size(upload.stagingKey);
  if (size === undefined) {
    throw new DomainError('upload_missing', 409, 'Nothing has been uploaded for this upload yet. PUT the file to the upload URL first, then complete it.');
  }
  await deps.uploads.transition(upload, 'pending', 'verifying');

  const reject = async (code: string, message: string): Promise<never> => {
    await deps.blobs.deleteStaged(upload.stagingKey);
    await deps.uploads.transition(upload, 'verifying', 'rejected', { code, message });
    await deps.audit.append({
      actor: actorOf(principal),
      action: 'document.create',
      outcome: 'failure',
      reason: code,
      patientId: upload.patientId,
      practiceId: upload.practiceId,
      resource: { type: 'upload', id: upload.uploadId },
      requestId: ctx.requestId,
    });
    throw new DomainError('file_rejected', 422, message, [{ path: 'file', message: code }]);
  };

  try {
    if (size !== upload.declaredSize) return await reject('size-mismatch', `The uploaded file has ${size} bytes, not the ${upload.declaredSize} declared. Upload it again.`);
    const object = await deps.blobs.read(upload.stagingKey, PARSE_LIMIT_BYTES);
    if (object.sha256 !== upload.sha256) return await reject('checksum-mismatch', 'The uploaded bytes do not match the declared SHA-256: the file changed or was damaged in transit. Upload it again.');

    let result: IngestResult;
    try {
      result = object.bytes
        ? await ingestFile(object.bytes, { filename: upload.filename, declaredType: upload.declaredType, documentId: upload.documentId })
        : verifyLargeBinary(object.head, object.tail);
    } catch (error) {
      if (error instanceof RejectedFileError) {
        return await reject(error.code, error.location ? `${error.message} (at ${error.location})` : error.message);
      }
      throw error;
    }

    const previous = upload.supersedes ? await deps.documents.getForPatients([upload.patientId], upload.supersedes) : undefined;
    const kind = KIND_OF[result.kind];
    const now = deps.clock.now().toISOString();
    const document: DocumentRecord = {
      documentId: upload.documentId,
      patientId: upload.patientId,
      practiceId: upload.practiceId,
      title: upload.title ?? result.facts.title ?? TITLE_OF[kind],
      kind,
      contentType: result.contentType,
      size: object.size,
      sha256: object.sha256,
      date: result.facts.date ?? now.slice(0, 10),
      ...(result.facts.author ? { author: result.facts.author } : {}),
      objectKey: `patients/${upload.patientId}/documents/${upload.documentId}/original`,
      createdAt: now,
      createdBy: staff.accountId,
      filename: upload.filename,
      version: (previous?.version ?? (previous ? 1 : 0)) + 1,
      ...(previous ? { supersedes: previous.documentId } : {}),
    };
    // Structured data first: merging is idempotent, so a failure here leaves the upload retryable and nothing doubled.
    const merged = await deps.records.merge(upload.patientId, upload.practiceId, upload.documentId, result.resources, deps.clock.now());
    await deps.blobs.copy(upload.stagingKey, document.objectKey, document.contentType);
    await deps.documents.put(document, previous);
    await deps.uploads.transition(upload, 'verifying', 'accepted');
    await deps.blobs.deleteStaged(upload.stagingKey);
    await deps.audit.append({
      actor: actorOf(principal),
      action: 'document.create',
      outcome: 'success',
      patientId: upload.patientId,
      practiceId: upload.practiceId,
      resource: { type: 'document', id: document.documentId },
      requestId: ctx.requestId,
    });
    const practice = await deps.directory.getPractice(upload.practiceId);
    return {
      document: documentSummary(document, practice?.name ?? 'Unknown practice'),
      structured: { items: result.resources.length, added: merged.added, alreadyKnown: merged.known },
      warnings: result.warnings,
    };
  } catch (error) {
    // Anything unexpected leaves the upload retryable rather than stuck in 'verifying'.
    if (!(error instanceof DomainError && error.code === 'file_rejected')) {
      await deps.uploads.transition(upload, 'verifying', 'pending').catch(() => undefined);
    }
    throw error;
  }
}

/** Staff: a patient's documents at their practice. */
export async function listPatientDocuments(deps: Deps, principal: Principal, patientId: string, page: { limit: number; cursor?: string }, ctx: RequestContext) {
  const staff = requireStaff(principal);
  const patient = await deps.directory.getPatient(staff.practiceId, patientId);
  if (!patient) throw new NotFoundError('No patient with this id at your practice.');
  const result = await deps.documents.listForPatients([patientId], page);
  const practice = await deps.directory.getPractice(staff.practiceId);
  await deps.audit.append({ actor: actorOf(principal), action: 'document.list', outcome: 'success', patientId, practiceId: staff.practiceId, requestId: ctx.requestId });
  return { items: result.items.map((d) => documentSummary(d, practice?.name ?? 'Unknown practice')), nextCursor: result.nextCursor };
}

async function downloadLink(deps: Deps, document: DocumentRecord): Promise<DownloadLink> {
  const filename = document.filename ?? `${document.documentId}`;
  const url = await deps.blobs.presignGet(document.objectKey, { filename, contentType: document.contentType, expiresInSeconds: GET_URL_SECONDS });
  return { url, filename, expiresAt: new Date(deps.clock.now().getTime() + GET_URL_SECONDS * 1000).toISOString() };
}

/** A patient downloads the original of one of their documents: a short-lived URL for exactly that object. */
export async function downloadMyDocument(deps: Deps, principal: Principal, documentId: string, ctx: RequestContext): Promise<DownloadLink> {
  const scope = await patientScope(deps, principal);
  const document = await deps.documents.getForPatients(scope.patientIds, documentId);
  if (!document) throw new NotFoundError('No document with this id in your records.');
  const link = await downloadLink(deps, document);
  await deps.audit.append({ actor: actorOf(principal), action: 'document.download', outcome: 'success', patientId: document.patientId, practiceId: document.practiceId, resource: { type: 'document', id: documentId }, requestId: ctx.requestId });
  return link;
}

/** Staff download a document of a patient of their practice. */
export async function downloadPatientDocument(deps: Deps, principal: Principal, patientId: string, documentId: string, ctx: RequestContext): Promise<DownloadLink> {
  const staff = requireStaff(principal);
  const patient = await deps.directory.getPatient(staff.practiceId, patientId);
  const document = patient ? await deps.documents.getForPatients([patientId], documentId) : undefined;
  if (!document || document.practiceId !== staff.practiceId) throw new NotFoundError('No document with this id for this patient at your practice.');
  const link = await downloadLink(deps, document);
  await deps.audit.append({ actor: actorOf(principal), action: 'document.download', outcome: 'success', patientId, practiceId: staff.practiceId, resource: { type: 'document', id: documentId }, requestId: ctx.requestId });
  return link;
}
