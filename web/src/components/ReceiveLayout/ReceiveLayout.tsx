import { Outlet } from 'react-router';
import { PRODUCT_NAME } from '../../config';
import { Logo } from '../Header/Logo';
import { SkipLink } from '../SkipLink/SkipLink';

/**
 * The frame of the recipient's pages. The person who opens a link a patient sent has no account here, so the
 * portal's navigation (sign in, create an account) and its signed-in footer would only mislead them.
 */
export function ReceiveLayout() {
  return (
    <div className="app">
      <SkipLink />
      <header className="site-header">
        <div className="container site-header__inner">
          <p className="brand receive-brand">
            <Logo />
            <span className="brand__name">{PRODUCT_NAME}</span>
          </p>
          <p className="receive-brand__tag">Secure delivery of health records</p>
        </div>
      </header>
      <main id="main" className="main container" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>Health records reach this page only at the request of the person they are about. Keep them safe, and on a shared computer close this tab when you are done.</p>
          <p className="site-footer__name">{PRODUCT_NAME}</p>
        </div>
      </footer>
    </div>
  );
}
