import { Button } from '../Button/Button';

export interface LoadMoreProps {
  shown: number;
  noun: { one: string; many: string };
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing 25 patients" (announced politely when it changes) and a "Load more" button while there is more. */
export function LoadMore({ shown, noun, hasMore, loading, onLoadMore }: LoadMoreProps) {
  return (
    <div className="load-more">
      <p className="load-more__count" aria-live="polite">
        {`Showing ${shown} ${shown === 1 ? noun.one : noun.many}`}
      </p>
      {hasMore && (
        <Button variant="secondary" pending={loading} pendingLabel="Loading…" onClick={onLoadMore}>
          Load more {noun.many}
        </Button>
      )}
    </div>
  );
}
