import { Link } from 'react-router';
import { usePageTitle } from '../../lib/use-page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="page-head">
      <h1>Page not found</h1>
      <p className="lead">There's no page at this address. Check it, or go back to your home page.</p>
      <p>
        <Link className="button button--primary" to="/">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
