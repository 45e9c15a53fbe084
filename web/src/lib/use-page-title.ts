import { useLayoutEffect } from 'react';
import { PRODUCT_NAME } from '../config';

/**
 * Each route names itself in the tab's title, which is also what screen readers announce on navigation.
 * Titles never contain PHI: they end up in the browser's history on the device. A layout effect, so that the title
 * changes in the same commit as the page (a passive effect could leave the previous page's title up for a moment).
 */
export function usePageTitle(title: string | null): void {
  useLayoutEffect(() => {
    // null: a child page sets the title (children's effects run first; the parent must not overwrite it).
    if (title === null) return;
    document.title = title ? `${title} – ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
