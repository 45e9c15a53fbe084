import { DATA_CLASSES, type DataClass } from '../../domain';
import { formatCalendarDate } from '../../lib/format';
import { DATA_CLASS_LABELS } from '../../record/data-classes';

const CLASS_NAMES = new Set<string>(DATA_CLASSES);

/**
 * The API's one-line description of what was sent, in plain words: it names kinds of records by their ids
 * ("lab-results") and dates as YYYY-MM-DD. "lab-results, allergies (dated 2025-01-01 to 2025-12-31), as Readable PDF"
 * → "Lab results, allergies (dated Jan 1, 2025 to Dec 31, 2025), as Readable PDF".
 */
export function plainDescription(description: string): string {
  const cut = description.indexOf(', as ');
  const what = cut < 0 ? description : description.slice(0, cut);
  const rest = cut < 0 ? '' : description.slice(cut);
  const named = what.replace(/[a-z][a-z-]*[a-z]/g, (word) => (CLASS_NAMES.has(word) ? DATA_CLASS_LABELS[word as DataClass].noun.many : word));
  const dated = named.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatCalendarDate(day));
  return dated.charAt(0).toUpperCase() + dated.slice(1) + rest;
}
