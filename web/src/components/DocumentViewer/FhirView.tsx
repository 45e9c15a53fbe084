import { useId, useMemo } from 'react';
import { formatFhirDate } from '../../record/present';
import { PresentedItemRow } from '../PresentedItemRow/PresentedItemRow';
import { groupFhirResources, readFhirResources, type FhirSection } from '../../viewer/fhir';
import { CannotShow } from './CannotShow';

function FhirSectionView({ section }: { section: FhirSection }) {
  const headingId = useId();
  return (
    <section className="viewer-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="viewer-section__title">
        {section.title} <span className="viewer-section__count">({section.total})</span>
      </h2>
      <ul className="record-list" aria-labelledby={headingId}>
        {section.items.map((item, i) => (
          <PresentedItemRow key={i} item={item} date={item.date} />
        ))}
      </ul>
      {section.total > section.items.length && (
        <p className="muted">
          Showing the first {section.items.length} of {section.total}. Download the file to see everything.
        </p>
      )}
    </section>
  );
}

/** A FHIR file (bundle, NDJSON or one resource), grouped into plain-language sections. */
export function FhirView({ text }: { text: string }) {
  const contents = useMemo(() => {
    try {
      return groupFhirResources(readFhirResources(text));
    } catch {
      return null;
    }
  }, [text]);
  const othersId = useId();
  if (!contents) return <CannotShow />;
  const empty = contents.patients.length === 0 && contents.sections.length === 0 && contents.others.length === 0;
  return (
    <div className="viewer viewer--fhir">
      {contents.patients.map((patient, i) => (
        <dl key={i} className="details viewer__header">
          <div>
            <dt>Patient</dt>
            <dd>{patient.name}</dd>
          </div>
          {patient.birthDate && (
            <div>
              <dt>Date of birth</dt>
              <dd>{formatFhirDate(patient.birthDate)}</dd>
            </div>
          )}
        </dl>
      ))}
      {empty && <p className="empty-state">This file holds no health information.</p>}
      {contents.sections.map((section) => (
        <FhirSectionView key={section.key} section={section} />
      ))}
      {contents.others.length > 0 && (
        <section className="viewer-section" aria-labelledby={othersId}>
          <h2 id={othersId} className="viewer-section__title">
            Other information
          </h2>
          <ul className="viewer-others">
            {contents.others.map((other) => (
              <li key={other.resourceType}>
                {other.resourceType}: {other.count}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
