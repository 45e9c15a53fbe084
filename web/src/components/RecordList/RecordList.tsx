import { useMyDocuments } from '../../api/hooks';
import type { RecordItemView } from '../../domain';
import { itemDate } from '../../record/filter';
import { presentResource } from '../../record/present';
import { PresentedItemRow } from '../PresentedItemRow/PresentedItemRow';

/** Titles of the patient's documents by id, from the pages loaded so far (items name the documents they came from). */
export function useDocumentTitles(): Map<string, string> {
  const documents = useMyDocuments();
  return new Map((documents.data?.pages ?? []).flatMap((page) => page.items).map((d) => [d.documentId, d.title]));
}

function RecordRow({ item, documentTitles }: { item: RecordItemView; documentTitles: Map<string, string> }) {
  const presented = presentResource(item.resource);
  const date = itemDate(item) ?? presented.date;
  const sources = item.sources.map((id) => documentTitles.get(id)).filter((t): t is string => t !== undefined);
  return (
    <PresentedItemRow item={presented} date={date}>
      <span className="record-item__practice">
        <span className="visually-hidden">From </span>
        {item.practiceName}
      </span>
      {sources.length > 0 && <span className="record-item__source">Source: {sources.join(', ')}</span>}
    </PresentedItemRow>
  );
}

/** Items of the record, each with its date, source practice and source document. */
export function RecordList({ items, label }: { items: readonly RecordItemView[]; label: string }) {
  const documentTitles = useDocumentTitles();
  return (
    <ul className="record-list" aria-label={label}>
      {items.map((item) => (
        <RecordRow key={`${item.practiceId}/${item.itemKey}`} item={item} documentTitles={documentTitles} />
      ))}
    </ul>
  );
}
