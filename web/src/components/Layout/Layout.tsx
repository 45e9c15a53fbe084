import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { Footer } from '../Footer/Footer';
import { Header } from '../Header/Header';
import { SkipLink } from '../SkipLink/SkipLink';

/** Moves focus to the new page's heading after a client-side navigation, as a full page load would reset it. */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const target = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }, [pathname]);
}

/** The page frame: skip link, header (with nav), main landmark, footer. */
export function Layout() {
  useFocusOnNavigation();
  return (
    <div className="app">
      <SkipLink />
      <Header />
      <main id="main" className="main container" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}
