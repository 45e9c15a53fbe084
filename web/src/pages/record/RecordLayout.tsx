import { Outlet } from 'react-router';
import { RecordNav } from '../../components/RecordNav/RecordNav';

/** "Your record": its sub-navigation beside the page (above it on narrow screens). */
export function RecordLayout() {
  return (
    <div className="record-layout">
      <RecordNav />
      <div className="record-layout__page">
        <Outlet />
      </div>
    </div>
  );
}
