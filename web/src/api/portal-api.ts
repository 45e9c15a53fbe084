import type {
  AcceptCorrectionInput,
  AccountLink,
  CompleteUploadInput,
  CorrectionQueueQuery,
  CorrectionView,
  CreateCorrectionInput,
  CreateTransmissionInput,
  TransmissionView,
  DenyCorrectionInput,
  CreatedExport,
  CreatedUpload,
  CreateExportInput,
  CreateUploadInput,
  DataClass,
  DocumentSummary,
  DownloadLink,
  IssuedInvitation,
  LinkPracticeInput,
  Me,
  Page,
  PracticePatient,
  RecordItemView,
  RegisteredPatient,
  RegisterPatientInput,
} from '../domain';
import type { z } from 'zod';
import { authorizedRequest } from './client';
import { queryString } from './http';
import type { ActivityEventView, ActivityKind, ActivityVerification, Disclosures, PracticeAuditRow, StoredFileLink } from '../domain';

/** The patient's activity history: a date range (YYYY-MM-DD) and one kind of activity. */
export interface ActivityFilter {
  from?: string;
  to?: string;
  kind?: ActivityKind;
}

/** The practice's audit report: a range (YYYY-MM-DD or a UTC time), who, which patient, what, how it ended, which way. */
export interface PracticeAuditFilter {
  from?: string;
  to?: string;
  actorId?: string;
  patientId?: string;
  /** An action name or a prefix such as "document.". */
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
  order: 'asc' | 'desc';
}

/** A file the server has just built: a 5-minute link that downloads it (Content-Disposition: attachment). */
export type StoredFile = z.infer<typeof StoredFileLink>;

/** What completing an upload answers: the new document, and anything worth telling the uploader. */
export interface CompletedUpload {
  document: DocumentSummary;
  warnings: string[];
}

export interface PageParams {
  limit: number;
  cursor?: string | undefined;
}

/** The patient's lists: one linked practice, and clinical dates within [from, to] (YYYY-MM-DD). */
export interface ListFilter {
  practiceId?: string;
  from?: string;
  to?: string;
}

