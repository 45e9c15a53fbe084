import { Link, NavLink, useNavigate } from 'react-router';
import { useMe } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { PRODUCT_NAME } from '../../config';
import { formatRole } from '../../lib/format';
import { Button } from '../Button/Button';
import { Logo } from './Logo';

/**
 * Who is signed in, and "Sign out". A component of its own so that nothing observes the `me` query once signed
 * out: an observer would put an (empty) query back into the cache that sign-out has just cleared.
 */
function AccountSummary({ onSignOut }: { onSignOut: () => void }) {
  const me = useMe();
  return (
    <div className="account">
      {me.data && (
        <p className="account__who">
          <span className="visually-hidden">Signed in as </span>
          <span className="account__email">{me.data.email}</span>
          <span className="role-badge">{formatRole(me.data.role)}</span>
        </p>
      )}
      <Button variant="secondary" size="small" onClick={onSignOut}>
        Sign out
      </Button>
    </div>
  );
}

/** Staff and admins: the practice's pages beyond Home (rendered only while signed in, like AccountSummary). */
function StaffNavItems() {
  const me = useMe();
  if (me.data?.role !== 'staff' && me.data?.role !== 'admin') return null;
  return (
    <>
      <li>
        <NavLink to="/practice/corrections" className="site-nav__link">
          Corrections
        </NavLink>
      </li>
      {me.data.role === 'admin' && (
        <li>
          <NavLink to="/practice/audit" className="site-nav__link">
            Audit
          </NavLink>
        </li>
      )}
    </>
  );
}

/** Patients: their correction requests, sending a copy and who saw their records (rendered only while signed in, like AccountSummary). */
function PatientNavItems() {
  const me = useMe();
  if (me.data?.role !== 'patient') return null;
  return (
    <>
      <li>
        <NavLink to="/corrections" className="site-nav__link">
          Corrections
        </NavLink>
      </li>
      <li>
        <NavLink to="/send" className="site-nav__link">
          Send my records
        </NavLink>
      </li>
      <li>
        <NavLink to="/activity" className="site-nav__link">
          Activity
        </NavLink>
      </li>
    </>
  );
}

export function Header() {
  const { status, signOut } = useSession();
  const navigate = useNavigate();
  const signedIn = status === 'signed-in';
  // Wherever the person was (even a public page), signing out ends on the sign-in page with its notice.
  const onSignOut = () => {
    void signOut('user');
    void navigate('/sign-in', { replace: true });
  };
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand__name">{PRODUCT_NAME}</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul className="site-nav__list">
            {signedIn ? (
              <>
                <li>
                  <NavLink to="/" end className="site-nav__link">
                    Home
                  </NavLink>
                </li>
                <PatientNavItems />
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in" className="site-nav__link">
                    Sign in
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up" className="site-nav__link">
                    Create account
                  </NavLink>
                </li>
              </>
            )}
            {signedIn && <StaffNavItems />}
          </ul>
        </nav>
        {signedIn && <AccountSummary onSignOut={onSignOut} />}
      </div>
    </header>
  );
}
