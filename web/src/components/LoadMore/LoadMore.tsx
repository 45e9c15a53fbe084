import { Button } from '../Button/Button';

export interface LoadMoreProps {
  shown: number;
  /** When a filter hides some of what was loaded: "Showing 3 of 25 lab results loaded". */
  loaded?: number;
  noun: { one: string; many: string };
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing 25 patients" (announced politely when it changes) and a "Load more" button while there is more. */
export function LoadMore({ shown, loaded, noun, hasMore, loading, onLoadMore }: LoadMoreProps) {
  return (
    <div className="load-more">
      <p className="load-more__count" aria-live="polite">
        {loaded !== undefined && loaded !== shown
          ? `Showing ${shown} of ${loaded} ${loaded === 1 ? noun.one : noun.many} loaded`
          : `Showing ${shown} ${shown === 1 ? noun.one : noun.many}`}
      </p>
      {hasMore && (
        <Button variant="secondary" pending={loading} pendingLabel="Loading…" onClick={onLoadMore}>
          Load more {noun.many}
        </Button>
      )}
    </div>
  );
}
