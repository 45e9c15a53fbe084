import { PRODUCT_NAME } from '../../config';

export function Footer() {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>Your records are private to you and your practices. On a shared computer, always sign out when you're done.</p>
        <p className="site-footer__name">{PRODUCT_NAME}</p>
      </div>
    </footer>
  );
}
