import type { ReactNode } from 'react';
import { cx } from '../../lib/class-names';

/** A polite status message (role=status): sign-out reasons, confirmations. */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' }) {
  return (
    <div className={cx('notice', `notice--${tone}`)} role="status">
      {children}
    </div>
  );
}
