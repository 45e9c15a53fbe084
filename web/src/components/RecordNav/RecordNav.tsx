import { useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router';
import { DATA_CLASS_LABELS, RECORD_CLASSES } from '../../record/data-classes';

/** The record's own navigation: summary, timeline and a page per data class (NavLink marks the current one). */
export function RecordNav() {
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // On narrow screens the links scroll sideways: bring the current one into view.
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>('[aria-current="page"]');
    if (current && typeof current.scrollIntoView === 'function') current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <nav ref={nav} className="record-nav" aria-label="Your record">
      <ul className="record-nav__list">
        <li>
          <NavLink to="/record" end className="record-nav__link">
            Summary
          </NavLink>
        </li>
        <li>
          <NavLink to="/record/timeline" className="record-nav__link">
            Timeline
          </NavLink>
        </li>
        {RECORD_CLASSES.map((dataClass) => (
          <li key={dataClass}>
            <NavLink to={`/record/${dataClass}`} className="record-nav__link">
              {DATA_CLASS_LABELS[dataClass].title}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
