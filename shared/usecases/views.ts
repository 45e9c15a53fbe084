import type { DocumentRecord } from '../domain/entities';
import type { DocumentSummary } from '../domain/schemas';

/** A document as the API shows it: no storage key, the practice named. */
export function documentSummary(d: DocumentRecord, practiceName: string): DocumentSummary {
  return {
    documentId: d.documentId,
    patientId: d.patientId,
    practiceId: d.practiceId,
    practiceName,
    title: d.title,
    kind: d.kind,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    date: d.date,
    author: d.author,
    createdAt: d.createdAt,
    ...(d.filename ? { filename: d.filename } : {}),
    ...(d.version ? { version: d.version } : {}),
    ...(d.supersedes ? { supersedes: d.supersedes } : {}),
    ...(d.amendedBy?.length ? { amendedBy: d.amendedBy } : {}),
  };
}
