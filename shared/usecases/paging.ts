import type { Page } from '../domain/schemas';
import type { PageRequest } from '../ports/directory';

/** The page size for reads whose whole result is needed at once (an export, a package, a list of recipients). */
const READ_ALL_PAGE = 100;

/** Every item of a paged list, following its cursors. */
export async function readAll<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: READ_ALL_PAGE, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
