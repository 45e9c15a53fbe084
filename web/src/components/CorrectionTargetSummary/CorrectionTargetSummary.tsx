import { Link } from 'react-router';
import { useMyDocument } from '../../api/hooks';
import type { DocumentSummary, RecordItemView } from '../../domain';
import { formatCalendarDate, formatDocumentKind } from '../../lib/format';
import { DATA_CLASS_LABELS } from '../../record/data-classes';
import { itemDate } from '../../record/filter';
import { presentResource } from '../../record/present';
import type { CorrectionTarget, ItemTarget } from '../CorrectionLinks/correction-links';
import { useMyRecordItem } from '../CorrectionMarks/correction-queries';
import { LoadingState } from '../LoadingState/LoadingState';
import { PresentedItemRow } from '../PresentedItemRow/PresentedItemRow';
import { QueryError } from '../QueryError/QueryError';

function ItemSummary({ target, handedOver }: { target: ItemTarget; handedOver?: RecordItemView | undefined }) {
  const item = useMyRecordItem(target, handedOver);
  const classLabel = DATA_CLASS_LABELS[target.dataClass];
  if (item.isPending) return <LoadingState label={`Loading the ${classLabel.noun.one}…`} />;
  if (item.isError) {
    return (
      <QueryError
        error={item.error}
        title={`We couldn't show this ${classLabel.noun.one}`}
        onRetry={() => void item.refetch()}
      />
    );
  }
  const presented = presentResource(item.data.resource);
  return (
    <ul className="record-list correction-target__item" aria-label={`The ${classLabel.noun.one} your request is about`}>
      <PresentedItemRow item={presented} date={itemDate(item.data) ?? presented.date}>
        <span className="record-item__practice">
          <span className="visually-hidden">From </span>
          {item.data.practiceName}
        </span>
        <span className="record-item__source">{classLabel.title}</span>
      </PresentedItemRow>
    </ul>
  );
}

function DocumentSummaryView({ documentId, handedOver }: { documentId: string; handedOver?: DocumentSummary | undefined }) {
  const doc = useMyDocument(documentId, handedOver);
  if (doc.isPending) return <LoadingState label="Loading the document…" />;
  if (doc.isError) return <QueryError error={doc.error} title="We couldn't show this document" onRetry={() => void doc.refetch()} />;
  return (
    <dl className="details correction-target__document">
      <div>
        <dt>Document</dt>
        <dd>
          <Link to={`/documents/${encodeURIComponent(doc.data.documentId)}`} state={{ document: doc.data }}>
            {doc.data.title}
          </Link>
        </dd>
      </div>
      <div>
        <dt>Practice</dt>
        <dd>{doc.data.practiceName}</dd>
      </div>
      <div>
        <dt>Date</dt>
        <dd>
          <time dateTime={doc.data.date}>{formatCalendarDate(doc.data.date)}</time>
        </dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{formatDocumentKind(doc.data.kind)}</dd>
      </div>
    </dl>
  );
}

/** What a new request is about, as the patient sees it in their record: the item's row, or the document's details. */
export function CorrectionTargetSummary({
  target,
  handedOverItem,
  handedOverDocument,
}: {
  target: Exclude<CorrectionTarget, { kind: 'general' }>;
  handedOverItem?: RecordItemView | undefined;
  handedOverDocument?: DocumentSummary | undefined;
}) {
  return target.kind === 'item' ? (
    <ItemSummary target={target} handedOver={handedOverItem} />
  ) : (
    <DocumentSummaryView documentId={target.documentId} handedOver={handedOverDocument} />
  );
}