/** The protected endpoints, typed with the shared response types. */
export const portalApi = {
  getMe: (signal?: AbortSignal) => authorizedRequest<Me>('/api/me', { signal }),
  linkPractice: (input: LinkPracticeInput) => authorizedRequest<AccountLink>('/api/me/links', { method: 'POST', body: input }),
  listMyDocuments: (page: PageParams, filter: ListFilter = {}, signal?: AbortSignal) =>
    authorizedRequest<Page<DocumentSummary>>(`/api/me/documents${queryString({ ...filter, limit: page.limit, cursor: page.cursor })}`, { signal }),
  listPracticePatients: (page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<PracticePatient>>(`/api/practice/patients${queryString({ limit: page.limit, cursor: page.cursor })}`, {
      signal,
    }),
  registerPatient: (input: RegisterPatientInput) =>
    authorizedRequest<RegisteredPatient>('/api/practice/patients', { method: 'POST', body: input }),
  getPracticePatient: (patientId: string, signal?: AbortSignal) =>
    authorizedRequest<PracticePatient>(`/api/practice/patients/${encodeURIComponent(patientId)}`, { signal }),
  issueInvitation: (patientId: string) =>
    authorizedRequest<IssuedInvitation>(`/api/practice/patients/${encodeURIComponent(patientId)}/invitation`, { method: 'POST' }),
  listPatientDocuments: (patientId: string, page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<DocumentSummary>>(
      `/api/practice/patients/${encodeURIComponent(patientId)}/documents${queryString({ limit: page.limit, cursor: page.cursor })}`,
      { signal },
    ),
  /** Step 1 of an upload: declares the file and returns where (and with which headers) to PUT its bytes. */
  createUpload: (patientId: string, input: CreateUploadInput) =>
    authorizedRequest<CreatedUpload>(`/api/practice/patients/${encodeURIComponent(patientId)}/uploads`, { method: 'POST', body: input }),
  /**
   * Step 3: the server checks what was PUT and turns it into a document, or refuses it (422 file_rejected).
   * A file sent in parts names each part and its ETag, so that storage can assemble them first.
   */
  completeUpload: (uploadId: string, parts?: CompleteUploadInput['parts']) =>
    authorizedRequest<CompletedUpload>(`/api/practice/uploads/${encodeURIComponent(uploadId)}/complete`, {
      method: 'POST',
      ...(parts ? { body: { parts } satisfies CompleteUploadInput } : {}),
    }),
  downloadPatientDocument: (patientId: string, documentId: string) =>
    authorizedRequest<DownloadLink>(
      `/api/practice/patients/${encodeURIComponent(patientId)}/documents/${encodeURIComponent(documentId)}/download`,
    ),
  /** One USCDI data class of the patient's record, newest first across all linked practices. */
  listMyRecord: (dataClass: DataClass, page: PageParams, filter: ListFilter = {}, signal?: AbortSignal) =>
    authorizedRequest<Page<RecordItemView>>(
      `/api/me/record/${encodeURIComponent(dataClass)}${queryString({ ...filter, limit: page.limit, cursor: page.cursor })}`,
      { signal },
    ),
  downloadMyDocument: (documentId: string) => authorizedRequest<DownloadLink>(`/api/me/documents/${encodeURIComponent(documentId)}/download`),
  /** Builds a file of the patient's whole record (or of a date range) and answers a short-lived link to it. */
  createExport: (input: CreateExportInput) => authorizedRequest<CreatedExport>('/api/me/exports', { method: 'POST', body: input }),

  // ---- corrections: the patient ----
  createCorrection: (input: z.input<typeof CreateCorrectionInput>) => authorizedRequest<CorrectionView>('/api/me/corrections', { method: 'POST', body: input }),
  listMyCorrections: (page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<CorrectionView>>(`/api/me/corrections${queryString({ limit: page.limit, cursor: page.cursor })}`, { signal }),
  getMyCorrection: (requestId: string, signal?: AbortSignal) => authorizedRequest<CorrectionView>(`/api/me/corrections/${encodeURIComponent(requestId)}`, { signal }),
  withdrawCorrection: (requestId: string) => authorizedRequest<CorrectionView>(`/api/me/corrections/${encodeURIComponent(requestId)}/withdraw`, { method: 'POST' }),
  fileDisagreement: (requestId: string, statement: string) =>
    authorizedRequest<CorrectionView>(`/api/me/corrections/${encodeURIComponent(requestId)}/disagreement`, { method: 'POST', body: { statement } }),

  // ---- corrections: the practice ----
  listCorrectionQueue: (status: CorrectionQueueQuery['status'], page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<CorrectionView>>(`/api/practice/corrections${queryString({ status, limit: page.limit, cursor: page.cursor })}`, { signal }),
  getPracticeCorrection: (patientId: string, requestId: string, signal?: AbortSignal) =>
    authorizedRequest<CorrectionView>(correctionPath(patientId, requestId), { signal }),
  extendCorrection: (patientId: string, requestId: string, reason: string) =>
    authorizedRequest<CorrectionView>(`${correctionPath(patientId, requestId)}/extend`, { method: 'POST', body: { reason } }),
  acceptCorrection: (patientId: string, requestId: string, input: z.input<typeof AcceptCorrectionInput>) =>
    authorizedRequest<CorrectionView>(`${correctionPath(patientId, requestId)}/accept`, { method: 'POST', body: input }),
  denyCorrection: (patientId: string, requestId: string, input: z.input<typeof DenyCorrectionInput>) =>
    authorizedRequest<CorrectionView>(`${correctionPath(patientId, requestId)}/deny`, { method: 'POST', body: input }),
  rebutDisagreement: (patientId: string, requestId: string, text: string) =>
    authorizedRequest<CorrectionView>(`${correctionPath(patientId, requestId)}/rebuttal`, { method: 'POST', body: { text } }),

  // ---- transmissions: the patient sends a copy; the practice sees its patients' directives ----
  createTransmission: (input: z.input<typeof CreateTransmissionInput>) => authorizedRequest<TransmissionView>('/api/me/transmissions', { method: 'POST', body: input }),
  listMyTransmissions: (page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<TransmissionView>>(`/api/me/transmissions${queryString({ limit: page.limit, cursor: page.cursor })}`, { signal }),
  getMyTransmission: (transmissionId: string, signal?: AbortSignal) =>
    authorizedRequest<TransmissionView>(`/api/me/transmissions/${encodeURIComponent(transmissionId)}`, { signal }),
  revokeTransmission: (transmissionId: string) =>
    authorizedRequest<TransmissionView>(`/api/me/transmissions/${encodeURIComponent(transmissionId)}/revoke`, { method: 'POST' }),
  listPatientTransmissions: (patientId: string, page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<TransmissionView>>(`/api/practice/patients/${encodeURIComponent(patientId)}/transmissions${queryString({ limit: page.limit, cursor: page.cursor })}`, { signal }),

  // ---- activity: who saw the patient's records, the accounting of disclosures, the practice's audit report ----
  /** Newest first. With a kind, a page may hold fewer items than the limit (even none) and still have a next one. */
  listMyActivity: (page: PageParams, filter: ActivityFilter = {}, signal?: AbortSignal) =>
    authorizedRequest<Page<ActivityEventView>>(`/api/me/activity${queryString({ ...filter, limit: page.limit, cursor: page.cursor })}`, { signal }),
  /** Recomputes each of the patient's chains and compares it with the latest published digest. */
  verifyMyActivity: () => authorizedRequest<z.infer<typeof ActivityVerification>>('/api/me/activity/verify'),
  exportMyActivity: () => authorizedRequest<StoredFile>('/api/me/activity/export', { method: 'POST' }),
  listMyDisclosures: (signal?: AbortSignal) => authorizedRequest<z.infer<typeof Disclosures>>('/api/me/disclosures', { signal }),
  exportMyDisclosures: (format: 'csv' | 'pdf') => authorizedRequest<StoredFile>('/api/me/disclosures/export', { method: 'POST', body: { format } }),
  /** Admins. With filters, a page may hold fewer items than the limit (even none) and still have a next one. */
  practiceAuditReport: (page: PageParams, filter: PracticeAuditFilter, signal?: AbortSignal) =>
    authorizedRequest<Page<PracticeAuditRow>>(`/api/practice/audit${queryString({ ...filter, limit: page.limit, cursor: page.cursor })}`, { signal }),
  exportPracticeAudit: (filter: PracticeAuditFilter) => authorizedRequest<StoredFile>('/api/practice/audit/export', { method: 'POST', body: filter }),
};

function correctionPath(patientId: string, requestId: string): string {
  return `/api/practice/patients/${encodeURIComponent(patientId)}/corrections/${encodeURIComponent(requestId)}`;
}
