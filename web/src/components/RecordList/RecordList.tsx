import { Link } from 'react-router';
import { useMyDocuments } from '../../api/hooks';
import type { CorrectionView, RecordItemView } from '../../domain';
import { itemDate } from '../../record/filter';
import { formatFhirDate, presentResource } from '../../record/present';
import { deniedRequestsAbout, isAboutItem, itemTargetOf, newCorrectionPath, openRequestsAbout } from '../CorrectionLinks/correction-links';
import { CorrectionMarks } from '../CorrectionMarks/CorrectionMarks';
import { useLoadedCorrections } from '../CorrectionMarks/correction-queries';
import { PresentedItemRow } from '../PresentedItemRow/PresentedItemRow';

/** Titles of the patient's documents by id, from the pages loaded so far (items name the documents they came from). */
export function useDocumentTitles(): Map<string, string> {
  const documents = useMyDocuments();
  return new Map((documents.data?.pages ?? []).flatMap((page) => page.items).map((d) => [d.documentId, d.title]));
}

function RecordRow({ item, documentTitles, corrections }: { item: RecordItemView; documentTitles: Map<string, string>; corrections: readonly CorrectionView[] }) {
  const presented = presentResource(item.resource);
  const date = itemDate(item) ?? presented.date;
  const sources = item.sources.map((id) => documentTitles.get(id)).filter((t): t is string => t !== undefined);
  const about = (c: CorrectionView) => isAboutItem(c, item);
  const open = openRequestsAbout(corrections, about);
  const denied = deniedRequestsAbout(corrections, about);
  return (
    <PresentedItemRow item={presented} date={date} note={<CorrectionMarks amendedBy={item.amendedBy} open={open} denied={denied} />}>
      <span className="record-item__practice">
        <span className="visually-hidden">From </span>
        {item.practiceName}
      </span>
      {sources.length > 0 && <span className="record-item__source">Source: {sources.join(', ')}</span>}
      <Link className="record-item__action" to={newCorrectionPath(itemTargetOf(item))} state={{ item }}>
        Request a correction{' '}
        <span className="visually-hidden">
          to {presented.title}
          {date ? `, ${formatFhirDate(date)}` : ''}
        </span>
      </Link>
    </PresentedItemRow>
  );
}

/** Items of the record, each with its date, source practice and source document. */
export function RecordList({ items, label }: { items: readonly RecordItemView[]; label: string }) {
  const documentTitles = useDocumentTitles();
  const { corrections } = useLoadedCorrections();
  return (
    <ul className="record-list" aria-label={label}>
      {items.map((item) => (
        <RecordRow key={`${item.practiceId}/${item.itemKey}`} item={item} documentTitles={documentTitles} corrections={corrections} />
      ))}
    </ul>
  );
}
