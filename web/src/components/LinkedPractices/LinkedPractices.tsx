import type { AccountLink } from '../../domain';
import { formatDay } from '../../lib/format';

export function LinkedPractices({ links }: { links: readonly AccountLink[] }) {
  if (links.length === 0) {
    return <p className="empty-state">You aren't linked to a practice yet. Use the invitation code your practice gave you to link one.</p>;
  }
  return (
    <ul className="practice-list">
      {links.map((link) => (
        <li className="practice-list__item" key={`${link.practiceId}/${link.patientId}`}>
          <span className="practice-list__name">{link.practiceName}</span>
          <span className="practice-list__since">
            Linked since <time dateTime={link.linkedAt}>{formatDay(link.linkedAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}
