import { useMemo } from 'react';
import { parseCcda, renderNarrative, type CcdaSection } from '../../viewer/ccda';
import { formatFhirDate } from '../../record/present';
import { CannotShow } from './CannotShow';

const HEADINGS = ['h2', 'h3', 'h4', 'h5', 'h6'] as const;

function SectionView({ section, level }: { section: CcdaSection; level: number }) {
  const Heading = HEADINGS[Math.min(level, HEADINGS.length - 1)]!;
  const narrative = section.text ? renderNarrative(section.text) : [];
  return (
    <section className="narrative-section">
      <Heading className="narrative-section__title">{section.title}</Heading>
      {narrative.length > 0 ? <div className="narrative">{narrative}</div> : section.sections.length === 0 && <p className="muted">No readable text in this section.</p>}
      {section.sections.map((inner, i) => (
        <SectionView key={i} section={inner} level={level + 1} />
      ))}
    </section>
  );
}

/** A C-CDA, readable: its header, then every section's narrative. */
export function CcdaView({ text }: { text: string }) {
  const parsed = useMemo(() => {
    try {
      return parseCcda(text);
    } catch {
      return null;
    }
  }, [text]);
  if (!parsed) return <CannotShow />;
  return (
    <div className="viewer viewer--ccda">
      <dl className="details viewer__header">
        {parsed.title && (
          <div>
            <dt>Document</dt>
            <dd>{parsed.title}</dd>
          </div>
        )}
        {parsed.date && (
          <div>
            <dt>Date</dt>
            <dd>{formatFhirDate(parsed.date)}</dd>
          </div>
        )}
        {parsed.author && (
          <div>
            <dt>Author</dt>
            <dd>{parsed.author}</dd>
          </div>
        )}
        {parsed.patient && (
          <div>
            <dt>Patient</dt>
            <dd>{parsed.patient}</dd>
          </div>
        )}
      </dl>
      {parsed.sections.length === 0 && <p className="empty-state">This document has no readable sections.</p>}
      {parsed.sections.map((section, i) => (
        <SectionView key={i} section={section} level={0} />
      ))}
      {parsed.truncated && <p className="muted">This document is long: only its first sections are shown here. Download it to see everything.</p>}
    </div>
  );
}
