import { CorrectionTargetInput, type CorrectionView, type DataClass, type DocumentSummary, type RecordItemView } from '../../domain';
import { isOpenCorrection } from '../CorrectionStatusBadge/CorrectionStatusBadge';

/** What a new request is about, as the API takes it. */
export type CorrectionTarget =
  | { kind: 'document'; documentId: string }
  | { kind: 'item'; practiceId: string; dataClass: DataClass; itemKey: string }
  | { kind: 'general'; practiceId: string };

export type ItemTarget = Extract<CorrectionTarget, { kind: 'item' }>;

/**
 * The "new request" page for a target. Only opaque ids go in the URL (never a title, a name or a value): URLs end
 * up in the browser's history and in server logs.
 */
export function newCorrectionPath(target?: CorrectionTarget | { kind: 'general'; practiceId?: string }): string {
  const search = new URLSearchParams();
  if (target?.kind === 'document') search.set('document', target.documentId);
  if (target?.kind === 'item') {
    search.set('practice', target.practiceId);
    search.set('class', target.dataClass);
    search.set('item', target.itemKey);
  }
  if (target?.kind === 'general' && target.practiceId) search.set('practice', target.practiceId);
  const text = search.toString();
  return `/corrections/new${text ? `?${text}` : ''}`;
}

export const correctionPath = (requestId: string) => `/corrections/${encodeURIComponent(requestId)}`;

/** What the page was asked about: a document, an item, a practice (general), nothing yet, or a link that makes no sense. */
export type ParsedTarget =
  | { kind: 'document'; target: Extract<CorrectionTarget, { kind: 'document' }> }
  | { kind: 'item'; target: ItemTarget }
  | { kind: 'general'; practiceId?: string }
  | { kind: 'invalid' };

/** Reads `?document=…` or `?practice=…&class=…&item=…` (or `?practice=…` alone) with the same schema the API uses. */
export function parseCorrectionTarget(search: URLSearchParams): ParsedTarget {
  const documentId = search.get('document');
  const practiceId = search.get('practice');
  const dataClass = search.get('class');
  const itemKey = search.get('item');
  if (documentId !== null) {
    const parsed = CorrectionTargetInput.safeParse({ kind: 'document', documentId });
    return parsed.success && parsed.data.kind === 'document' ? { kind: 'document', target: parsed.data } : { kind: 'invalid' };
  }
  if (dataClass !== null || itemKey !== null) {
    const parsed = CorrectionTargetInput.safeParse({ kind: 'item', practiceId, dataClass, itemKey });
    return parsed.success && parsed.data.kind === 'item' ? { kind: 'item', target: parsed.data } : { kind: 'invalid' };
  }
  if (practiceId !== null) {
    const parsed = CorrectionTargetInput.safeParse({ kind: 'general', practiceId });
    return parsed.success ? { kind: 'general', practiceId } : { kind: 'invalid' };
  }
  return { kind: 'general' };
}

export const itemTargetOf = (item: Pick<RecordItemView, 'practiceId' | 'dataClass' | 'itemKey'>): ItemTarget => ({
  kind: 'item',
  practiceId: item.practiceId,
  dataClass: item.dataClass,
  itemKey: item.itemKey,
});

/** Whether a request is about this record item (the request names the practice; its target the class and key). */
export function isAboutItem(c: CorrectionView, item: Pick<RecordItemView, 'practiceId' | 'dataClass' | 'itemKey'>): boolean {
  return c.target.kind === 'item' && c.practiceId === item.practiceId && c.target.dataClass === item.dataClass && c.target.itemKey === item.itemKey;
}

export function isAboutDocument(c: CorrectionView, doc: Pick<DocumentSummary, 'documentId'>): boolean {
  return c.target.kind === 'document' && c.target.documentId === doc.documentId;
}

/** The patient's open (not yet answered) requests about something. */
export const openRequestsAbout = (corrections: readonly CorrectionView[], about: (c: CorrectionView) => boolean) =>
  corrections.filter((c) => isOpenCorrection(c) && about(c));

/**
 * The patient's denied requests about something: the disputed amendments that 164.526(d)(4) keeps with the
 * information (the request, the written denial, and any statement of disagreement and rebuttal).
 */
export const deniedRequestsAbout = (corrections: readonly CorrectionView[], about: (c: CorrectionView) => boolean) =>
  corrections.filter((c) => c.status === 'denied' && about(c));
