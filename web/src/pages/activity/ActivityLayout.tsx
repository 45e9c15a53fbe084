import { NavLink, Outlet } from 'react-router';

/** /activity/*: who saw the patient's records, and the accounting of disclosures (the route checks session and role). */
export function ActivityLayout() {
  return (
    <>
      <div className="page-head">
        <h1>Who saw your records</h1>
        <p className="lead">Everyone who looked at, downloaded, changed or sent your records, and every sign-in to your account.</p>
      </div>
      <nav className="queue-tabs" aria-label="Who saw your records">
        <ul className="queue-tabs__list">
          <li>
            <NavLink className="queue-tabs__link" to="/activity" end>
              History
            </NavLink>
          </li>
          <li>
            <NavLink className="queue-tabs__link" to="/activity/disclosures">
              Accounting of disclosures
            </NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
