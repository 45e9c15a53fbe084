import type { RecordItemView } from '../domain';
import { presentResource } from './present';

export interface RecordFilter {
  /** '' for every practice. */
  practiceId: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
}

export const NO_FILTER: RecordFilter = { practiceId: '', from: '', to: '' };

/** The item's clinical date: the server's, else the one in the resource. */
export function itemDate(item: RecordItemView): string | undefined {
  return item.date ?? presentResource(item.resource).date;
}

/**
 * Keeps the items of one practice and within a date range (both ends included, compared by calendar day).
 * With a date range, items without a date are left out: nothing says they fall inside it.
 */
export function filterItems(items: readonly RecordItemView[], filter: RecordFilter): RecordItemView[] {
  return items.filter((item) => {
    if (filter.practiceId && item.practiceId !== filter.practiceId) return false;
    if (!filter.from && !filter.to) return true;
    const day = itemDate(item)?.slice(0, 10);
    if (!day) return false;
    // A year or month alone ("2024", "2024-03") compares by its first day.
    if (filter.from && day < filter.from.slice(0, day.length)) return false;
    if (filter.to && day > filter.to.slice(0, day.length)) return false;
    return true;
  });
}

export function isFiltered(filter: RecordFilter): boolean {
  return filter.practiceId !== '' || filter.from !== '' || filter.to !== '';
}
